package io.pcapflow.testkit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcapflow.testkit.Fixtures;
import io.pcapflow.testkit.packet.EtherTypes;
import io.pcapflow.testkit.packet.Frames;
import io.pcapflow.testkit.packet.LinkFamilies;
import io.pcapflow.testkit.packet.TcpFlags;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves with an independent decoder (tshark) that the kit writes what it claims. */
class TsharkDecodeTest {
    /** Wireshark proto_checksum_enum_e: 0 = Bad, 1 = Good, 2 = Unverified (checking disabled). */
    private static final String GOOD = "1";
    private static final String BAD = "0";
    private static final long T0 = 1_700_000_000_123_456_789L;
    private static final String[] FIELDS = {
        "frame.number", "frame.time_epoch", "frame.len", "frame.cap_len", "ieee8021ad.id", "vlan.id", "ip.src",
        "ipv6.src",
        "ip.checksum.status", "tcp.checksum.status", "tcp.srcport", "tcp.dstport", "tcp.flags",
        "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm", "tcp.options.timestamp.tsval",
        "tcp.options.sack_le", "null.family", "sll.ifindex", "udp.checksum.status", "frame.comment",
    };

    private static Path tshark;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireTshark() {
        tshark = Fixtures.requireToolOrSkip("tshark");
    }

    static byte[] vlanSyn() {
        return Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
            .vlan(EtherTypes.VLAN_8021AD, 100).vlan(EtherTypes.VLAN_8021Q, 42)
            .ipv4("192.0.2.1", "198.51.100.2").ttl(64).id(1234).dontFragment(true)
            .options(new byte[] {1, 1, 1, 0})
            .tcp(40000, 80).seq(1000).flags(TcpFlags.SYN).window(64240)
            .mss(1460).sackPermitted().timestamps(111, 0).nop().windowScale(7)
            .build();
    }

    static byte[] ipv6WithChain() {
        return Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
            .ipv6("2001:db8::1", "2001:db8::2").flowLabel(0x12345)
            .hopByHop(new byte[0]).routing(0, 0, "2001:db8::99").destinationOptions(new byte[0])
            .tcp(443, 50000).seq(5).ack(6).flags(TcpFlags.ACK | TcpFlags.PSH)
            .nop().nop().sack(100, 200).payload("hello".getBytes(StandardCharsets.US_ASCII))
            .build();
    }

    private List<String[]> decode(Path file) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", file.toString(),
            "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=;"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\\|", -1));
            }
        }
        return rows;
    }

    private static String field(String[] row, String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(name)) {
                return row[i];
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void shouldBeDecodedByTsharkFromPcapInBothByteOrders() throws Exception {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            Path file = dir.resolve("t-" + order + ".pcap");
            byte[] syn = vlanSyn();
            PcapWriter w = PcapWriter.inMemory(order, order == ByteOrder.BIG_ENDIAN, 65535, LinkTypes.ETHERNET)
                .packet(T0, syn)
                .packet(T0 + 1000, ipv6WithChain())
                .packet(T0 + 2000, Arrays.copyOf(syn, 40), syn.length)
                .packet(T0 + 3000, Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                    .ipv4("10.0.0.1", "10.0.0.2").checksum(0x1234).tcp(1, 2).checksum(0x4321).build());
            Files.write(file, w.toByteArray());

            List<String[]> rows = decode(file);

            assertThat(rows).hasSize(4);
            String[] r = rows.get(0);
            assertThat(field(r, "ieee8021ad.id")).isEqualTo("100");
            assertThat(field(r, "vlan.id")).isEqualTo("42");
            assertThat(field(r, "ip.src")).isEqualTo("192.0.2.1");
            assertThat(field(r, "ip.checksum.status")).isEqualTo(GOOD);
            assertThat(field(r, "tcp.checksum.status")).isEqualTo(GOOD);
            assertThat(field(r, "tcp.srcport")).isEqualTo("40000");
            assertThat(field(r, "tcp.flags")).isEqualTo("0x0002");
            assertThat(field(r, "tcp.options.mss_val")).isEqualTo("1460");
            assertThat(field(r, "tcp.options.wscale.shift")).isEqualTo("7");
            assertThat(field(r, "tcp.options.timestamp.tsval")).isEqualTo("111");
            String expectedTime = order == ByteOrder.BIG_ENDIAN ? "1700000000.123456789" : "1700000000.123456";
            assertThat(field(r, "frame.time_epoch")).startsWith(expectedTime);
            String[] v6 = rows.get(1);
            assertThat(field(v6, "ipv6.src")).isEqualTo("2001:db8::1");
            assertThat(field(v6, "tcp.checksum.status")).isEqualTo(GOOD);
            assertThat(field(v6, "tcp.options.sack_le")).isNotEmpty();
            assertThat(field(rows.get(2), "frame.len")).isEqualTo(String.valueOf(syn.length));
            assertThat(field(rows.get(2), "frame.cap_len")).isEqualTo("40");
            assertThat(field(rows.get(3), "ip.checksum.status")).isEqualTo(BAD);
            assertThat(field(rows.get(3), "tcp.checksum.status")).isEqualTo(BAD);
        }
    }

    @Test
    void shouldBeDecodedByTsharkFromMultiSectionPcapng() throws Exception {
        byte[] udp = Frames.raw().ipv4("10.0.0.1", "10.0.0.2").udp(5353, 53).payload(new byte[] {1, 2, 3}).build();
        byte[] sll2 = Frames.linuxSll2(7, Frames.ARPHRD_ETHER, Frames.SLL_OUTGOING, new byte[] {2, 0, 0, 0, 0, 1})
            .ipv4("192.0.2.7", "192.0.2.8").tcp(1234, 80).flags(TcpFlags.ACK).build();
        byte[] loop = Frames.loopback(ByteOrder.LITTLE_ENDIAN).family(LinkFamilies.AF_INET6_DARWIN)
            .ipv6("::1", "::2").udp(9, 10).build();
        PcapngWriter w = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN);
        int eth = w.interfaceDescription(LinkTypes.ETHERNET).name("eth0").description("test nic").tsresol(9)
            .snaplen(262144).write();
        int cooked = w.interfaceDescription(LinkTypes.LINUX_SLL2).tsresol(9).write();
        int nul = w.interfaceDescription(LinkTypes.NULL).write();
        w.enhancedPacketBuilder(eth, T0, vlanSyn()).comment("syn").flags(PcapngWriter.FLAG_OUTBOUND).write()
            .enhancedPacket(cooked, T0 + 1, sll2)
            .simplePacket(ipv6WithChain())
            .obsoletePacket(nul, 0, T0 + 3000, loop, loop.length)
            .interfaceStatistics(eth, T0 + 4000, 10, 1)
            .nameResolution().ipv4(new byte[] {(byte) 192, 0, 2, 1}, "client.example").write();
        w.section(ByteOrder.BIG_ENDIAN);
        int raw = w.interfaceDescription(LinkTypes.RAW).tsresol(0x80 | 20).tsoffset(0).write();
        w.enhancedPacket(raw, T0 + 5000, udp);
        Path file = dir.resolve("t.pcapng");
        Files.write(file, w.toByteArray());

        List<String[]> rows = decode(file);

        assertThat(rows).hasSize(5);
        assertThat(field(rows.get(0), "frame.time_epoch")).startsWith("1700000000.123456789");
        assertThat(field(rows.get(0), "frame.comment")).isEqualTo("syn");
        assertThat(field(rows.get(0), "tcp.options.mss_val")).isEqualTo("1460");
        assertThat(field(rows.get(0), "tcp.checksum.status")).isEqualTo(GOOD);
        assertThat(field(rows.get(1), "sll.ifindex")).isEqualTo("7");
        assertThat(field(rows.get(1), "ip.checksum.status")).isEqualTo(GOOD);
        assertThat(field(rows.get(1), "tcp.checksum.status")).isEqualTo(GOOD);
        assertThat(field(rows.get(2), "ipv6.src")).isEqualTo("2001:db8::1");
        assertThat(field(rows.get(2), "tcp.checksum.status")).isEqualTo(GOOD);
        assertThat(field(rows.get(3), "null.family")).isEqualTo("30");
        assertThat(field(rows.get(3), "udp.checksum.status")).isEqualTo(GOOD);
        assertThat(field(rows.get(4), "ip.src")).isEqualTo("10.0.0.1");
        assertThat(field(rows.get(4), "udp.checksum.status")).isEqualTo(GOOD);
        assertThat(field(rows.get(4), "frame.time_epoch")).startsWith("1700000000.12346");
    }
}
