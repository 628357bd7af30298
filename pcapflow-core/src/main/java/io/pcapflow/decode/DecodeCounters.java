package io.pcapflow.decode;

/**
 * Packets decoded per protocol class, for the {@code info} command. A packet counts once in
 * {@link #packets()} and in every class it reached: an IPv4 TCP segment counts in ipv4 and tcp.
 * Transport classes count packets whose transport header was decoded.
 */
public final class DecodeCounters {
    long packets;
    long ipv4;
    long ipv6;
    long tcp;
    long udp;
    long icmp;
    long icmpv6;
    long otherIp;
    long nonIp;
    long fragments;
    long reassembled;
    long truncated;

    /** Creates zeroed counters. */
    public DecodeCounters() {
    }

    /** @return packets handed to the decoder */
    public long packets() {
        return packets;
    }

    /** @return packets with a valid IPv4 header (reassembled datagrams not counted again) */
    public long ipv4() {
        return ipv4;
    }

    /** @return packets with a valid IPv6 header */
    public long ipv6() {
        return ipv6;
    }

    /** @return packets with a decoded TCP header */
    public long tcp() {
        return tcp;
    }

    /** @return packets with a decoded UDP header */
    public long udp() {
        return udp;
    }

    /** @return packets with a decoded ICMP header */
    public long icmp() {
        return icmp;
    }

    /** @return packets with a decoded ICMPv6 header */
    public long icmpv6() {
        return icmpv6;
    }

    /** @return IP packets whose upper-layer protocol is none of the above (ESP, GRE, SCTP, ...) */
    public long otherIp() {
        return otherIp;
    }

    /** @return packets without IP (ARP, LLDP, unknown families, ...) */
    public long nonIp() {
        return nonIp;
    }

    /** @return IPv4 and IPv6 fragments (atomic fragments excluded) */
    public long fragments() {
        return fragments;
    }

    /** @return datagrams completed by reassembly */
    public long reassembled() {
        return reassembled;
    }

    /** @return packets whose headers were cut by the capture's snaplen */
    public long truncated() {
        return truncated;
    }

    /** Sets every counter to zero. */
    public void reset() {
        packets = 0;
        ipv4 = 0;
        ipv6 = 0;
        tcp = 0;
        udp = 0;
        icmp = 0;
        icmpv6 = 0;
        otherIp = 0;
        nonIp = 0;
        fragments = 0;
        reassembled = 0;
        truncated = 0;
    }
}
