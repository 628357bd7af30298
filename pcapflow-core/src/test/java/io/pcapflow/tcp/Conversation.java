package io.pcapflow.tcp;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapWriter;
import io.pcapflow.testkit.packet.FrameBuilder;
import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.IpBuilder;
import io.pcapflow.testkit.packet.TcpBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Synthetic TCP conversation for tracker tests: packets from client or server at given times,
 * written to an in-memory pcap, read and decoded for real, then tracked.
 */
final class Conversation implements TcpListener {
    static final String CLIENT = "10.0.0.1";
    static final String SERVER = "10.0.0.2";
    private final PcapWriter pcap = PcapWriter.inMemory(ByteOrder.LITTLE_ENDIAN, true, 65535, LinkTypes.ETHERNET);
    private long clock = 1_700_000_000_000_000_000L;
    private int ipId = 100;
    String clientAddress = CLIENT;
    String serverAddress = SERVER;
    int clientPort = 40000;
    int serverPort = 80;
    boolean ipv6;
    int vlan = -1;

    final List<TcpSegmentCopy> segments = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    final List<TcpConnectionCopy> connections = new ArrayList<>();
    TcpTracker tracker;

    /** Copy of a segment's analysis. */
    record TcpSegmentCopy(long stream, int direction, long seq, long ack, long window, int scale, int flags,
                          int dupAcks, long ackRtt, long initialRtt) {
        boolean is(final int flag) {
            return (flags & flag) != 0;
        }
    }

    /** Copy of a closed connection. */
    record TcpConnectionCopy(long stream, String state, String history, EndReason reason, boolean guessed,
                             String client, int clientPort, String server, int serverPort, long[] packets,
                             long[] bytes, long[] unique, long[] retrans, long initialRtt, long synToSynAck,
                             long rttSamples, int[] scale, long[] dupAcks, long[] zeroWindows) {
    }

    Conversation advance(final long nanos) {
        clock += nanos;
        return this;
    }

    Conversation client(final int flags, final long seq, final long ack, final int len) {
        return send(true, flags, seq, ack, len, b -> b);
    }

    Conversation server(final int flags, final long seq, final long ack, final int len) {
        return send(false, flags, seq, ack, len, b -> b);
    }

    Conversation send(final boolean fromClient, final int flags, final long seq, final long ack, final int len,
                      final UnaryOperator<TcpBuilder> options) {
        FrameBuilder link = Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02");
        if (vlan >= 0) {
            link = link.vlan(0x8100, vlan);
        }
        final String src = fromClient ? clientAddress : serverAddress;
        final String dst = fromClient ? serverAddress : clientAddress;
        final IpBuilder ip = ipv6 ? link.ipv6(src, dst) : link.ipv4(src, dst).id(ipId++);
        final TcpBuilder tcp = ip.tcp(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort)
            .seq(seq).ack(ack).flags(flags).window(65535).payload(new byte[len]);
        pcap.packet(clock, options.apply(tcp).build());
        clock += 1_000_000;
        return this;
    }

    Conversation run(final TrackerOptions options) {
        tracker = new TcpTracker(options, this);
        final PacketDecoder decoder = new PacketDecoder();
        final PacketView view = new PacketView();
        try (CaptureReader reader = Captures.open("synthetic", new ByteArrayInputStream(pcap.toByteArray()))) {
            while (reader.poll(r -> {
                if (decoder.decode(r, view)) {
                    tracker.onPacket(view);
                }
            }, 1024) > 0) {
                // drain
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        tracker.finish();
        return this;
    }

    Conversation run() {
        return run(TrackerOptions.defaults());
    }

    TcpSegmentCopy segment(final int i) {
        return segments.get(i);
    }

    TcpConnectionCopy only() {
        if (connections.size() != 1) {
            throw new AssertionError("expected one connection, got " + connections.size());
        }
        return connections.get(0);
    }

    @Override
    public void onSegment(final TcpConnection c, final PacketView view, final TcpSegment s) {
        segments.add(new TcpSegmentCopy(c.streamIndex(), s.direction(), s.relativeSeq(), s.relativeAck(),
            s.windowScaled(), s.windowScaleUsed(), s.analysis(), s.duplicateAckCount(), s.ackRttNanos(),
            s.initialRttNanos()));
    }

    @Override
    public void onClose(final TcpConnection c) {
        connections.add(new TcpConnectionCopy(c.streamIndex(), c.connState(), c.history(), c.endReason(),
            c.isClientGuessed(), c.appendClientAddress(new StringBuilder()).toString(), c.clientPort(),
            c.appendServerAddress(new StringBuilder()).toString(), c.serverPort(),
            new long[] {c.packets(0), c.packets(1)}, new long[] {c.payloadBytes(0), c.payloadBytes(1)},
            new long[] {c.uniqueBytes(0), c.uniqueBytes(1)}, new long[] {c.retransmissions(0), c.retransmissions(1)},
            c.initialRttNanos(), c.synToSynAckNanos(), c.rttSamples(), new int[] {c.windowScale(0), c.windowScale(1)},
            new long[] {c.duplicateAcks(0), c.duplicateAcks(1)}, new long[] {c.zeroWindows(0), c.zeroWindows(1)}));
    }
}
