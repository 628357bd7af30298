package io.pcapflow.export;

/**
 * Time formatting for outputs: epoch nanoseconds to ISO-8601 UTC or epoch seconds, with as many
 * fraction digits as the capture's resolution, appended without allocation.
 */
public final class Times {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Times() {
    }

    /**
     * Appends {@code 2018-09-26T15:51:02.883718Z}.
     *
     * @param sb     target
     * @param nanos  epoch nanoseconds
     * @param digits fraction digits, 0..9
     */
    public static void appendIso(final StringBuilder sb, final long nanos, final int digits) {
        final long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        final long frac = Math.floorMod(nanos, NANOS_PER_SECOND);
        final long days = Math.floorDiv(seconds, 86_400L);
        final long secOfDay = Math.floorMod(seconds, 86_400L);
        // civil-from-days (H. Hinnant), proleptic Gregorian, valid for any long day count we meet
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long day = doy - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        pad(sb, year, 4);
        sb.append('-');
        pad(sb, month, 2);
        sb.append('-');
        pad(sb, day, 2);
        sb.append('T');
        pad(sb, secOfDay / 3600, 2);
        sb.append(':');
        pad(sb, secOfDay / 60 % 60, 2);
        sb.append(':');
        pad(sb, secOfDay % 60, 2);
        appendFraction(sb, frac, digits);
        sb.append('Z');
    }

    /**
     * Appends epoch seconds with a fraction, e.g. {@code 1537977062.883718124}.
     *
     * @param sb     target
     * @param nanos  epoch nanoseconds
     * @param digits fraction digits, 0..9
     */
    public static void appendEpoch(final StringBuilder sb, final long nanos, final int digits) {
        sb.append(Math.floorDiv(nanos, NANOS_PER_SECOND));
        appendFraction(sb, Math.floorMod(nanos, NANOS_PER_SECOND), digits);
    }

    /**
     * Appends a signed duration in seconds with a fraction.
     *
     * @param sb     target
     * @param nanos  duration in nanoseconds
     * @param digits fraction digits, 0..9
     */
    public static void appendSeconds(final StringBuilder sb, final long nanos, final int digits) {
        if (nanos < 0) {
            sb.append('-');
        }
        final long abs = Math.abs(nanos);
        sb.append(abs / NANOS_PER_SECOND);
        appendFraction(sb, abs % NANOS_PER_SECOND, digits);
    }

    private static void appendFraction(final StringBuilder sb, final long frac, final int digits) {
        if (digits <= 0) {
            return;
        }
        sb.append('.');
        // the leading digits as one number, zero-padded, rather than one digit at a time (two
        // divisions by a changing power of ten per digit were the cost of every time column)
        final int n = Math.min(digits, 9);
        long v = frac;
        for (int i = 9; i > n; i--) {
            v /= 10;
        }
        pad(sb, v, n);
    }

    private static void pad(final StringBuilder sb, final long value, final int width) {
        long limit = 1;
        for (int i = 1; i < width; i++) {
            limit *= 10;
        }
        for (long l = limit; l > 1 && value < l; l /= 10) {
            sb.append('0');
        }
        sb.append(value);
    }

    /**
     * @param nanos  epoch nanoseconds
     * @param digits fraction digits, 0..9
     * @return the ISO-8601 UTC text
     */
    public static String iso(final long nanos, final int digits) {
        final StringBuilder sb = new StringBuilder(32);
        appendIso(sb, nanos, digits);
        return sb.toString();
    }
}
