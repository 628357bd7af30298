package io.pcapflow.cli.command;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.CaptureRecord;
import io.pcapflow.capture.InterfaceInfo;
import io.pcapflow.capture.InterfaceStatistics;
import io.pcapflow.capture.LinkType;
import io.pcapflow.capture.PacketHandler;
import io.pcapflow.cli.console.Console;
import io.pcapflow.export.Times;
import io.pcapflow.decode.DecodeCounters;
import io.pcapflow.decode.PacketDecoder;
import io.pcapflow.decode.PacketView;
import io.pcapflow.cli.option.InputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code pcapflow info}: what is in a capture. One pass, memory independent of the file size. */
@Command(name = "info", sortOptions = false,
    description = {"Summarise captures: format, link types, interfaces, packets, bytes, time span,",
        "protocol counts and decoding anomalies. One pass; memory does not grow with the file."})
public final class InfoCommand implements Callable<Integer> {
    @Mixin
    private InputOptions inputs;

    @Option(names = "--json", description = "One JSON object per input (JSON Lines); fields in docs/CLI.md.")
    private boolean json;

    private final Console console;

    /**
     * @param console where output and problems go
     */
    public InfoCommand(final Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        for (final String file : inputs.files) {
            final InfoCollector collector = new InfoCollector();
            CaptureLoop.run(console, file, inputs, new CaptureLoop.Job() {
                @Override
                public PacketHandler start(final CaptureReader reader) {
                    return collector;
                }

                @Override
                public void finish(final CaptureReader reader) {
                    final StringBuilder sb = new StringBuilder(1024);
                    if (json) {
                        collector.appendJson(sb, reader);
                    } else {
                        collector.appendText(sb, reader);
                    }
                    console.out().line(sb);
                }
            });
        }
        console.out().flush();
        return console.exitCode();
    }

    /** Per-input counters, filled per packet without allocation. */
    static final class InfoCollector implements PacketHandler {
        private final PacketDecoder decoder = new PacketDecoder();
        private final PacketView view = new PacketView();
        private long[] perInterface = new long[4];
        private long packets;
        private long capturedBytes;
        private long wireBytes;
        private long snapped;
        private long firstNs;
        private long lastNs;
        private long minNs = Long.MAX_VALUE;
        private long maxNs = Long.MIN_VALUE;
        private boolean timeOrdered = true;

        @Override
        public void onPacket(final CaptureRecord r) {
            final long ts = r.timestampNanos();
            if (packets == 0) {
                firstNs = ts;
            } else if (ts < lastNs) {
                timeOrdered = false;
            }
            packets++;
            lastNs = ts;
            minNs = Math.min(minNs, ts);
            maxNs = Math.max(maxNs, ts);
            capturedBytes += r.capturedLength();
            wireBytes += r.originalLength();
            if (r.capturedLength() < r.originalLength()) {
                snapped++;
            }
            final int g = r.iface().globalId();
            if (g >= perInterface.length) {
                perInterface = java.util.Arrays.copyOf(perInterface, Math.max(g + 1, perInterface.length * 2));
            }
            perInterface[g]++;
            decoder.decode(r, view);
        }

        private int digits(final CaptureReader reader) {
            int digits = 0;
            for (final InterfaceInfo i : reader.interfaces()) {
                digits = Math.max(digits, Math.min(9, i.fractionDigits()));
            }
            return digits == 0 ? 6 : digits;
        }

        void appendText(final StringBuilder sb, final CaptureReader reader) {
            final int digits = digits(reader);
            row(sb, "file", reader.name());
            row(sb, "format", reader.format().label() + (reader.isCompressed() ? " (gzip)" : ""));
            row(sb, "link types", linkTypes(reader));
            for (final InterfaceInfo i : reader.interfaces()) {
                row(sb, "interface " + i.globalId(), describe(i) + ", " + packetsOn(i) + " packets");
            }
            for (final InterfaceStatistics s : reader.statistics()) {
                row(sb, "statistics " + s.interfaceGlobalId(), "received " + opt(s.received()) + ", dropped "
                    + opt(s.dropped()) + ", os dropped " + opt(s.osDropped()));
            }
            row(sb, "packets", Long.toString(packets));
            row(sb, "bytes captured", Long.toString(capturedBytes));
            row(sb, "bytes on wire", Long.toString(wireBytes));
            if (packets > 0) {
                row(sb, "first packet", Times.iso(firstNs, digits));
                row(sb, "last packet", Times.iso(lastNs, digits));
                final StringBuilder d = new StringBuilder();
                Times.appendSeconds(d, maxNs - minNs, digits);
                row(sb, "duration", d.append(" s").toString());
            }
            row(sb, "time ordered", timeOrdered ? "yes" : "no");
            final DecodeCounters c = decoder.counters();
            row(sb, "ip", "ipv4 " + c.ipv4() + ", ipv6 " + c.ipv6() + ", non-ip " + c.nonIp());
            row(sb, "transport", "tcp " + c.tcp() + ", udp " + c.udp() + ", icmp " + c.icmp() + ", icmpv6 "
                + c.icmpv6() + ", other " + c.otherIp());
            row(sb, "fragments", c.fragments() + " (" + c.reassembled() + " datagrams reassembled)");
            row(sb, "snapped", snapped + " packets shorter than on the wire, " + c.truncated()
                + " of them cut inside their headers");
            final StringBuilder a = new StringBuilder();
            decoder.anomalies().forEachNonZero((anomaly, n) ->
                a.append(a.length() == 0 ? "" : ", ").append(anomaly.label()).append(' ').append(n));
            row(sb, "anomalies", a.length() == 0 ? "none" : a.toString());
            for (final String comment : reader.comments()) {
                row(sb, "comment", comment.replace('\n', ' '));
            }
            row(sb, "damage", reader.damage() == null ? "none" : reader.damage().describe());
            sb.setLength(sb.length() - 1);
        }

        private static String epoch(final long nanos, final int digits) {
            final StringBuilder sb = new StringBuilder();
            Times.appendEpoch(sb, nanos, digits);
            return sb.toString();
        }

        private static String opt(final long v) {
            return v < 0 ? "n/a" : Long.toString(v);
        }

        private long packetsOn(final InterfaceInfo i) {
            return i.globalId() < perInterface.length ? perInterface[i.globalId()] : 0;
        }

        private static String describe(final InterfaceInfo i) {
            return (i.name() == null ? "(no name)" : i.name()) + ", " + LinkType.name(i.linkType()) + " ("
                + i.linkType() + "), snaplen " + i.snapLength() + ", resolution 1e-" + i.fractionDigits() + " s"
                + (i.tsOffsetSeconds() != 0 ? ", offset " + i.tsOffsetSeconds() + " s" : "");
        }

        private static String linkTypes(final CaptureReader reader) {
            final java.util.TreeSet<Integer> types = new java.util.TreeSet<>();
            for (final InterfaceInfo i : reader.interfaces()) {
                types.add(i.linkType());
            }
            final StringBuilder sb = new StringBuilder();
            for (final int t : types) {
                sb.append(sb.length() == 0 ? "" : ", ").append(LinkType.name(t)).append(" (").append(t).append(')');
            }
            return sb.toString();
        }

        private static void row(final StringBuilder sb, final String key, final String value) {
            sb.append(key).append(':');
            for (int i = key.length() + 1; i < 17; i++) {
                sb.append(' ');
            }
            sb.append(value).append('\n');
        }

        void appendJson(final StringBuilder sb, final CaptureReader reader) {
            final int digits = digits(reader);
            final Json j = new Json(sb).begin();
            j.field("file", reader.name()).field("format", reader.format().label())
                .field("compressed", reader.isCompressed());
            j.field("packets", packets).field("bytes_captured", capturedBytes).field("bytes_wire", wireBytes)
                .field("snapped_packets", snapped);
            j.field("first", packets > 0 ? Times.iso(firstNs, digits) : null)
                .field("last", packets > 0 ? Times.iso(lastNs, digits) : null);
            j.rawField("earliest_epoch_s", packets > 0 ? epoch(minNs, digits) : null)
                .rawField("latest_epoch_s", packets > 0 ? epoch(maxNs, digits) : null);
            final StringBuilder d = new StringBuilder();
            Times.appendSeconds(d, packets > 0 ? maxNs - minNs : 0, digits);
            j.rawField("duration_s", d.toString()).field("time_ordered", timeOrdered);
            j.beginArray("interfaces");
            for (final InterfaceInfo i : reader.interfaces()) {
                j.begin().field("id", i.globalId()).field("section", i.section()).field("index", i.id())
                    .field("name", i.name()).field("description", i.description())
                    .field("link_type", i.linkType()).field("link_type_name", LinkType.name(i.linkType()))
                    .field("snaplen", i.snapLength()).field("resolution_digits", i.fractionDigits())
                    .field("ts_offset_s", i.tsOffsetSeconds()).field("packets", packetsOn(i)).end();
            }
            j.endArray();
            j.beginArray("statistics");
            for (final InterfaceStatistics s : reader.statistics()) {
                j.begin().field("interface", s.interfaceGlobalId()).field("received", s.received())
                    .field("dropped", s.dropped()).field("filter_accepted", s.filterAccepted())
                    .field("os_dropped", s.osDropped()).field("delivered", s.delivered()).end();
            }
            j.endArray();
            final DecodeCounters c = decoder.counters();
            j.beginObject("protocols").field("ipv4", c.ipv4()).field("ipv6", c.ipv6()).field("non_ip", c.nonIp())
                .field("tcp", c.tcp()).field("udp", c.udp()).field("icmp", c.icmp()).field("icmpv6", c.icmpv6())
                .field("other", c.otherIp()).field("fragments", c.fragments()).field("reassembled", c.reassembled())
                .field("truncated", c.truncated()).end();
            j.beginObject("anomalies");
            decoder.anomalies().forEachNonZero((anomaly, n) -> j.field(anomaly.label(), n));
            j.end();
            j.beginArray("comments");
            for (final String comment : reader.comments()) {
                j.value(comment);
            }
            j.endArray();
            if (reader.damage() == null) {
                j.rawField("damage", null);
            } else {
                j.beginObject("damage").field("kind", reader.damage().kind())
                    .field("byte_offset", reader.damage().byteOffset()).field("record", reader.damage().record())
                    .field("message", reader.damage().message()).end();
            }
            j.end();
        }
    }
}
