package io.pcapflow.testkit.blog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The rebuilt capture's structure and the ladder table, without external tools. */
class BlogCaptureTest {

    @Test
    void shouldWriteTheSameBytesEveryTime() {
        assertThat(BlogCapture.bytes()).isEqualTo(BlogCapture.bytes());
    }

    @Test
    void shouldWriteOneNanosecondInterfaceAnd22639PacketsInTimeOrder() {
        ByteBuffer b = ByteBuffer.wrap(BlogCapture.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.limit()).isLessThan(4 << 20);
        assertThat(b.getInt(0)).isEqualTo(0x0A0D0D0A);
        int idb = b.getInt(4);
        assertThat(b.getInt(idb)).isEqualTo(1);
        assertThat(b.getShort(idb + 8)).isEqualTo((short) 1);
        assertThat(b.getInt(idb + 12)).isEqualTo(BlogCapture.SNAPLEN);
        int packets = 0;
        long previous = Long.MIN_VALUE;
        long first = 0;
        long last = 0;
        for (int at = idb + b.getInt(idb + 4); at < b.limit(); at += b.getInt(at + 4)) {
            assertThat(b.getInt(at)).isEqualTo(6);
            packets++;
            long ts = ((long) b.getInt(at + 12) << 32) | (b.getInt(at + 16) & 0xFFFF_FFFFL);
            assertThat(ts).isGreaterThan(previous);
            previous = ts;
            int captured = b.getInt(at + 20);
            int original = b.getInt(at + 24);
            assertThat(captured).isEqualTo(Math.min(original, BlogCapture.SNAPLEN));
            first = packets == BlogCapture.FIRST_ORDINAL ? ts : first;
            last = packets == BlogCapture.LAST_ORDINAL ? ts : last;
        }
        assertThat(packets).isEqualTo(BlogCapture.TOTAL_PACKETS);
        assertThat(first).isEqualTo(1_537_977_062_883_718_124L);
        assertThat(last).isEqualTo(1_537_977_124_324_012_912L);
    }

    @Test
    void shouldPrintTheFixtureLinesWithTheBlogsFormat() throws Exception {
        List<String> expected = BlogLadderText.rawLines();
        List<BlogLadder.Line> lines = BlogLadder.lines();
        assertThat(lines).hasSize(expected.size());
        for (int i = 0; i < lines.size(); i++) {
            BlogLadder.Line l = lines.get(i);
            String text = String.format(Locale.ROOT, "[%5d]%10.6fs %-3s seq=%-8d ack=%-8d len=%-6d win=%-9d",
                l.ordinal(), l.micros() / 1e6, l.flags(), l.seq(), l.ack(), l.length(), l.window());
            assertThat((l.fromClient() ? "-->" : String.format("%60s", "<--")) + text).isEqualTo(expected.get(i));
        }
    }

    @Test
    void shouldRoundAndTruncateRelativeTimesToTheBlogsMicrosecondsExceptTheLastPacket() {
        for (BlogLadder.Line l : BlogLadder.lines()) {
            long ns = l.relativeNanos();
            assertThat((ns + 500) / 1000).as("#%d rounded", l.ordinal()).isEqualTo(l.micros());
            if (l.ordinal() == BlogCapture.LAST_ORDINAL) {
                assertThat(ns / 1000).isEqualTo(l.micros() - 1);
            } else {
                assertThat(ns / 1000).as("#%d truncated", l.ordinal()).isEqualTo(l.micros());
            }
        }
        assertThat(BlogLadder.lines().get(18).relativeNanos())
            .isEqualTo(BlogCapture.LAST_EPOCH_NANOS - BlogCapture.FIRST_EPOCH_NANOS);
    }

    @Test
    void shouldSplitTheMiddleIntoWholeSegmentsOfOneToEightUnits() {
        int[] units = ConnectionPlan.middleUnits(new java.util.Random(ConnectionPlan.SEED));
        long sum = 0;
        for (int u : units) {
            assertThat(u).isBetween(1, 8);
            sum += u;
        }
        assertThat(units).hasSize(ConnectionPlan.MIDDLE_PAIRS);
        assertThat(sum * ConnectionPlan.UNIT)
            .isEqualTo(ConnectionPlan.MIDDLE_END_SEQ - ConnectionPlan.MIDDLE_FIRST_SEQ);
    }
}
