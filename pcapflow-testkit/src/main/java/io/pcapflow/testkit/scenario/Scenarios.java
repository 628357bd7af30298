package io.pcapflow.testkit.scenario;

import io.pcapflow.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One tiny capture per TCP behaviour, for the golden-file tests of the connection analyzer; each is written
 * to {@code fixtures/scenarios/<name>.pcap}, where {@code README.md} tells what each contains and what
 * tshark and Zeek make of it. The capture point is near the client; the client is 192.0.2.10:40000 (or
 * 2001:db8::10), the server 198.51.100.20:80 (or 2001:db8::20), the RTT 10 ms.
 *
 * <p>Regenerate with {@code mvn -q -pl pcapflow-testkit test -Dtest=ScenariosTest -Dpcapflow.scenarios.write=true}
 * (or run {@link #main}); {@code ScenariosTest} fails when a committed file differs from what this class
 * produces.
 */
public final class Scenarios {
    /** System property that makes {@code ScenariosTest} rewrite the committed captures. */
    public static final String WRITE_PROPERTY = "pcapflow.scenarios.write";

    private static final String CLIENT = "192.0.2.10";
    private static final String SERVER = "198.51.100.20";
    private static final int CLIENT_PORT = 40000;
    private static final int SERVER_PORT = 80;
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n";

    private Scenarios() {
    }

    /**
     * Returns every scenario by file name (without {@code .pcap}), in README order.
     *
     * @return name to capture builder
     */
    public static Map<String, Supplier<byte[]>> all() {
        Map<String, Supplier<byte[]>> m = new LinkedHashMap<>();
        m.put("handshake-only-s0", Scenarios::handshakeOnlyS0);
        m.put("refused-rej", Scenarios::refusedRej);
        m.put("normal-close-sf", Scenarios::normalCloseSf);
        m.put("client-rst", Scenarios::clientRst);
        m.put("server-rst", Scenarios::serverRst);
        m.put("port-reuse", Scenarios::portReuse);
        m.put("port-reuse-while-open", Scenarios::portReuseWhileOpen);
        m.put("syn-retransmitted", Scenarios::synRetransmitted);
        m.put("rto-retransmission", Scenarios::rtoRetransmission);
        m.put("fast-retransmission", Scenarios::fastRetransmission);
        m.put("reordering-with-sack", Scenarios::reorderingWithSack);
        m.put("zero-window-probes", Scenarios::zeroWindowProbes);
        m.put("keep-alive", Scenarios::keepAlive);
        m.put("mid-connection-start", Scenarios::midConnectionStart);
        m.put("sequence-wrap", Scenarios::sequenceWrap);
        m.put("window-scale-14", Scenarios::windowScale14);
        m.put("window-scale-15", Scenarios::windowScale15);
        m.put("ipv6", Scenarios::ipv6);
        m.put("vlan", Scenarios::vlan);
        m.put("duplicate-capture", Scenarios::duplicateCapture);
        return Collections.unmodifiableMap(m);
    }

    private static TcpScenario connection() {
        return TcpScenario.ipv4(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT);
    }

    /** Request, response in three segments, client ACK, FIN both ways: 10 frames after a handshake. */
    private static TcpScenario requestResponseClose(TcpScenario s) {
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(1448).send(1448).send(600);
        s.afterMicros(100).client().ack();
        s.after(5).client().fin();
        s.after(10).server().fin();
        s.afterMicros(50).client().ack();
        return s;
    }

    /**
     * SYN with no answer, retransmitted after 1 s and 3 s.
     *
     * @return pcap bytes
     */
    public static byte[] handshakeOnlyS0() {
        TcpScenario s = connection();
        s.client().syn().after(1000).retransmit().after(2000).retransmit();
        return s.toPcap();
    }

    /**
     * SYN answered by RST/ACK (port closed; as from Linux, the RST has sequence number 0 and window 0).
     *
     * @return pcap bytes
     */
    public static byte[] refusedRej() {
        TcpScenario s = connection().serverIsn(0);
        s.client().syn().after(10).server().window(0).rst();
        return s.toPcap();
    }

    /**
     * Handshake, request, response in three segments, FIN both ways, last ACK.
     *
     * @return pcap bytes
     */
    public static byte[] normalCloseSf() {
        return requestResponseClose(connection().handshake()).toPcap();
    }

    /**
     * Handshake, request, two response segments, then the client aborts with RST/ACK.
     *
     * @return pcap bytes
     */
    public static byte[] clientRst() {
        TcpScenario s = connection().handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(1448).send(1448);
        s.afterMicros(100).client().ack().after(2).rst();
        return s.toPcap();
    }

    /**
     * Handshake, request, one response segment, then the server aborts with RST/ACK.
     *
     * @return pcap bytes
     */
    public static byte[] serverRst() {
        TcpScenario s = connection().handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(1448).after(1).rst();
        return s.toPcap();
    }

    /**
     * Two complete connections on the same 4-tuple, the second SYN (new ISNs) 2 s after the first closed.
     *
     * @return pcap bytes
     */
    public static byte[] portReuse() {
        TcpScenario first = requestResponseClose(connection().clientIsn(1_000_000).serverIsn(2_000_000).handshake());
        TcpScenario second = first.newConnection().clientIsn(3_000_000).serverIsn(4_000_000);
        second.after(2000);
        return requestResponseClose(second.handshake()).toPcap();
    }

    /**
     * A new SYN (new ISN) on the 4-tuple of a connection that is still open: the server answers with a
     * challenge ACK of the old connection (RFC 5961 §4), the client resets it with RST (seq = that ACK),
     * the SYN is retransmitted 1 s later and the new connection runs to a normal close.
     *
     * @return pcap bytes
     */
    public static byte[] portReuseWhileOpen() {
        TcpScenario first = connection().clientIsn(1_000_000).serverIsn(2_000_000).handshake();
        first.after(1).client().send(REQUEST);
        first.after(10).server().ack().after(1).send(1448);
        first.afterMicros(100).client().ack();
        TcpScenario second = first.newConnection().clientIsn(3_000_000).serverIsn(4_000_000);
        second.after(500).client().syn();
        first.after(10).server().ack();
        first.afterMicros(50).client().rstWithoutAck();
        second.after(1000).client().retransmit();
        second.after(10).server().synAck().afterMicros(50).client().ack();
        return requestResponseClose(second).toPcap();
    }

    /**
     * The SYN is captured but lost after the capture point, retransmitted after 1 s, then a normal connection.
     *
     * @return pcap bytes
     */
    public static byte[] synRetransmitted() {
        TcpScenario s = connection();
        s.client().lostAfterCapture().syn().after(1000).retransmit();
        s.after(10).server().synAck().afterMicros(50).client().ack();
        return requestResponseClose(s).toPcap();
    }

    /**
     * The second response segment is captured but lost after the capture point; the client ACKs the first;
     * no more data, so no duplicate ACKs; the server retransmits on timeout 200 ms later.
     *
     * @return pcap bytes
     */
    public static byte[] rtoRetransmission() {
        TcpScenario s = connection().handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(1448).lostAfterCapture().send(1448);
        s.afterMicros(100).client().ack();
        s.after(200).server().retransmit();
        s.afterMicros(100).client().ack();
        s.after(5).client().fin().after(10).server().fin().afterMicros(50).client().ack();
        return s.toPcap();
    }

    /**
     * With SACK: the second response segment is lost before the capture point; each of the three following
     * segments draws a duplicate ACK with a growing SACK block; the server fast-retransmits one RTT after
     * the third; the client ACKs everything.
     *
     * @return pcap bytes
     */
    public static byte[] fastRetransmission() {
        TcpScenario s = connection().sackPermitted().handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(1000);
        s.afterMicros(100).client().ack();
        s.afterMicros(100).server().drop().send(1000).send(1000);
        s.afterMicros(100).client().ack();
        s.afterMicros(100).server().send(1000);
        s.afterMicros(100).client().ack();
        s.afterMicros(100).server().send(1000);
        s.afterMicros(100).client().ack();
        s.after(10).server().retransmit();
        s.afterMicros(100).client().ack();
        s.after(5).client().fin().after(10).server().fin().afterMicros(50).client().ack();
        return s.toPcap();
    }

    /**
     * With SACK: two response segments arrive swapped (1 ms apart); the client ACKs the first arrival with
     * a duplicate ACK carrying a SACK block, then ACKs both; nothing is retransmitted.
     *
     * @return pcap bytes
     */
    public static byte[] reorderingWithSack() {
        TcpScenario s = connection().sackPermitted().handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).hold().send(1000).send(1000);
        s.afterMicros(100).client().ack();
        s.after(1).server().release();
        s.afterMicros(100).client().ack();
        s.after(5).client().fin().after(10).server().fin().afterMicros(50).client().ack();
        return s.toPcap();
    }

    /**
     * The client advertises 4000 bytes; the server fills it; the client ACKs with window 0; the server sends
     * two 1-byte zero-window probes (200 ms, then 400 ms later), each ACKed with window 0; a window update
     * reopens the window and the transfer ends normally.
     *
     * @return pcap bytes
     */
    public static byte[] zeroWindowProbes() {
        TcpScenario s = connection();
        s.client().window(4000);
        s.handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(2000).send(2000);
        s.afterMicros(100).client().window(0).ack();
        s.after(200).server().zeroWindowProbe().afterMicros(100).client().ack();
        s.after(400).server().zeroWindowProbe().afterMicros(100).client().ack();
        s.after(100).client().window(4000).ack();
        s.after(10).server().send(1000).afterMicros(100).client().ack();
        s.after(5).client().fin().after(10).server().fin().afterMicros(50).client().ack();
        return s.toPcap();
    }

    /**
     * After a request and response the connection idles; the client sends a keep-alive with no data after
     * 10 s and one with one garbage byte 10 s later (both at seq - 1), each ACKed by the server; then close.
     *
     * @return pcap bytes
     */
    public static byte[] keepAlive() {
        TcpScenario s = connection().handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(600).afterMicros(100).client().ack();
        s.after(10_000).client().keepAlive(false).after(10).server().ack();
        s.after(10_000).client().keepAlive(true).after(10).server().ack();
        s.after(5).client().fin().after(10).server().fin().afterMicros(50).client().ack();
        return s.toPcap();
    }

    /**
     * The capture starts inside a download (no SYN: 120 bytes sent by the client and 100 000 by the server
     * before) and ends inside it: four server segments, two client ACKs.
     *
     * @return pcap bytes
     */
    public static byte[] midConnectionStart() {
        TcpScenario s = connection().established(120, 100_000);
        s.server().send(1448).send(1448).afterMicros(100).client().ack();
        s.after(1).server().send(1448).send(1448).afterMicros(100).client().ack();
        return s.toPcap();
    }

    /**
     * Client ISN 2^32 - 1 (its first data byte has sequence number 0) and server ISN 2^32 - 2500 (the
     * sequence number wraps inside the third response segment); otherwise a normal close.
     *
     * @return pcap bytes
     */
    public static byte[] sequenceWrap() {
        TcpScenario s = connection().clientIsn(0xFFFF_FFFFL).serverIsn(0x1_0000_0000L - 2500).handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(1000).send(1000).send(1000).send(1000);
        s.afterMicros(100).client().ack();
        s.after(5).client().fin().after(10).server().fin().afterMicros(50).client().ack();
        return s.toPcap();
    }

    /**
     * Window scale 14 on both SYNs; the client advertises 512 MiB (field 32768), the server 256 MiB (field
     * 16384); otherwise a normal close.
     *
     * @return pcap bytes
     */
    public static byte[] windowScale14() {
        TcpScenario s = connection().windowScale(14);
        s.client().window(512L << 20);
        s.server().window(256L << 20);
        return requestResponseClose(s.handshake()).toPcap();
    }

    /**
     * Window scale 15 on both SYNs, which RFC 7323 §2.3 says to use as 14: windows as in
     * {@link #windowScale14()}, fields computed with shift 14 (an analyzer that shifts by 15 doubles them).
     *
     * @return pcap bytes
     */
    public static byte[] windowScale15() {
        TcpScenario s = connection().windowScale(15);
        s.client().window(512L << 20);
        s.server().window(256L << 20);
        return requestResponseClose(s.handshake()).toPcap();
    }

    /**
     * The normal close of {@link #normalCloseSf()} over IPv6, 2001:db8::10 to 2001:db8::20.
     *
     * @return pcap bytes
     */
    public static byte[] ipv6() {
        return requestResponseClose(TcpScenario.ipv6("2001:db8::10", CLIENT_PORT, "2001:db8::20", SERVER_PORT)
            .handshake()).toPcap();
    }

    /**
     * The normal close of {@link #normalCloseSf()} with every frame tagged 802.1Q VLAN 42.
     *
     * @return pcap bytes
     */
    public static byte[] vlan() {
        return requestResponseClose(connection().vlan(42).handshake()).toPcap();
    }

    /**
     * A short connection (handshake, request, one response segment, FIN both ways) with every frame captured
     * twice, 10 µs apart, identical bytes (same IP id).
     *
     * @return pcap bytes
     */
    public static byte[] duplicateCapture() {
        TcpScenario s = connection().duplicateEveryPacket(10).handshake();
        s.after(1).client().send(REQUEST);
        s.after(10).server().ack().after(1).send(600).afterMicros(100).client().ack();
        s.after(5).client().fin().after(10).server().fin().afterMicros(50).client().ack();
        return s.toPcap();
    }

    /**
     * Writes every scenario to {@code <dir>/<name>.pcap}.
     *
     * @param dir target directory, created when missing
     */
    public static void writeAll(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, Supplier<byte[]>> e : all().entrySet()) {
                Files.write(dir.resolve(e.getKey() + ".pcap"), e.getValue().get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes every scenario to {@code fixtures/scenarios/} of the repository (or to the directory given).
     *
     * @param args optional target directory
     */
    public static void main(String[] args) {
        writeAll(args.length > 0 ? Paths.get(args[0]) : Fixtures.fixture("scenarios"));
    }
}
