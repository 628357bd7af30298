package io.pcapflow.tcp;

import io.pcapflow.decode.PacketView;
import io.pcapflow.track.FlowKey;

/**
 * Who is the client. From the first packet of a connection: the sender of a SYN without ACK is
 * the client (certain); otherwise, and flagged as guessed, the receiver of a SYN/ACK, else the
 * side with the higher port (servers listen on well-known, lower ports: below 1024 against an
 * ephemeral port, or simply the lower of two), else, with equal ports, the first sender.
 */
final class Roles {
    private Roles() {
    }

    static void assign(final TcpConnection c, final FlowKey key, final PacketView view) {
        final int flags = view.tcpFlags();
        final boolean sourceIsClient;
        final int synAck = flags & (WiresharkAnalysis.SYN | WiresharkAnalysis.ACK);
        if (synAck == WiresharkAnalysis.SYN) {
            sourceIsClient = true;
            c.clientGuessed = false;
        } else {
            c.clientGuessed = true;
            if (synAck == (WiresharkAnalysis.SYN | WiresharkAnalysis.ACK)) {
                sourceIsClient = false;
            } else {
                final int sp = view.sourcePort();
                final int dp = view.destinationPort();
                sourceIsClient = sp == dp || sp > dp;
            }
        }
        c.clientIsA = sourceIsClient == key.sourceIsA();
        c.ipVersion = key.ipVersion();
        c.vlanKey = (int) (key.ports() & 0xFF_FFFFL);
        if (c.clientIsA) {
            setEnds(c, key.aHi(), key.aLo(), key.portA(), key.bHi(), key.bLo(), key.portB());
        } else {
            setEnds(c, key.bHi(), key.bLo(), key.portB(), key.aHi(), key.aLo(), key.portA());
        }
        if (!sourceIsClient) {
            c.history.append('^');
        }
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void setEnds(final TcpConnection c, final long clientHi, final long clientLo, final int clientPort,
                                final long serverHi, final long serverLo, final int serverPort) {
        c.clientHi = clientHi;
        c.clientLo = clientLo;
        c.clientPort = clientPort;
        c.serverHi = serverHi;
        c.serverLo = serverLo;
        c.serverPort = serverPort;
    }

    static void keyOf(final TcpConnection c, final FlowKey key) {
        key.set(c.ipVersion, c.clientHi, c.clientLo, c.clientPort, c.serverHi, c.serverLo, c.serverPort, c.vlanKey);
    }
}
