package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshake;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerDecision;
import io.netdata.netipc.transport.handshake.ServerHandshake;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.handshake.SessionParameters;
import java.nio.ByteBuffer;

/**
 * Runs the handshake's one exchange over a freshly connected socket: the
 * decisions are {@link ClientHandshake}'s and {@link ServerHandshake}'s, this
 * class only moves the two packets, within one deadline.
 *
 * <p>Thread-safety: not thread-safe; one instance per exchange.
 */
final class UdsHandshakeExchange {
    /** Room for a hello or hello-ack packet; a longer control packet is a violation. */
    static final int CONTROL_BUFFER_SIZE = 128;
    /**
     * The largest packet size a Java peer proposes or uses: its receive buffer is
     * one Java buffer of that size.
     */
    static final long MAX_PACKET_SIZE = Integer.MAX_VALUE - Long.BYTES;

    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocateDirect(0);

    private final SeqPacketChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CONTROL_BUFFER_SIZE);
    private final long address = Native.address(buffer);

    UdsHandshakeExchange(SeqPacketChannel channel) {
        this.channel = channel;
    }

    /** The packet size this side brings to the handshake: configured, else the socket's. */
    private long localPacketSize(long configured) throws TransportException {
        long size = configured != 0 ? configured : channel.detectPacketSize();
        return Math.min(size, MAX_PACKET_SIZE);
    }

    /**
     * Sends the hello and accepts the reply.
     *
     * @throws TransportException the rejection's error, PROTOCOL_VIOLATION, PEER_CLOSED, TIMEOUT or IO
     */
    SessionParameters client(ClientHandshakeConfig config, long deadlineNanos) throws TransportException {
        long packetSize = localPacketSize(config.packetSize());
        Hello hello = ClientHandshake.hello(config, packetSize);
        int length = ClientHandshake.encodeHello(hello, buffer, 0);
        channel.send(buffer, address, length, NO_PAYLOAD, 0, 0);
        int received = channel.receive(buffer, address, CONTROL_BUFFER_SIZE, deadlineNanos, null);
        SessionParameters session = ClientHandshake.accept(buffer, 0, received, hello);
        if (session.packetSize() > packetSize) {
            throw new TransportException(TransportError.PROTOCOL_VIOLATION, "server agreed packet size "
                    + session.packetSize() + ", above the proposed " + packetSize);
        }
        return session;
    }

    /**
     * Receives the hello and answers it: an OK hello-ack, or a rejection followed
     * by the caller closing the connection.
     *
     * @param abort ends the wait for the hello with ABORTED; may be null
     * @throws TransportException the rejection's error, PROTOCOL_VIOLATION for a packet
     *     that is no hello, PEER_CLOSED, TIMEOUT, ABORTED or IO
     */
    SessionParameters server(ServerHandshakeConfig config, long sessionId, long deadlineNanos, AbortSignal abort)
            throws TransportException {
        long packetSize = localPacketSize(config.packetSize());
        int received = channel.receive(buffer, address, CONTROL_BUFFER_SIZE, deadlineNanos, abort);
        ServerDecision decision = ServerHandshake.evaluate(buffer, 0, received, config, packetSize, sessionId);
        if (decision instanceof ServerDecision.Accept accept) {
            reply(TransportStatus.OK, accept.ack());
            return accept.parameters();
        }
        if (decision instanceof ServerDecision.Reject reject) {
            try {
                reply(reject.status(), HelloAck.rejection());
            } catch (TransportException e) {
                // The client may be gone already; the rejection below is the outcome either way.
            }
            throw new TransportException(reject.error(), "handshake rejected: " + reject.reason());
        }
        throw new TransportException(TransportError.PROTOCOL_VIOLATION,
                "handshake dropped: " + ((ServerDecision.Drop) decision).reason());
    }

    private void reply(TransportStatus status, HelloAck ack) throws TransportException {
        int length = ServerHandshake.encodeReply(status, ack, buffer, 0);
        channel.send(buffer, address, length, NO_PAYLOAD, 0, 0);
    }
}
