package io.pcapflow.trace;

/**
 * File names built from untrusted text (addresses, interface names): only {@code [A-Za-z0-9._-]}
 * reach the file system, every other character becomes {@code _} (so IPv6 colons do too), and a
 * checked name is a single non-hidden path component of bounded length.
 */
public final class SafeNames {
    /** Longest name accepted, well under the 255 bytes common file systems allow. */
    public static final int MAX_LENGTH = 200;

    private SafeNames() {
    }

    /**
     * Appends text with every character outside {@code [A-Za-z0-9.-]} replaced by {@code _}.
     *
     * @param sb   destination
     * @param text untrusted text
     * @return {@code sb}
     */
    public static StringBuilder appendSanitized(final StringBuilder sb, final CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            sb.append(isSafe(c) && c != '_' ? c : '_');
        }
        return sb;
    }

    private static boolean isSafe(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
            || c == '_';
    }

    /**
     * Checks that a name is one safe path component.
     *
     * @param name a file name
     * @return {@code name}
     * @throws IllegalArgumentException when it is empty, too long, starts with a dot or a dash, or
     *                                  holds a character outside {@code [A-Za-z0-9._-]}
     */
    public static String check(final String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH || name.charAt(0) == '.' || name.charAt(0) == '-') {
            throw new IllegalArgumentException("unsafe file name: " + printable(name));
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isSafe(name.charAt(i))) {
                throw new IllegalArgumentException("unsafe file name: " + printable(name));
            }
        }
        return name;
    }

    private static String printable(final String name) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && i < MAX_LENGTH; i++) {
            final char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }
}
