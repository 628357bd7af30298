package io.pcapflow.testkit.packet;

/** Internet checksum (RFC 1071) helpers. */
public final class Checksums {
    private Checksums() {
    }

    /**
     * Adds the bytes as big-endian 16-bit words to a running 32-bit sum (odd length padded with zero).
     *
     * @param sum running sum
     * @param data bytes
     * @param offset first byte
     * @param length number of bytes
     * @return the new unfolded sum
     */
    public static long add(long sum, byte[] data, int offset, int length) {
        long s = sum;
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            s += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if (i < end) {
            s += (data[i] & 0xFF) << 8;
        }
        return s;
    }

    /**
     * Folds a running sum into 16 bits (one's complement addition of the carries).
     *
     * @param sum running sum
     * @return the folded 16-bit sum, not complemented
     */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /**
     * Computes the Internet checksum of a byte range.
     *
     * @param data bytes
     * @param offset first byte
     * @param length number of bytes
     * @return the complemented 16-bit checksum
     */
    public static int internet(byte[] data, int offset, int length) {
        return ~fold(add(0, data, offset, length)) & 0xFFFF;
    }

    /**
     * Computes the Internet checksum of a byte range with an initial (pseudo-header) sum.
     *
     * @param initial initial sum, e.g. a pseudo-header sum
     * @param data bytes
     * @param offset first byte
     * @param length number of bytes
     * @return the complemented 16-bit checksum
     */
    public static int internet(long initial, byte[] data, int offset, int length) {
        return ~fold(add(initial, data, offset, length)) & 0xFFFF;
    }
}
