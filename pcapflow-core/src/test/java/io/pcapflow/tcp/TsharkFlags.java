package io.pcapflow.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs tshark once over a capture and keeps, per TCP frame, every {@code tcp.analysis.*} flag that
 * has a {@link TcpAnalysis} counterpart and {@code tcp.analysis.duplicate_ack_num}.
 */
final class TsharkFlags {
    /** Our flags, in the order of {@link #FIELDS}. */
    static final int[] MASKS = {
        TcpAnalysis.RETRANSMISSION, TcpAnalysis.FAST_RETRANSMISSION, TcpAnalysis.SPURIOUS_RETRANSMISSION,
        TcpAnalysis.OUT_OF_ORDER, TcpAnalysis.LOST_SEGMENT, TcpAnalysis.ACKED_UNSEEN_SEGMENT,
        TcpAnalysis.DUPLICATE_ACK, TcpAnalysis.ZERO_WINDOW, TcpAnalysis.ZERO_WINDOW_PROBE,
        TcpAnalysis.ZERO_WINDOW_PROBE_ACK, TcpAnalysis.WINDOW_FULL, TcpAnalysis.WINDOW_UPDATE,
        TcpAnalysis.KEEP_ALIVE, TcpAnalysis.KEEP_ALIVE_ACK, TcpAnalysis.REUSED_PORTS,
    };
    /** tshark field of each flag in {@link #MASKS}. */
    static final String[] FIELDS = new String[MASKS.length];

    static {
        for (int i = 0; i < MASKS.length; i++) {
            FIELDS[i] = "tcp.analysis." + TcpAnalysis.name(MASKS[i]);
        }
    }

    /** What tshark said about one frame: the flag mask (ours) and the duplicate-ACK number (0 if none). */
    record Frame(int flags, int dupAckNum) {
    }

    private TsharkFlags() {
    }

    /**
     * Runs tshark. A capture tshark stops reading part-way keeps the frames read before the error.
     *
     * @param tshark  the executable
     * @param capture the capture file
     * @return frame number to flags, for every frame with a TCP header
     */
    static Map<Long, Frame> run(final Path tshark, final Path capture) {
        final List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", capture.toString(), "-Y",
            "tcp", "-T", "fields", "-E", "aggregator=|", "-e", "frame.number", "-e",
            "tcp.analysis.duplicate_ack_num"));
        for (final String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        final String out;
        try {
            final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("tshark timed out on " + capture);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        final Map<Long, Frame> frames = new HashMap<>();
        for (final String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            final String[] v = line.split("\t", -1);
            int flags = 0;
            for (int i = 0; i < MASKS.length; i++) {
                if (!v[i + 2].isEmpty()) {
                    flags |= MASKS[i];
                }
            }
            final String num = v[1];
            final int dup = num.isEmpty() ? 0 : Integer.parseInt(num.split("\\|")[0]);
            frames.put(Long.parseLong(v[0]), new Frame(flags, dup));
        }
        return frames;
    }
}
