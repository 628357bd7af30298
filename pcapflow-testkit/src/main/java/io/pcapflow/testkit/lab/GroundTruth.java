package io.pcapflow.testkit.lab;

import io.pcapflow.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The ground truth of one lab scenario run: {@code truth.json} in the run's directory (written by
 * {@code scripts/lab/lab_truth.py}; field reference in docs/TESTING.md), with the captures beside it.
 *
 * @param dir the run's directory (captures, logs, {@code truth.json}, {@code MANIFEST.md})
 * @param json the whole {@code truth.json} object, for fields without an accessor
 */
public record GroundTruth(Path dir, Map<String, Object> json) {

    /** Committed runs live under {@code fixtures/captures/middlebox/<scenario>/}. */
    public static final String FIXTURE_DIR = "captures/middlebox";
    /** The scenarios {@code lab.sh run} knows, each with a committed run. */
    public static final List<String> SCENARIOS = List.of("nat-drop", "proxy", "reuse", "idle");

    /**
     * Validates the components.
     *
     * @param dir the run's directory
     * @param json the parsed {@code truth.json}
     */
    public GroundTruth {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(json, "json");
    }

    /**
     * Reads {@code DIR/truth.json}.
     *
     * @param dir a scenario run's directory
     * @return the ground truth
     */
    public static GroundTruth read(Path dir) {
        try {
            return new GroundTruth(dir, Json.parseObject(Files.readString(dir.resolve("truth.json"),
                StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("truth.json"), e);
        }
    }

    /**
     * Reads the committed run of a scenario, {@code fixtures/captures/middlebox/<scenario>/truth.json}.
     *
     * @param scenario {@code nat-drop}, {@code proxy}, {@code reuse} or {@code idle}
     * @return the ground truth
     */
    public static GroundTruth fixture(String scenario) {
        return read(Fixtures.fixture(FIXTURE_DIR + "/" + scenario));
    }

    /**
     * Returns the scenario name.
     *
     * @return {@code nat-drop}, {@code proxy}, {@code reuse} or {@code idle}
     */
    public String scenario() {
        return (String) json.get("scenario");
    }

    /**
     * Returns the box's kind.
     *
     * @return {@code nat} (forwarding, MASQUERADE) or {@code proxy} (socat)
     */
    public String topology() {
        return (String) json.get("topology");
    }

    /**
     * Tells whether every check of the run (ground truth against tshark's view) passed.
     *
     * @return true when the run is consistent
     */
    public boolean ok() {
        return Boolean.TRUE.equals(json.get("ok"));
    }

    /**
     * Returns the capture of the box's inside (client) leg.
     *
     * @return {@code inside.pcap} (nanosecond pcap, Ethernet)
     */
    public Path inside() {
        return file("inside");
    }

    /**
     * Returns the capture of the box's outside (server) leg.
     *
     * @return {@code outside.pcap} (nanosecond pcap, Ethernet)
     */
    public Path outside() {
        return file("outside");
    }

    /**
     * Returns the {@code tcpdump -i any} capture of both legs.
     *
     * @return {@code any.pcap} (LINUX_SLL2)
     */
    public Path any() {
        return file("any");
    }

    /**
     * Returns the dumpcap capture of both legs.
     *
     * @return {@code both.pcapng} (interface 0 {@code inside0}, interface 1 {@code outside0})
     */
    public Path both() {
        return file("both");
    }

    /**
     * Resolves one of the run's files by its key in {@code truth.json}'s {@code files} object.
     *
     * @param key {@code inside}, {@code outside}, {@code any}, {@code both}, {@code client_log},
     *     {@code server_log}, {@code counters}, {@code counters_before} or {@code manifest}
     * @return the path
     */
    public Path file(String key) {
        Object name = ((Map<?, ?>) json.get("files")).get(key);
        if (name == null) {
            throw new NoSuchElementException("no file " + key + " in " + dir);
        }
        return dir.resolve((String) name);
    }

    /**
     * Returns the requests in plan order, one TCP connection each.
     *
     * @return the requests
     */
    public List<Request> requests() {
        List<Request> res = new ArrayList<>();
        for (Object o : (List<?>) json.get("requests")) {
            res.add(new Request(cast(o)));
        }
        return Collections.unmodifiableList(res);
    }

    /**
     * Finds a request by id.
     *
     * @param id the request id, e.g. {@code d01}
     * @return the request
     */
    public Request request(String id) {
        return requests().stream().filter(r -> r.id().equals(id)).findFirst()
            .orElseThrow(() -> new NoSuchElementException("no request " + id + " in " + dir));
    }

    /**
     * Returns the box's DROP rules on FORWARD with their final counters (empty unless {@code nat-drop}).
     *
     * @return the rules
     */
    public List<Drop> drops() {
        List<Drop> res = new ArrayList<>();
        for (Object o : (List<?>) json.get("drops")) {
            Map<String, Object> m = cast(o);
            res.add(new Drop((String) m.get("rule"), (String) m.get("family"), (String) m.get("direction"),
                (String) m.get("in"), (String) m.get("out"), (String) m.get("match"),
                ((Number) m.get("packets")).longValue(), ((Number) m.get("bytes")).longValue()));
        }
        return Collections.unmodifiableList(res);
    }

    /**
     * Returns the packets all DROP rules dropped (the number the correlator must report "dropped by box").
     *
     * @return the sum of the DROP rules' packet counters
     */
    public long droppedPackets() {
        return ((Number) json.get("drops_total_packets")).longValue();
    }

    /**
     * Returns the packets dropped in one direction of one family.
     *
     * @param family {@code ipv4} or {@code ipv6}
     * @param direction {@code c2s} or {@code s2c}
     * @return the sum of the matching DROP rules' packet counters
     */
    public long droppedPackets(String family, String direction) {
        return drops().stream().filter(d -> d.family().equals(family) && d.direction().equals(direction))
            .mapToLong(Drop::packets).sum();
    }

    /**
     * Returns the silence of the {@code idle} scenario's idle connection as configured.
     *
     * @return the configured idle seconds, empty for other scenarios
     */
    public OptionalDouble idleSeconds() {
        Object v = json.get("idle_seconds");
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(((Number) v).doubleValue());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    /**
     * One DROP rule on the box's FORWARD chain and its final counters.
     *
     * @param rule the rule's comment, e.g. {@code drop-s2c-ipv4}
     * @param family {@code ipv4} or {@code ipv6}
     * @param direction {@code c2s} (inside0 to outside0) or {@code s2c}
     * @param in input interface
     * @param out output interface
     * @param match the rule's match text as iptables lists it
     * @param packets packets the rule dropped
     * @param bytes bytes (IP length) the rule dropped
     */
    public record Drop(String rule, String family, String direction, String in, String out, String match,
        long packets, long bytes) {
    }

    /**
     * One request (one TCP connection) of a run: the client's and the server's logs joined by request id,
     * plus the ISN and outside SYN ports read from the captures. Field reference: docs/TESTING.md.
     *
     * @param json the request's object in {@code truth.json}
     */
    public record Request(Map<String, Object> json) {

        /**
         * Returns the request id (also the first path segment and the {@code X-Request-Id} header).
         *
         * @return e.g. {@code d01}
         */
        public String id() {
            return (String) json.get("request_id");
        }

        /**
         * Returns the address family.
         *
         * @return {@code ipv4} or {@code ipv6}
         */
        public String family() {
            return (String) json.get("family");
        }

        /**
         * Returns the plan kind.
         *
         * @return {@code get}, {@code post}, {@code idle} or {@code live-abort}
         */
        public String kind() {
            return (String) json.get("kind");
        }

        /**
         * Returns the unique request path.
         *
         * @return e.g. {@code /d01/size/300000}
         */
        public String path() {
            return (String) json.get("path");
        }

        /**
         * Returns how the client saw the connection end.
         *
         * @return {@code complete}, {@code aborted-unseen} or {@code error}
         */
        public String outcome() {
            return (String) json.get("outcome");
        }

        /**
         * Returns the client's address.
         *
         * @return the client's address on the inside leg
         */
        public String clientAddress() {
            return (String) json.get("client_addr");
        }

        /**
         * Returns the client's source port (inside leg).
         *
         * @return the port
         */
        public int clientPort() {
            return intField("client_port");
        }

        /**
         * Returns the address the client connected to (the server's, or the proxy's inside address).
         *
         * @return the destination address on the inside leg
         */
        public String destinationAddress() {
            return (String) json.get("dst_addr");
        }

        /**
         * Returns the port the client connected to (80, or the proxy's 8080).
         *
         * @return the destination port on the inside leg
         */
        public int destinationPort() {
            return intField("dst_port");
        }

        /**
         * Returns the box's source address on the outside leg as the server saw it.
         *
         * @return the address, empty when the server logged no connection for this request
         */
        public Optional<String> outsideAddress() {
            return Optional.ofNullable((String) json.get("outside_addr"));
        }

        /**
         * Returns the box's source port on the outside leg as the server saw it (NAT port, or socat's port).
         *
         * @return the port, or -1 when the server logged no connection for this request
         */
        public int outsidePort() {
            Object v = json.get("outside_port");
            return v == null ? -1 : ((Number) v).intValue();
        }

        /**
         * Returns the source ports of every outside SYN carrying the client's ISN, in capture order (NAT only;
         * two for a SYN reusing a live key: the old mapping's port, then the new one).
         *
         * @return the ports, empty for the proxy
         */
        public List<Integer> outsideSynPorts() {
            List<Integer> res = new ArrayList<>();
            for (Object o : (List<?>) json.get("outside_syn_ports")) {
                res.add(((Number) o).intValue());
            }
            return Collections.unmodifiableList(res);
        }

        /**
         * Returns the ISN of the client's SYN on the inside leg.
         *
         * @return the raw sequence number, or -1 when not found
         */
        public long clientIsn() {
            Object v = json.get("client_isn");
            return v == null ? -1 : ((Number) v).longValue();
        }

        /**
         * Returns the bytes the client wrote (HTTP head + body).
         *
         * @return bytes sent by the client
         */
        public long clientBytesSent() {
            return longField("client_bytes_sent");
        }

        /**
         * Returns the bytes the client read (HTTP head + body).
         *
         * @return bytes received by the client
         */
        public long clientBytesReceived() {
            return longField("client_bytes_received");
        }

        /**
         * Returns the bytes the server read.
         *
         * @return bytes received by the server, or -1 when it logged no connection
         */
        public long serverBytesReceived() {
            Object v = json.get("server_bytes_received");
            return v == null ? -1 : ((Number) v).longValue();
        }

        /**
         * Returns the bytes the server's socket accepted.
         *
         * @return bytes sent by the server, or -1 when it logged no connection
         */
        public long serverBytesSent() {
            Object v = json.get("server_bytes_sent");
            return v == null ? -1 : ((Number) v).longValue();
        }

        /**
         * Returns how this connection reuses an earlier one's 4-tuple.
         *
         * @return {@code port-reuse-after-close} or {@code syn-on-live-key}, empty when it does not
         */
        public Optional<String> reuse() {
            return Optional.ofNullable((String) json.get("reuse"));
        }

        /**
         * Returns the id of the request whose 4-tuple this one reuses.
         *
         * @return the id, empty when it reuses none
         */
        public Optional<String> reuses() {
            return Optional.ofNullable((String) json.get("reuses"));
        }

        /**
         * Tells whether the box saw this connection end (false for a {@code live-abort}: its RST was dropped
         * in the client).
         *
         * @return true when the end reached the box
         */
        public boolean endSeenByBox() {
            return Boolean.TRUE.equals(json.get("end_seen_by_box"));
        }

        /**
         * Returns the silent interval of an {@code idle} request, epoch seconds (the captures' clock).
         *
         * @return {from, until}, or empty for other kinds
         */
        public Optional<double[]> silence() {
            Object from = json.get("silent_from");
            Object until = json.get("silent_until");
            if (from == null || until == null) {
                return Optional.empty();
            }
            return Optional.of(new double[] {((Number) from).doubleValue(), ((Number) until).doubleValue()});
        }

        /**
         * Returns any field of the request's JSON object.
         *
         * @param name the field name, e.g. {@code t_start}
         * @return the value (Long, Double, String, Boolean, List, Map or null)
         */
        public Object get(String name) {
            return json.get(name);
        }

        private int intField(String name) {
            return ((Number) json.get(name)).intValue();
        }

        private long longField(String name) {
            return ((Number) json.get(name)).longValue();
        }
    }
}
