package io.pcapflow.correlate;

/**
 * One row of the mapping table: a pair, or a connection of one leg that was never mapped.
 *
 * @param pair  the pair, or null
 * @param alone the unmapped connection when {@code pair} is null
 */
public record MappingRow(ConnectionPair pair, LegConnection alone) {
    /** @return the inside connection, or null */
    public LegConnection inside() {
        return pair != null ? pair.inside() : alone.leg() == Leg.INSIDE ? alone : null;
    }

    /** @return the outside connection, or null */
    public LegConnection outside() {
        return pair != null ? pair.outside() : alone.leg() == Leg.OUTSIDE ? alone : null;
    }

    /** @return the first connection known: the inside one when there is one */
    public LegConnection any() {
        return inside() != null ? inside() : outside();
    }
}
