package io.pcapflow.tcp;

import io.pcapflow.decode.PacketView;

/** Receives the tracker's results. Called on the thread that feeds the tracker. */
public interface TcpListener {
    /**
     * Called for each TCP packet after analysis.
     *
     * @param connection the connection, valid and updated to include this packet; the object is
     *                   pooled and reused after {@link #onClose}
     * @param view       the decoded packet
     * @param segment    analysis of this packet; reused, valid only during the call
     */
    void onSegment(TcpConnection connection, PacketView view, TcpSegment segment);

    /**
     * Called once per connection when it ends (see {@link TcpConnection#endReason()}).
     *
     * @param connection the connection; valid only during the call
     */
    void onClose(TcpConnection connection);
}
