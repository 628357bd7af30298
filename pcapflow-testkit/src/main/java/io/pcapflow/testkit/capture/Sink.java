package io.pcapflow.testkit.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable byte buffer in a chosen byte order, plus the destination stream. */
final class Sink {
    private ByteBuffer buf;

    Sink(ByteOrder order) {
        buf = ByteBuffer.allocate(256).order(order);
    }

    private void ensure(int n) {
        if (buf.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
                .order(buf.order());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    Sink u8(int v) {
        ensure(1);
        buf.put((byte) v);
        return this;
    }

    Sink u16(int v) {
        ensure(2);
        buf.putShort((short) v);
        return this;
    }

    Sink u32(long v) {
        ensure(4);
        buf.putInt((int) v);
        return this;
    }

    Sink u64(long v) {
        ensure(8);
        buf.putLong(v);
        return this;
    }

    Sink bytes(byte[] b) {
        ensure(b.length);
        buf.put(b);
        return this;
    }

    Sink pad4() {
        while (buf.position() % 4 != 0) {
            u8(0);
        }
        return this;
    }

    Sink option(int code, byte[] value) {
        return u16(code).u16(value.length).bytes(value).pad4();
    }

    int size() {
        return buf.position();
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static OutputStream orMemory(OutputStream out) {
        return out != null ? out : new ByteArrayOutputStream();
    }

    static void write(OutputStream out, byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] memory(OutputStream out) {
        if (!(out instanceof ByteArrayOutputStream)) {
            throw new IllegalStateException("writer was not created in memory");
        }
        return ((ByteArrayOutputStream) out).toByteArray();
    }
}
