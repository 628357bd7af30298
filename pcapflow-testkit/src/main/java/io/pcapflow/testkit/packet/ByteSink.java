package io.pcapflow.testkit.packet;

import java.util.Arrays;

/** Growable big-endian byte writer used by the builders. */
final class ByteSink {
    private byte[] data = new byte[64];
    private int size;

    ByteSink u8(int v) {
        ensure(1);
        data[size++] = (byte) v;
        return this;
    }

    ByteSink u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    ByteSink u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    ByteSink bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, data, size, b.length);
        size += b.length;
        return this;
    }

    ByteSink zeros(int n) {
        ensure(n);
        size += n;
        return this;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    private void ensure(int n) {
        if (size + n > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + n));
        }
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
