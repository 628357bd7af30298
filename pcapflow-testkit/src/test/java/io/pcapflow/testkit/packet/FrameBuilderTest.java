package io.pcapflow.testkit.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBuilderTest {

    /** Independent one's-complement sum, written without the kit's Checksums class. */
    private static int sum(byte[] b, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xFF;
            s += (i % 2 == 0) ? v << 8 : v;
        }
        while (s > 0xFFFF) {
            s = (s & 0xFFFF) + (s >> 16);
        }
        return (int) s;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static long pseudo4(byte[] ip, int ipOff, int proto, int len) {
        long s = 0;
        for (int i = 12; i < 20; i += 2) {
            s += u16(ip, ipOff + i);
        }
        return s + proto + len;
    }

    private static long pseudo6(byte[] f, int ipOff, int proto, int len) {
        long s = 0;
        for (int i = 8; i < 40; i += 2) {
            s += u16(f, ipOff + i);
        }
        return s + proto + len;
    }

    private static byte[] synWithOptions() {
        return Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
            .vlan(EtherTypes.VLAN_8021AD, 100).vlan(EtherTypes.VLAN_8021Q, 42)
            .ipv4("192.0.2.1", "198.51.100.2").ttl(64).id(1234).dontFragment(true)
            .tcp(40000, 80).seq(1000).flags(TcpFlags.SYN).window(64240)
            .mss(1460).sackPermitted().timestamps(111, 0).nop().windowScale(7)
            .build();
    }

    @Test
    void shouldLayOutEthernetWithTwoVlanTags() {
        byte[] f = synWithOptions();

        assertThat(f[0]).isEqualTo((byte) 2);
        assertThat(f[5]).isEqualTo((byte) 2);
        assertThat(f[11]).isEqualTo((byte) 1);
        assertThat(u16(f, 12)).isEqualTo(0x88A8);
        assertThat(u16(f, 14) & 0xFFF).isEqualTo(100);
        assertThat(u16(f, 16)).isEqualTo(0x8100);
        assertThat(u16(f, 18) & 0xFFF).isEqualTo(42);
        assertThat(u16(f, 20)).isEqualTo(0x0800);
    }

    @Test
    void shouldComputeIpv4AndTcpChecksumsAndLengths() {
        byte[] f = synWithOptions();
        int ip = 22;

        assertThat(f[ip] & 0xFF).isEqualTo(0x45);
        assertThat(u16(f, ip + 2)).isEqualTo(f.length - ip);
        assertThat(u16(f, ip + 6)).isEqualTo(0x4000);
        assertThat(sum(f, ip, 20, 0)).isEqualTo(0xFFFF);
        int tcp = ip + 20;
        int tcpLen = f.length - tcp;
        assertThat((f[tcp + 12] & 0xFF) >> 4).isEqualTo(10);
        assertThat(tcpLen).isEqualTo(40);
        assertThat(sum(f, tcp, tcpLen, pseudo4(f, ip, 6, tcpLen))).isEqualTo(0xFFFF);
    }

    @Test
    void shouldPadTcpOptionsWithZerosToWordBoundary() {
        TcpBuilder b = Frames.raw().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).mss(1460).windowScale(7);
        byte[] seg = b.buildSegment();

        assertThat(b.headerLength()).isEqualTo(28);
        assertThat(seg).hasSize(28);
        assertThat(seg[27]).isZero();
        assertThat((seg[12] & 0xFF) >> 4).isEqualTo(7);
    }

    @Test
    void shouldEncodeNsFlagAndSackBlocks() {
        byte[] seg = Frames.raw().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2)
            .flags(TcpFlags.ACK | TcpFlags.NS).nop().nop().sack(10, 20, 30, 40).buildSegment();

        assertThat(seg[12] & 1).isEqualTo(1);
        assertThat(seg[13] & 0xFF).isEqualTo(0x10);
        assertThat(seg[22] & 0xFF).isEqualTo(5);
        assertThat(seg[23] & 0xFF).isEqualTo(18);
        assertThat(seg).hasSize(40);
    }

    @Test
    void shouldChecksumIpv6TcpBehindExtensionChain() {
        byte[] f = Frames.raw().ipv6("2001:db8::1", "2001:db8::2")
            .hopByHop(new byte[0]).routing(0, 0, "2001:db8::99").destinationOptions(new byte[0])
            .tcp(443, 50000).flags(TcpFlags.ACK).payload("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .build();

        assertThat(f[6]).isEqualTo((byte) 0);
        assertThat(f[40]).isEqualTo((byte) 43);
        assertThat(f[48]).isEqualTo((byte) 60);
        assertThat(f[48 + 24]).isEqualTo((byte) 6);
        int tcp = 40 + 8 + 24 + 8;
        assertThat(u16(f, 4)).isEqualTo(f.length - 40);
        int len = f.length - tcp;
        assertThat(sum(f, tcp, len, pseudo6(f, 0, 6, len))).isEqualTo(0xFFFF);
    }

    @Test
    void shouldChecksumUdpAndIcmpOnBothFamilies() {
        byte[] u4 = Frames.raw().ipv4("10.0.0.1", "10.0.0.2").udp(53, 5353).payload(new byte[] {1, 2, 3}).build();
        assertThat(sum(u4, 20, 11, pseudo4(u4, 0, 17, 11))).isEqualTo(0xFFFF);
        assertThat(u16(u4, 24)).isEqualTo(11);
        byte[] i4 = Frames.raw().ipv4("10.0.0.1", "10.0.0.2").icmpEcho(7, 1).payload(new byte[] {9}).build();
        assertThat(i4[20]).isEqualTo((byte) 8);
        assertThat(sum(i4, 20, 9, 0)).isEqualTo(0xFFFF);
        byte[] i6 = Frames.raw().ipv6("::1", "::2").icmpEcho(7, 1).reply().build();
        assertThat(i6[40] & 0xFF).isEqualTo(129);
        assertThat(sum(i6, 40, 8, pseudo6(i6, 0, 58, 8))).isEqualTo(0xFFFF);
        byte[] u6 = Frames.raw().ipv6("::1", "::2").atomicFragment(5).udp(1, 2).build();
        assertThat(i6[6]).isEqualTo((byte) 58);
        assertThat(u6[6]).isEqualTo((byte) 44);
        assertThat(sum(u6, 48, 8, pseudo6(u6, 0, 17, 8))).isEqualTo(0xFFFF);
    }

    @Test
    void shouldWriteCookedAndLoopbackHeaders() {
        byte[] mac = {2, 0, 0, 0, 0, 9};
        byte[] sll = Frames.linuxSll(Frames.SLL_OUTGOING, 1, mac).ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
        assertThat(u16(sll, 0)).isEqualTo(4);
        assertThat(u16(sll, 2)).isEqualTo(1);
        assertThat(u16(sll, 4)).isEqualTo(6);
        assertThat(sll[11]).isEqualTo((byte) 9);
        assertThat(u16(sll, 14)).isEqualTo(0x0800);
        assertThat(sll[16] & 0xFF).isEqualTo(0x45);

        byte[] sll2 = Frames.linuxSll2(3, 1, 0, mac).ipv6("::1", "::2").udp(1, 2).build();
        assertThat(u16(sll2, 0)).isEqualTo(0x86DD);
        assertThat(sll2[7]).isEqualTo((byte) 3);
        assertThat(sll2[11]).isEqualTo((byte) 6);
        assertThat(sll2[20] & 0xF0).isEqualTo(0x60);

        byte[] lo = Frames.loopback(ByteOrder.LITTLE_ENDIAN).ipv6("::1", "::2").udp(1, 2).build();
        assertThat(lo).startsWith(24, 0, 0, 0);
        byte[] lo4 = Frames.loopback(ByteOrder.BIG_ENDIAN).ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
        assertThat(lo4).startsWith(0, 0, 0, 2);
        byte[] darwin = Frames.loopback(ByteOrder.LITTLE_ENDIAN).family(LinkFamilies.AF_INET6_DARWIN)
            .ipv6("::1", "::2").udp(1, 2).build();
        assertThat(darwin[0]).isEqualTo((byte) 30);
    }

    @Test
    void shouldSplitIpv4DatagramIntoFragmentsThatReassemble() throws Exception {
        byte[] payload = new byte[100];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        Ipv4Builder ip = Frames.raw().ipv4("10.0.0.1", "10.0.0.2").id(77);
        byte[] whole = ip.udp(1, 2).payload(payload).build();
        List<byte[]> frags = ip.udp(1, 2).payload(payload).buildFragments(48, 32);

        assertThat(frags).hasSize(3);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int expectedOffset = 0;
        for (int i = 0; i < frags.size(); i++) {
            byte[] f = frags.get(i);
            assertThat(sum(f, 0, 20, 0)).isEqualTo(0xFFFF);
            assertThat(u16(f, 2)).isEqualTo(f.length);
            assertThat(u16(f, 4)).isEqualTo(77);
            assertThat((u16(f, 6) & 0x1FFF) * 8).isEqualTo(expectedOffset);
            assertThat((u16(f, 6) & 0x2000) != 0).isEqualTo(i < 2);
            joined.write(f, 20, f.length - 20);
            expectedOffset += f.length - 20;
        }
        assertThat(joined.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(whole, 20, whole.length));
    }

    @Test
    void shouldHonourHostileOverrides() {
        byte[] f = Frames.raw().ipv4("10.0.0.1", "10.0.0.2").ihl(4).totalLength(9999).checksum(0xBEEF)
            .options(new byte[] {1, 1, 1}).tcp(1, 2).dataOffset(3).skipChecksum().build();

        assertThat(f[0] & 0xFF).isEqualTo(0x44);
        assertThat(u16(f, 2)).isEqualTo(9999);
        assertThat(u16(f, 10)).isEqualTo(0xBEEF);
        assertThat(f).hasSize(24 + 20);
        assertThat((f[24 + 12] & 0xFF) >> 4).isEqualTo(3);
        assertThat(u16(f, 24 + 16)).isZero();
    }

    @Test
    void shouldSplitIpv6DatagramAfterUnfragmentableHeaders() {
        List<byte[]> frags = Frames.raw().ipv6("2001:db8::1", "2001:db8::2").hopByHop(new byte[0]).fragmentId(9)
            .udp(1, 2).payload(new byte[40]).buildFragments(16);

        assertThat(frags).hasSize(2);
        byte[] first = frags.get(0);
        assertThat(first[6]).isEqualTo((byte) 0);
        assertThat(first[40]).isEqualTo((byte) 44);
        assertThat(first[48]).isEqualTo((byte) 17);
        assertThat(u16(first, 50)).isEqualTo(1);
        assertThat(u16(first, 4)).isEqualTo(8 + 8 + 16);
        byte[] second = frags.get(1);
        assertThat(u16(second, 50)).isEqualTo(16);
        assertThat(second).hasSize(40 + 16 + 32);
    }
}
