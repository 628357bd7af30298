package io.pcapflow.capture.text;

/**
 * How to read tcpdump text: the date for times printed without one, whether sequence numbers are
 * relative (tcpdump's default) or absolute ({@code -S}), and how many connections' bases to keep.
 *
 * @param epochDay       days since 1970-01-01 of the first packet, for {@code HH:MM:SS} times
 *                       (tcpdump's default format prints no date); 0 (1970-01-01) by default
 * @param sequenceNumbers relative, absolute, or decided from the text
 * @param maxConnections connections whose sequence bases are kept (memory is fixed by this)
 */
public record TcpdumpTextOptions(long epochDay, SequenceNumbers sequenceNumbers, int maxConnections) {
    /** Default number of connections whose bases are kept: 65 536 (about 5 MB). */
    public static final int DEFAULT_MAX_CONNECTIONS = 65_536;

    /** The defaults: 1970-01-01, sequence numbers decided from the text, 65 536 connections. */
    public static final TcpdumpTextOptions DEFAULTS =
        new TcpdumpTextOptions(0, SequenceNumbers.AUTO, DEFAULT_MAX_CONNECTIONS);

    /** How the printed sequence and acknowledgement numbers relate to the packets'. */
    public enum SequenceNumbers {
        /**
         * Decided at the first packet that tells: relative values are small, absolute ones lie near
         * the connection's first (absolute) number; until then relative is assumed.
         */
        AUTO,
        /** tcpdump's default: relative to the first number seen per connection and direction. */
        RELATIVE,
        /** {@code tcpdump -S}: as on the wire. */
        ABSOLUTE
    }

    /**
     * @param day days since 1970-01-01
     * @return these options with that date
     */
    public TcpdumpTextOptions withEpochDay(final long day) {
        return new TcpdumpTextOptions(day, sequenceNumbers, maxConnections);
    }

    /**
     * @param mode the sequence number mode
     * @return these options with that mode
     */
    public TcpdumpTextOptions withSequenceNumbers(final SequenceNumbers mode) {
        return new TcpdumpTextOptions(epochDay, mode, maxConnections);
    }

    /**
     * @param connections connections to keep bases for
     * @return these options with that bound
     */
    public TcpdumpTextOptions withMaxConnections(final int connections) {
        return new TcpdumpTextOptions(epochDay, sequenceNumbers, connections);
    }
}
