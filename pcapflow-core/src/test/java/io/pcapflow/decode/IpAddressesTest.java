package io.pcapflow.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IpAddressesTest {
    @Test
    void shouldFormatIpv4() {
        assertThat(IpAddresses.appendIpv4(new StringBuilder(), 0xC0A80001).toString()).isEqualTo("192.168.0.1");
        assertThat(IpAddresses.appendIpv4(new StringBuilder(), 0xFFFFFFFF).toString()).isEqualTo("255.255.255.255");
        assertThat(IpAddresses.appendIpv4(new StringBuilder(), 0).toString()).isEqualTo("0.0.0.0");
    }

    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0000000000000000, ::",
        "0000000000000000, 0000000000000001, ::1",
        "20010db800000000, 0000000000000001, 2001:db8::1",
        "20010db800000001, 0000000000000001, 2001:db8:0:1::1",
        "20010db800000000, 0001000000000001, 2001:db8::1:0:0:1",
        "20010db8000a000b, 000c000d000e000f, 2001:db8:a:b:c:d:e:f",
        "2001000000000001, 0000000000000001, 2001:0:0:1::1",
        "fe80000000000000, 021122fffe334455, fe80::211:22ff:fe33:4455",
        "0000000000000000, 0000ffffc0a80001, ::ffff:192.168.0.1",
        "0000000000000000, 00000000c0a80001, ::192.168.0.1",
        "ff02000000000000, 0000000000000000, ff02::",
        "0001000000000000, 0000000000000000, 1::",
    })
    void shouldFormatIpv6Canonically(final String hi, final String lo, final String expected) {
        final long h = Long.parseUnsignedLong(hi, 16);
        final long l = Long.parseUnsignedLong(lo, 16);
        assertThat(IpAddresses.appendIpv6(new StringBuilder(), h, l).toString()).isEqualTo(expected);
    }

    @Test
    void shouldAppendSourceAndDestinationOfView() {
        final PacketView view = new PacketView();
        view.ipVersion = 4;
        view.ipv4Source = 0x0A000001;
        view.ipv4Destination = 0x0A000002;
        final StringBuilder sb = new StringBuilder();
        IpAddresses.appendSource(sb, view).append(" > ");
        IpAddresses.appendDestination(sb, view);
        assertThat(sb.toString()).isEqualTo("10.0.0.1 > 10.0.0.2");
        view.ipVersion = 0;
        assertThat(IpAddresses.appendSource(new StringBuilder(), view).toString()).isEmpty();
    }
}
