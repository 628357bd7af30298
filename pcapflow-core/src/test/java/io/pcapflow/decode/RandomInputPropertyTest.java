package io.pcapflow.decode;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.pcapflow.capture.LinkType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class RandomInputPropertyTest {
    private static final int[] LINK_TYPES = {
        LinkType.NULL, LinkType.ETHERNET, LinkType.RAW_BSD12, LinkType.RAW_BSD14, LinkType.RAW, LinkType.LOOP,
        LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.NFLOG, LinkType.LINUX_SLL2, 147,
    };

    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView view = new PacketView();

    @Property(tries = 2000)
    void shouldDecodeAnyBytesUnderEveryLinkTypeWithoutException(@ForAll @Size(max = 200) final byte[] bytes) {
        for (final int linkType : LINK_TYPES) {
            assertThatCode(() -> decoder.decode(Frames.record(linkType, bytes), view)).doesNotThrowAnyException();
        }
    }

    @Property(tries = 1000)
    void shouldDecodeValidHeadersFollowedByRandomBytes(@ForAll @Size(max = 120) final byte[] tail) {
        final byte[][] prefixes = {
            Frames.frame().ethernet(0x0800).raw((byte) 0x45).build(),
            Frames.frame().ethernet(0x86DD).raw((byte) 0x60).build(),
            Frames.frame().ethernet(0x8100).vlan(1, 0x0800).raw((byte) 0x46).build(),
        };
        for (final byte[] prefix : prefixes) {
            final byte[] f = new byte[prefix.length + tail.length];
            System.arraycopy(prefix, 0, f, 0, prefix.length);
            System.arraycopy(tail, 0, f, prefix.length, tail.length);
            assertThatCode(() -> decoder.decode(Frames.record(LinkType.ETHERNET, f), view))
                .doesNotThrowAnyException();
        }
    }
}
