package io.pcapflow.testkit.scenario;

import io.pcapflow.testkit.capture.LinkTypes;
import io.pcapflow.testkit.capture.PcapWriter;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Scripts one TCP connection between a client and a server, packet by packet, on a clock advanced by hand,
 * and writes what a capture point near the client would have seen.
 *
 * <p>Each {@link Peer} tracks its own send sequence and what it has received from the other side, so the
 * script only says who sends what and when; sequence numbers, acknowledgment numbers, SACK blocks, scaled
 * windows and timestamps follow. Segments can be dropped before the capture point ({@link Peer#drop()}),
 * captured but lost afterwards ({@link Peer#lostAfterCapture()}), or held back and delivered later
 * ({@link Peer#hold()}, {@link Peer#release()}).
 *
 * <pre>{@code
 * byte[] pcap = TcpScenario.ipv4("192.0.2.10", 40000, "198.51.100.20", 80)
 *     .clientIsn(1000).serverIsn(5000).handshake()
 *     .client().send(request).after(10)
 *     .server().ack().send(1448).send(600).after(1)
 *     .client().ack().fin().after(10)
 *     .server().fin().after(1)
 *     .client().ack()
 *     .scenario().toPcap();
 * }</pre>
 *
 * <p>Time is in milliseconds from the start of the capture (see {@link #EPOCH_SECONDS}); the capture is
 * classic pcap, microsecond timestamps, little-endian, Ethernet.
 */
public final class TcpScenario {
    /** Capture start, seconds since the epoch (2023-11-14T22:13:20Z). */
    public static final long EPOCH_SECONDS = 1_700_000_000L;
    /** Default client initial sequence number. */
    public static final long DEFAULT_CLIENT_ISN = 1_000_000L;
    /** Default server initial sequence number. */
    public static final long DEFAULT_SERVER_ISN = 2_000_000L;

    private final Recording recording;
    private final boolean ipv6;
    private final Peer client;
    private final Peer server;
    private Integer vlanId;
    private long rttMicros = 10_000;

    private TcpScenario(Recording recording, boolean ipv6, String clientIp, int clientPort, String serverIp,
        int serverPort) {
        this.recording = recording;
        this.ipv6 = ipv6;
        this.client = new Peer(this, clientIp, clientPort, "02:00:00:00:00:01", DEFAULT_CLIENT_ISN, 0x1000);
        this.server = new Peer(this, serverIp, serverPort, "02:00:00:00:00:02", DEFAULT_SERVER_ISN, 0x2000);
        client.connect(server);
        server.connect(client);
    }

    /**
     * Starts an IPv4 connection script.
     *
     * @param clientIp client address
     * @param clientPort client port
     * @param serverIp server address
     * @param serverPort server port
     * @return the scenario, clock at 0
     */
    public static TcpScenario ipv4(String clientIp, int clientPort, String serverIp, int serverPort) {
        return new TcpScenario(new Recording(), false, clientIp, clientPort, serverIp, serverPort);
    }

    /**
     * Starts an IPv6 connection script.
     *
     * @param clientIp client address
     * @param clientPort client port
     * @param serverIp server address
     * @param serverPort server port
     * @return the scenario, clock at 0
     */
    public static TcpScenario ipv6(String clientIp, int clientPort, String serverIp, int serverPort) {
        return new TcpScenario(new Recording(), true, clientIp, clientPort, serverIp, serverPort);
    }

    /**
     * Starts a second connection on the same addresses and ports, written into the same capture at the same
     * clock; peer options (MSS, window scale, SACK, timestamps, windows), the VLAN tag and the IP id counters
     * carry over, sequence state does not. Set new ISNs before its handshake.
     *
     * @return the new connection
     */
    public TcpScenario newConnection() {
        TcpScenario next = new TcpScenario(recording, ipv6, client.ip, client.port, server.ip, server.port);
        next.vlanId = vlanId;
        next.rttMicros = rttMicros;
        next.client.copyOptions(client);
        next.server.copyOptions(server);
        return next;
    }

    /**
     * Returns the client (the side that sends the SYN).
     *
     * @return the client
     */
    public Peer client() {
        return client;
    }

    /**
     * Returns the server.
     *
     * @return the server
     */
    public Peer server() {
        return server;
    }

    /**
     * Sets the client's initial sequence number.
     *
     * @param isn 32-bit ISN
     * @return this
     */
    public TcpScenario clientIsn(long isn) {
        client.isn(isn);
        return this;
    }

    /**
     * Sets the server's initial sequence number.
     *
     * @param isn 32-bit ISN
     * @return this
     */
    public TcpScenario serverIsn(long isn) {
        server.isn(isn);
        return this;
    }

    /**
     * Tags every frame with an 802.1Q VLAN id.
     *
     * @param id 12-bit VLAN id
     * @return this
     */
    public TcpScenario vlan(int id) {
        this.vlanId = id;
        return this;
    }

    /**
     * Sets the MSS option both SYNs carry (0: none). Default 1460.
     *
     * @param value MSS
     * @return this
     */
    public TcpScenario mss(int value) {
        client.mss(value);
        server.mss(value);
        return this;
    }

    /**
     * Makes both SYNs carry a window scale option; scaling is then in effect for both directions.
     *
     * @param shift shift count written in the option (values above 14 are used as 14, RFC 7323 §2.3)
     * @return this
     */
    public TcpScenario windowScale(int shift) {
        client.windowScale(shift);
        server.windowScale(shift);
        return this;
    }

    /**
     * Makes both SYNs carry SACK-permitted; receivers then add SACK blocks for out-of-order data.
     *
     * @return this
     */
    public TcpScenario sackPermitted() {
        client.sackPermitted();
        server.sackPermitted();
        return this;
    }

    /**
     * Makes both sides use the timestamps option (TSval follows the clock in milliseconds).
     *
     * @return this
     */
    public TcpScenario timestamps() {
        client.timestamps();
        server.timestamps();
        return this;
    }

    /**
     * Sets the round-trip time {@link #handshake()} waits between SYN and SYN/ACK. Default 10 ms.
     *
     * @param millis round-trip time
     * @return this
     */
    public TcpScenario rtt(long millis) {
        this.rttMicros = millis * 1000;
        return this;
    }

    /**
     * Records every following frame twice, the copy {@code micros} later (same bytes, same IP id), as a
     * capture that sees each packet on two interfaces.
     *
     * @param micros gap between a frame and its copy
     * @return this
     */
    public TcpScenario duplicateEveryPacket(long micros) {
        recording.duplicateGapMicros = micros;
        return this;
    }

    /**
     * Sets the clock.
     *
     * @param millis milliseconds since the start of the capture
     * @return this
     */
    public TcpScenario at(long millis) {
        recording.clockMicros = millis * 1000;
        return this;
    }

    /**
     * Advances the clock.
     *
     * @param millis milliseconds
     * @return this
     */
    public TcpScenario after(long millis) {
        return afterMicros(millis * 1000);
    }

    /**
     * Advances the clock.
     *
     * @param micros microseconds
     * @return this
     */
    public TcpScenario afterMicros(long micros) {
        recording.clockMicros += micros;
        return this;
    }

    /**
     * Returns the clock.
     *
     * @return microseconds since the start of the capture
     */
    public long nowMicros() {
        return recording.clockMicros;
    }

    /**
     * Three-way handshake as seen near the client: SYN now, SYN/ACK one RTT later, ACK 50 µs after that.
     *
     * @return this
     */
    public TcpScenario handshake() {
        client.syn();
        afterMicros(rttMicros);
        server.synAck();
        afterMicros(50);
        client.ack();
        return this;
    }

    /**
     * Puts both sides in ESTABLISHED without recording anything, as if the handshake and some data had
     * passed before the capture started. Window scaling, SACK and timestamps configured so far count as
     * negotiated.
     *
     * @param clientBytes bytes the client has sent and the server received
     * @param serverBytes bytes the server has sent and the client received
     * @return this
     */
    public TcpScenario established(long clientBytes, long serverBytes) {
        client.assumeEstablished(1 + clientBytes, 1 + serverBytes);
        server.assumeEstablished(1 + serverBytes, 1 + clientBytes);
        return this;
    }

    /**
     * Returns the number of frames recorded so far (all connections of this capture).
     *
     * @return frame count
     */
    public int frameCount() {
        return recording.frames.size();
    }

    /**
     * Writes the capture: classic pcap, microsecond magic, little-endian, LINKTYPE_ETHERNET, snaplen 65535,
     * frames in the order they were recorded.
     *
     * @return the pcap file bytes
     */
    public byte[] toPcap() {
        PcapWriter w = PcapWriter.inMemory(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkTypes.ETHERNET);
        for (int i = 0; i < recording.frames.size(); i++) {
            long ts = EPOCH_SECONDS * 1_000_000_000L + recording.times.get(i) * 1000;
            w.packet(ts, recording.frames.get(i));
        }
        return w.toByteArray();
    }

    boolean isIpv6() {
        return ipv6;
    }

    Integer vlanId() {
        return vlanId;
    }

    boolean scalingInEffect() {
        return client.windowScaleOption() >= 0 && server.windowScaleOption() >= 0;
    }

    boolean sackInEffect() {
        return client.sackPermittedOption() && server.sackPermittedOption();
    }

    boolean timestampsInEffect() {
        return client.timestampsOption() && server.timestampsOption();
    }

    void record(byte[] frame) {
        recording.add(frame);
    }

    /** Frames of one capture, shared by the connections of a scenario, and its clock. */
    static final class Recording {
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        long clockMicros;
        long duplicateGapMicros = -1;

        void add(byte[] frame) {
            frames.add(frame);
            times.add(clockMicros);
            if (duplicateGapMicros >= 0) {
                frames.add(frame);
                times.add(clockMicros + duplicateGapMicros);
            }
        }
    }
}
