package io.pcapflow.tcp;

import org.junit.jupiter.api.Test;

import static io.pcapflow.testkit.packet.TcpFlags.ACK;
import static io.pcapflow.testkit.packet.TcpFlags.FIN;
import static io.pcapflow.testkit.packet.TcpFlags.PSH;
import static io.pcapflow.testkit.packet.TcpFlags.RST;
import static io.pcapflow.testkit.packet.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/** Tracker behaviour on synthetic conversations built with the test kit. */
class TcpTrackerTest {
    private static final long C = 1000;
    private static final long S = 5000;

    private static Conversation handshake(final Conversation c) {
        return c.client(SYN, C, 0, 0).advance(10_000_000).server(SYN | ACK, S, C + 1, 0).client(ACK, C + 1, S + 1, 0);
    }

    @Test
    void shouldReportSynWithoutAnswerAsS0() {
        final Conversation c = new Conversation().client(SYN, C, 0, 0).run();
        assertThat(c.only().state()).isEqualTo("S0");
        assertThat(c.only().history()).isEqualTo("S");
        assertThat(c.only().reason()).isEqualTo(EndReason.END_OF_CAPTURE);
        assertThat(c.only().guessed()).isFalse();
    }

    @Test
    void shouldReportRejectedAttemptAsRej() {
        final Conversation c = new Conversation().client(SYN, C, 0, 0).server(RST | ACK, 0, C + 1, 0).run();
        assertThat(c.only().state()).isEqualTo("REJ");
        assertThat(c.only().history()).isEqualTo("Sr");
        assertThat(c.only().reason()).isEqualTo(EndReason.RST);
    }

    @Test
    void shouldFollowCompleteConnectionToSf() {
        final Conversation c = handshake(new Conversation())
            .client(ACK | PSH, C + 1, S + 1, 100).server(ACK, S + 1, C + 101, 0)
            .server(ACK | PSH, S + 1, C + 101, 300).client(ACK, C + 101, S + 301, 0)
            .client(FIN | ACK, C + 101, S + 301, 0).server(FIN | ACK, S + 301, C + 102, 0)
            .client(ACK, C + 102, S + 302, 0).run();
        final Conversation.TcpConnectionCopy k = c.only();
        assertThat(k.state()).isEqualTo("SF");
        assertThat(k.history()).isEqualTo("ShADadFf");
        assertThat(k.reason()).isEqualTo(EndReason.FIN);
        assertThat(k.client()).isEqualTo(Conversation.CLIENT);
        assertThat(k.server()).isEqualTo(Conversation.SERVER);
        assertThat(k.clientPort()).isEqualTo(40000);
        assertThat(k.packets()).containsExactly(6, 4);
        assertThat(k.bytes()).containsExactly(100, 300);
        assertThat(k.unique()).containsExactly(100, 300);
        assertThat(k.synToSynAck()).isEqualTo(11_000_000);
        assertThat(k.initialRtt()).isEqualTo(12_000_000);
        // every exactly acknowledged segment: SYN, SYN/ACK, two data segments, two FINs
        assertThat(k.rttSamples()).isEqualTo(6);
        assertThat(c.segment(3).seq()).isEqualTo(1);
        assertThat(c.segment(3).ack()).isEqualTo(1);
        assertThat(c.segment(4).ack()).isEqualTo(101);
        assertThat(c.segment(4).ackRtt()).isEqualTo(1_000_000);
        assertThat(c.segment(4).initialRtt()).isEqualTo(12_000_000);
        assertThat(c.segments).allMatch(s -> s.flags() == 0);
    }

    @Test
    void shouldEndOnRstFromEitherSide() {
        final Conversation a = handshake(new Conversation()).client(RST | ACK, C + 1, S + 1, 0).run();
        assertThat(a.only().state()).isEqualTo("RSTO");
        final Conversation b = handshake(new Conversation()).server(RST | ACK, S + 1, C + 1, 0).run();
        assertThat(b.only().state()).isEqualTo("RSTR");
        assertThat(b.only().reason()).isEqualTo(EndReason.RST);
    }

    @Test
    void shouldStartNewStreamWhenSynReusesPortsWithNewIsn() {
        final Conversation c = new Conversation().client(SYN, C, 0, 0).client(SYN, C + 99_999, 0, 0).run();
        assertThat(c.connections).hasSize(2);
        assertThat(c.connections.get(0).reason()).isEqualTo(EndReason.REUSED);
        assertThat(c.segment(1).stream()).isEqualTo(1);
        assertThat(c.segment(1).is(TcpAnalysis.REUSED_PORTS)).isTrue();
    }

    @Test
    void shouldFlagSynRetransmissionInSameStream() {
        final Conversation c = new Conversation().client(SYN, C, 0, 0).advance(1_000_000_000).client(SYN, C, 0, 0)
            .run();
        assertThat(c.connections).hasSize(1);
        assertThat(c.segment(1).is(TcpAnalysis.RETRANSMISSION)).isTrue();
        assertThat(c.segment(1).is(TcpAnalysis.REUSED_PORTS)).isFalse();
    }

    @Test
    void shouldFlagSynAckWithNewIsnAsReusedPortsInSameStream() {
        // the server is first seen without SYN (base S - 1); the SYN, sent again, is answered with another ISN
        final Conversation c = new Conversation().client(SYN, C, 0, 0).server(ACK, S, C + 50, 0)
            .client(RST, C + 50, 0, 0).advance(3_000_000_000L).client(SYN, C, 0, 0)
            .server(SYN | ACK, S + 7777, C + 1, 0).server(SYN | ACK, S + 7777, C + 1, 0).run();
        assertThat(c.segment(3).is(TcpAnalysis.RETRANSMISSION)).isTrue();
        assertThat(c.segment(4).is(TcpAnalysis.REUSED_PORTS)).isTrue();
        assertThat(c.segment(4).stream()).isEqualTo(0);
        assertThat(c.segment(5).is(TcpAnalysis.REUSED_PORTS)).isFalse();
        assertThat(c.segment(5).is(TcpAnalysis.RETRANSMISSION)).isTrue();
    }

    @Test
    void shouldKeepDuplicateAckCountAcrossDataWithSameAckAndResetItOnNewAck() {
        final Conversation c = handshake(new Conversation())
            .client(ACK, C + 1, S + 1, 100).client(ACK, C + 201, S + 1, 100)
            .server(ACK, S + 1, C + 101, 0).server(ACK, S + 1, C + 101, 0)
            .server(ACK | PSH, S + 1, C + 101, 10).server(ACK, S + 11, C + 101, 0)
            .server(ACK, S + 11, C + 101, 0).server(ACK, S + 11, C + 301, 0).server(ACK, S + 11, C + 301, 0).run();
        assertThat(c.segment(6).dupAcks()).isEqualTo(1);
        // data with the same ACK neither counts nor resets; a new ACK resets
        assertThat(c.segment(7).is(TcpAnalysis.DUPLICATE_ACK)).isFalse();
        assertThat(c.segment(8).dupAcks()).isEqualTo(2);
        assertThat(c.segment(9).dupAcks()).isEqualTo(3);
        assertThat(c.segment(10).is(TcpAnalysis.DUPLICATE_ACK)).isFalse();
        assertThat(c.segment(11).dupAcks()).isEqualTo(1);
    }

    @Test
    void shouldReportAckOfUnseenDataOnceUntilThePeerAcksAgainButEveryHole() {
        final Conversation c = handshake(new Conversation())
            .client(ACK, C + 1, S + 1, 100).server(ACK, S + 1, C + 301, 0).server(ACK | PSH, S + 1, C + 301, 10)
            .client(ACK, C + 301, S + 11, 100).server(ACK, S + 11, C + 501, 0).run();
        // beyond all of the client's data: once
        assertThat(c.segment(4).is(TcpAnalysis.ACKED_UNSEEN_SEGMENT)).isTrue();
        assertThat(c.segment(5).is(TcpAnalysis.ACKED_UNSEEN_SEGMENT)).isFalse();
        // the client's data now has a hole: reported again
        assertThat(c.segment(6).is(TcpAnalysis.LOST_SEGMENT)).isTrue();
        assertThat(c.segment(7).is(TcpAnalysis.ACKED_UNSEEN_SEGMENT)).isTrue();
    }

    @Test
    void shouldFlagFinRepeatedWithAckOfUnseenDataAsFastRetransmission() {
        // Wireshark 4.0.17 (tcp-analysis/reassembly.pcap frames 8, 10, 12): the unseen ACK leaves -1 in
        // the peer's unsigned duplicate-ACK counter, which passes the ">= 2 duplicate ACKs" test
        final Conversation c = handshake(new Conversation())
            .client(ACK, C + 1, S + 1, 100).server(FIN | ACK, S + 1, C + 101, 0)
            .client(ACK, C + 101, S + 1, 100).server(FIN | ACK, S + 1, C + 301, 0).run();
        assertThat(c.segment(6).is(TcpAnalysis.ACKED_UNSEEN_SEGMENT)).isTrue();
        assertThat(c.segment(6).is(TcpAnalysis.FAST_RETRANSMISSION)).isTrue();
        assertThat(c.segment(6).is(TcpAnalysis.RETRANSMISSION)).isTrue();
    }

    @Test
    void shouldRepeatRetransmissionAndZeroWindowLettersAtPowersOfTenAsZeek() {
        Conversation c = handshake(new Conversation()).client(ACK | PSH, C + 1, S + 1, 100);
        for (int i = 0; i < 10; i++) {
            c = c.advance(200_000_000).client(ACK | PSH, C + 1, S + 1, 100)
                .send(false, ACK, S + 1, C + 1, 0, b -> b.window(0));
        }
        final String history = c.run().only().history();
        assertThat(history.chars().filter(ch -> ch == 'T').count()).isEqualTo(2);
        assertThat(history.chars().filter(ch -> ch == 'w').count()).isEqualTo(2);
        assertThat(history).isEqualTo("ShADTawTw");
        assertThat(ZeekState.isPowerOfTen(1)).isTrue();
        assertThat(ZeekState.isPowerOfTen(1000)).isTrue();
        assertThat(ZeekState.isPowerOfTen(999)).isFalse();
        assertThat(ZeekState.isPowerOfTen(1_000_000_000_000_000_000L)).isTrue();
        assertThat(ZeekState.isPowerOfTen(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void shouldFlagRtoRetransmission() {
        final Conversation c = handshake(new Conversation())
            .client(ACK | PSH, C + 1, S + 1, 100).advance(300_000_000).client(ACK | PSH, C + 1, S + 1, 100).run();
        assertThat(c.segment(4).is(TcpAnalysis.RETRANSMISSION)).isTrue();
        assertThat(c.segment(4).is(TcpAnalysis.FAST_RETRANSMISSION)).isFalse();
        assertThat(c.only().retrans()).containsExactly(1, 0);
        assertThat(c.only().history()).contains("T");
    }

    @Test
    void shouldFlagFastRetransmissionAfterThreeDuplicateAcks() {
        final Conversation c = handshake(new Conversation())
            .client(ACK, C + 1, S + 1, 100).client(ACK, C + 101, S + 1, 100).client(ACK, C + 201, S + 1, 100)
            .server(ACK, S + 1, C + 101, 0).server(ACK, S + 1, C + 101, 0).server(ACK, S + 1, C + 101, 0)
            .server(ACK, S + 1, C + 101, 0).client(ACK, C + 101, S + 1, 100).run();
        assertThat(c.segment(6).is(TcpAnalysis.LOST_SEGMENT)).isFalse();
        assertThat(c.segment(7).is(TcpAnalysis.DUPLICATE_ACK)).isTrue();
        assertThat(c.segment(7).dupAcks()).isEqualTo(1);
        assertThat(c.segment(9).dupAcks()).isEqualTo(3);
        assertThat(c.segment(10).is(TcpAnalysis.FAST_RETRANSMISSION)).isTrue();
        assertThat(c.segment(10).is(TcpAnalysis.RETRANSMISSION)).isTrue();
        assertThat(c.only().dupAcks()).containsExactly(0, 3);
    }

    @Test
    void shouldFlagLostSegmentAndOutOfOrder() {
        final Conversation c = handshake(new Conversation())
            .client(ACK, C + 101, S + 1, 100).client(ACK, C + 1, S + 1, 100).run();
        assertThat(c.segment(3).is(TcpAnalysis.LOST_SEGMENT)).isTrue();
        assertThat(c.segment(4).is(TcpAnalysis.OUT_OF_ORDER)).isTrue();
    }

    @Test
    void shouldFlagZeroWindowProbeAndKeepAlive() {
        final Conversation c = handshake(new Conversation())
            .client(ACK, C + 1, S + 1, 100)
            .send(false, ACK, S + 1, C + 101, 0, b -> b.window(0))
            .client(ACK, C + 101, S + 1, 1)
            .send(false, ACK, S + 1, C + 101, 0, b -> b.window(0))
            .advance(60_000_000_000L).server(ACK, S, C + 101, 0).run();
        assertThat(c.segment(4).is(TcpAnalysis.ZERO_WINDOW)).isTrue();
        assertThat(c.segment(5).is(TcpAnalysis.ZERO_WINDOW_PROBE)).isTrue();
        assertThat(c.segment(6).is(TcpAnalysis.ZERO_WINDOW_PROBE_ACK)).isTrue();
        assertThat(c.segment(7).is(TcpAnalysis.KEEP_ALIVE)).isTrue();
        assertThat(c.only().zeroWindows()).containsExactly(0, 2);
    }

    @Test
    void shouldGuessServerFromLowerPortMidConnection() {
        final Conversation c = new Conversation().server(ACK, S, C, 100).client(ACK, C, S + 100, 0).run();
        assertThat(c.only().guessed()).isTrue();
        assertThat(c.only().serverPort()).isEqualTo(80);
        assertThat(c.only().state()).isEqualTo("OTH");
        assertThat(c.only().history()).startsWith("^");
        assertThat(c.segment(0).seq()).isEqualTo(1);
        assertThat(c.segment(1).ack()).isEqualTo(101);
    }

    @Test
    void shouldUnwrapSequenceNumbersPast32Bits() {
        final long isn = 0xFFFF_FF00L;
        final Conversation c = new Conversation().client(SYN, isn, 0, 0).server(SYN | ACK, S, isn + 1, 0);
        long seq = isn + 1;
        for (int i = 0; i < 5; i++) {
            c.client(ACK, seq & 0xFFFF_FFFFL, S + 1, 100);
            seq += 100;
        }
        c.run();
        assertThat(c.segment(6).seq()).isEqualTo(401);
        assertThat(c.segments).allMatch(s -> s.flags() == 0);
    }

    @Test
    void shouldApplyWindowScaleOnlyWhenBothSidesOfferedItAndNeverToSyn() {
        final Conversation c = new Conversation()
            .send(true, SYN, C, 0, 0, b -> b.windowScale(14))
            .send(false, SYN | ACK, S, C + 1, 0, b -> b.windowScale(15))
            .client(ACK, C + 1, S + 1, 0).server(ACK, S + 1, C + 1, 0).run();
        assertThat(c.segment(0).window()).isEqualTo(65535);
        assertThat(c.segment(1).window()).isEqualTo(65535);
        assertThat(c.segment(2).window()).isEqualTo(65535L << 14);
        assertThat(c.segment(3).window()).isEqualTo(65535L << 14);
        assertThat(c.segment(3).scale()).isEqualTo(14);
        assertThat(c.only().scale()).containsExactly(14, 14);
        final Conversation none = new Conversation()
            .send(true, SYN, C, 0, 0, b -> b.windowScale(7)).server(SYN | ACK, S, C + 1, 0)
            .client(ACK, C + 1, S + 1, 0).run();
        assertThat(none.segment(2).window()).isEqualTo(65535);
        assertThat(none.segment(2).scale()).isEqualTo(-1);
    }

    @Test
    void shouldTrackIpv6() {
        final Conversation c = new Conversation();
        c.ipv6 = true;
        c.clientAddress = "2001:db8::1";
        c.serverAddress = "2001:db8::2";
        handshake(c).run();
        assertThat(c.only().client()).isEqualTo("2001:db8::1");
        assertThat(c.only().packets()).containsExactly(2, 1);
    }

    @Test
    void shouldKeepVlanLegsApartOnlyWhenAsked() {
        final Conversation c = new Conversation();
        c.vlan = 10;
        c.client(SYN, C, 0, 0);
        c.vlan = 20;
        c.client(SYN, C, 0, 0);
        final Conversation merged = c.run();
        assertThat(merged.connections).hasSize(1);
        final Conversation d = new Conversation();
        d.vlan = 10;
        d.client(SYN, C, 0, 0);
        d.vlan = 20;
        d.client(SYN, C, 0, 0);
        d.run(TrackerOptions.defaults().vlanAware(true));
        assertThat(d.connections).hasSize(2);
    }

    @Test
    void shouldEndIdleConnectionsAndEvictLeastRecentlyUsed() {
        final Conversation c = new Conversation().client(SYN, C, 0, 0).advance(3_000_000_000L);
        c.clientPort = 40001;
        c.client(SYN, C, 0, 0).advance(3_000_000_000L);
        c.clientPort = 40002;
        c.client(SYN, C, 0, 0);
        c.clientPort = 40003;
        c.client(SYN, C, 0, 0);
        c.run(TrackerOptions.defaults().idleTimeoutNanos(5_000_000_000L).maxOpenConnections(2));
        assertThat(c.connections).extracting(Conversation.TcpConnectionCopy::reason)
            .containsExactly(EndReason.IDLE, EndReason.EVICTED, EndReason.END_OF_CAPTURE, EndReason.END_OF_CAPTURE);
        assertThat(c.connections).extracting(Conversation.TcpConnectionCopy::clientPort)
            .containsExactly(40000, 40001, 40002, 40003);
    }

    @Test
    void shouldKeepStreamAndNumbersOfLatePacketsAfterReportingALingeringConnectionEarly() {
        final Conversation c = handshake(new Conversation()).client(ACK | PSH, C + 1, S + 1, 100)
            .client(FIN | ACK, C + 101, S + 1, 0).server(FIN | ACK, S + 1, C + 102, 0);
        c.clientPort = 40001;
        c.client(SYN, C, 0, 0).advance(10_000_000_000L);
        c.clientPort = 40000;
        c.client(ACK, C + 102, S + 2, 0).server(ACK, S + 2, C + 102, 0);
        c.run(TrackerOptions.defaults().maxLingeringConnections(0));
        // reported once, at once, with what it had when it closed
        assertThat(c.connections).extracting(Conversation.TcpConnectionCopy::stream).containsExactly(0L, 1L);
        assertThat(c.connections.get(0).reason()).isEqualTo(EndReason.FIN);
        assertThat(c.connections.get(0).packets()).containsExactly(4, 2);
        final Conversation.TcpSegmentCopy late = c.segment(7);
        assertThat(late.stream()).isZero();
        assertThat(late.direction()).isEqualTo(TcpDirection.CLIENT_TO_SERVER);
        assertThat(late.seq()).isEqualTo(102);
        assertThat(late.ack()).isEqualTo(2);
        assertThat(late.initialRtt()).isEqualTo(12_000_000);
        assertThat(c.segment(8).stream()).isZero();
        assertThat(c.segment(8).direction()).isEqualTo(TcpDirection.SERVER_TO_CLIENT);
        assertThat(c.tracker.latePackets()).isEqualTo(2);
        assertThat(c.tracker.connections()).isEqualTo(2);
    }

    @Test
    void shouldStartNewStreamWhenSynWithNewIsnFindsATombstone() {
        final Conversation c = handshake(new Conversation()).client(RST | ACK, C + 1, S + 1, 0)
            .advance(1_000_000_000L).client(SYN, C + 77_777, 0, 0).run(TrackerOptions.defaults()
                .maxLingeringConnections(0));
        assertThat(c.connections).extracting(Conversation.TcpConnectionCopy::stream).containsExactly(0L, 1L);
        assertThat(c.segment(4).stream()).isEqualTo(1);
        assertThat(c.segment(4).is(TcpAnalysis.REUSED_PORTS)).isTrue();
        assertThat(c.tracker.latePackets()).isZero();
        assertThat(c.tracker.tombstones()).isZero();
    }

    @Test
    void shouldForgetTombstonesAfterTheLingerTime() {
        final Conversation c = handshake(new Conversation()).client(RST | ACK, C + 1, S + 1, 0)
            .advance(100_000_000_000L);
        c.clientPort = 40001;
        c.client(SYN, C, 0, 0).advance(100_000_000_000L).client(SYN, C, 0, 0);
        c.clientPort = 40000;
        c.client(ACK, C + 1, S + 1, 0).run(TrackerOptions.defaults().maxLingeringConnections(0).idleTimeoutNanos(0));
        // the tombstone of stream 0 is gone after 120 s: the late ACK starts stream 2
        assertThat(c.segment(6).stream()).isEqualTo(2);
        assertThat(c.tracker.latePackets()).isZero();
    }

    @Test
    void shouldFindTombstonesAcrossChunksAndAfterTheyAllExpired() {
        // 10 000 connections reported at once (several chunks of tombstones; 5 ms each, so all within
        // the linger time), late packets for some of them, then all expire and the store fills again
        final Conversation c = new Conversation();
        final int count = 10_000;
        for (int i = 0; i < count; i++) {
            c.clientPort = 20_000 + i;
            c.client(SYN, C, 0, 0).server(SYN | ACK, S, C + 1, 0).client(ACK, C + 1, S + 1, 0)
                .client(RST | ACK, C + 1, S + 1, 0).advance(1_000_000);
        }
        final int[] late = {0, 4_095, 4_096, 8_191, 8_192, count - 1};
        for (final int i : late) {
            c.clientPort = 20_000 + i;
            c.client(ACK, C + 1, S + 1, 0);
        }
        // two steps (a single jump longer than the linger time expires nothing), the first with a
        // packet of an unrelated connection (stream 10 000)
        c.advance(65_000_000_000L);
        c.clientPort = 60_000;
        c.client(SYN, C, 0, 0).advance(65_000_000_000L);
        c.clientPort = 20_001;
        handshake(c).client(RST | ACK, C + 1, S + 1, 0);
        c.advance(1_000_000).client(ACK, C + 1, S + 1, 0);
        c.run(TrackerOptions.defaults().maxLingeringConnections(0).idleTimeoutNanos(0));
        final int first = 4 * count;
        for (int k = 0; k < late.length; k++) {
            assertThat(c.segment(first + k).stream()).as("late packet of stream %d", late[k]).isEqualTo(late[k]);
            assertThat(c.segment(first + k).seq()).isEqualTo(1);
        }
        // after 130 s every tombstone is gone: stream 1's key starts stream 10 001, whose late ACK finds it
        final int after = first + late.length + 1;
        assertThat(c.segment(after).stream()).isEqualTo(count + 1);
        assertThat(c.segment(after + 4).stream()).isEqualTo(count + 1);
        assertThat(c.tracker.latePackets()).isEqualTo(late.length + 1);
        assertThat(c.tracker.tombstones()).isZero();
        assertThat(c.tracker.connections()).isEqualTo(count + 2);
    }
}
