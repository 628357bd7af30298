package io.pcapflow.capture.pcapng;

import io.pcapflow.bytes.Bytes;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Iterates the options of one block without allocating: {@code reset}, then {@code next()} until
 * it returns false; {@link #malformed()} tells whether the list ended on an option that overran
 * the block rather than on {@code opt_endofopt} or the block's end.
 */
final class OptionWalker {
    private Bytes bytes;
    private ByteOrder order;
    private int cursor;
    private int end;
    private int code;
    private int length;
    private int valueIndex;
    private boolean malformed;

    boolean reset(final Bytes bytes, final int start, final int end, final ByteOrder order) {
        this.bytes = bytes;
        this.order = order;
        this.cursor = start;
        this.end = end;
        this.malformed = start > end;
        return !malformed;
    }

    boolean next() {
        if (malformed || cursor + 4 > end) {
            return false;
        }
        code = bytes.u16(cursor, order);
        length = bytes.u16(cursor + 2, order);
        if (code == PcapngDescriptor.OPT_END) {
            return false;
        }
        valueIndex = cursor + 4;
        final int next = valueIndex + ((length + 3) & ~3);
        if (valueIndex + length > end) {
            malformed = true;
            return false;
        }
        cursor = next;
        return true;
    }

    int code() {
        return code;
    }

    int length() {
        return length;
    }

    int valueIndex() {
        return valueIndex;
    }

    boolean malformed() {
        return malformed;
    }

    String string() {
        int n = length;
        // strings may be NUL-terminated by some writers
        while (n > 0 && bytes.u8(valueIndex + n - 1) == 0) {
            n--;
        }
        return new String(bytes.copy(valueIndex, n), StandardCharsets.UTF_8);
    }
}
