package io.pcapflow.trace;

/** Little-endian stores into byte arrays, for the writers' headers. */
final class LittleEndian {
    private LittleEndian() {
    }

    static void i16(final byte[] b, final int i, final int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    static void i32(final byte[] b, final int i, final int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
