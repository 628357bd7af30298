package io.pcapflow.testkit.packet;

/** Address family values found in the 4-byte BSD NULL/loopback header. */
public final class LinkFamilies {
    /** AF_INET on every BSD-derived system. */
    public static final int AF_INET = 2;
    /** AF_INET6 on NetBSD, OpenBSD and BSD/OS. */
    public static final int AF_INET6_BSD = 24;
    /** AF_INET6 on FreeBSD and DragonFly. */
    public static final int AF_INET6_FREEBSD = 28;
    /** AF_INET6 on macOS / Darwin. */
    public static final int AF_INET6_DARWIN = 30;

    private LinkFamilies() {
    }
}
