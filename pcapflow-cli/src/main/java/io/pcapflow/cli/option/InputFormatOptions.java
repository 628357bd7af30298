package io.pcapflow.cli.option;

import io.pcapflow.capture.CaptureReader;
import io.pcapflow.capture.Captures;
import io.pcapflow.capture.InputFormat;
import io.pcapflow.capture.text.TcpdumpTextOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.LocalDate;

/** What the inputs are (capture or tcpdump text) and how to read tcpdump text. */
public final class InputFormatOptions {
    /** What the inputs are. */
    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "auto",
        converter = FormatConverter.class,
        description = "auto (pcap/pcapng by magic, else tcpdump text when the first line is a packet), pcap, or "
            + "tcpdump (text printed by tcpdump -n, however it starts). Default: ${DEFAULT-VALUE}.")
    public InputFormat format = InputFormat.AUTO;

    /** Date for tcpdump times printed without one. */
    @Option(names = "--tcpdump-date", paramLabel = "YYYY-MM-DD",
        description = "Date of the first packet of tcpdump text printed with HH:MM:SS times (tcpdump's default"
            + " format prints no date); default 1970-01-01. Later packets move to the next day when the clock"
            + " runs back by more than 12 hours.")
    public LocalDate tcpdumpDate;

    /** Sequence number mode of tcpdump text. */
    @Option(names = "--tcpdump-seq", paramLabel = "MODE", defaultValue = "auto", converter = SeqConverter.class,
        description = "Sequence numbers of tcpdump text: relative (tcpdump's default), absolute (tcpdump -S), or"
            + " auto (decided from the numbers). Default: ${DEFAULT-VALUE}.")
    public TcpdumpTextOptions.SequenceNumbers tcpdumpSeq = TcpdumpTextOptions.SequenceNumbers.AUTO;

    /**
     * Opens one input as these options say.
     *
     * @param name a path or {@code -}
     * @return the reader
     * @throws IOException when the input cannot be opened or is no capture
     */
    public CaptureReader open(final String name) throws IOException {
        TcpdumpTextOptions text = TcpdumpTextOptions.DEFAULTS.withSequenceNumbers(tcpdumpSeq);
        if (tcpdumpDate != null) {
            text = text.withEpochDay(tcpdumpDate.toEpochDay());
        }
        return Captures.open(name, format, text);
    }

    /** Lower-case names for {@link InputFormat}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(final String value) {
            switch (value) {
                case "auto":
                    return InputFormat.AUTO;
                case "pcap":
                case "pcapng":
                    return InputFormat.PCAP;
                case "tcpdump":
                    return InputFormat.TCPDUMP;
                default:
                    throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not one of auto, pcap, tcpdump");
            }
        }
    }

    /** Lower-case names for the sequence number modes. */
    static final class SeqConverter implements picocli.CommandLine.ITypeConverter<TcpdumpTextOptions.SequenceNumbers> {
        @Override
        public TcpdumpTextOptions.SequenceNumbers convert(final String value) {
            switch (value) {
                case "auto":
                    return TcpdumpTextOptions.SequenceNumbers.AUTO;
                case "relative":
                    return TcpdumpTextOptions.SequenceNumbers.RELATIVE;
                case "absolute":
                    return TcpdumpTextOptions.SequenceNumbers.ABSOLUTE;
                default:
                    throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not one of auto, relative, absolute");
            }
        }
    }
}
