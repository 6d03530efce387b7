package io.netdata.netipc.transport.handshake;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.transport.TransportError;
import java.nio.ByteBuffer;

/**
 * The server's side of the handshake as a pure function of the hello packet,
 * in the order of upstream {@code level1-wire-envelope.md} ("Successful
 * handshake rules", negotiation matrix, rejection table):
 *
 * <ol>
 *   <li>the envelope and the hello's shape (rule 2): a control hello of
 *       another envelope version, or a hello of another layout version:
 *       INCOMPATIBLE; then, in a hello of layout 1, non-zero {@code flags} or a
 *       non-zero reserved word: BAD_ENVELOPE; anything else malformed (bad magic
 *       or header length, another kind or code, a truncated hello): no reply,
 *       since it is not a hello the server can answer;</li>
 *   <li>authorization (rule 3): wrong token: AUTH_FAILED;</li>
 *   <li>the common profiles (rule 4): none: UNSUPPORTED;</li>
 *   <li>the profile (rule 5): the highest bit both sides support and prefer,
 *       else the highest common bit;</li>
 *   <li>the limits (rule 6, in the matrix's order): a proposed request ceiling
 *       above the server's maximum: LIMIT_EXCEEDED; the request ceiling and
 *       batch items are the client's, the response ceiling the server's,
 *       response batch items equal request batch items; packet size
 *       {@code min(client, server)}, and at most 32: INCOMPATIBLE.</li>
 * </ol>
 *
 * <p>The reference servers (C, Rust, Go) differ on input no reference client
 * sends: they accept non-zero {@code flags}, drop a hello with a non-zero
 * reserved word without a reply, and check the profiles before the token.
 * Every reference client turns any non-OK status into a handshake failure, so
 * the only difference a deployed client can see is which failure it gets for a
 * hello with both a wrong token and no common profile.
 *
 * <p>Thread-safety: stateless.
 */
public final class ServerHandshake {
    /** Size of a hello-ack packet: header plus payload. */
    public static final int ACK_PACKET_SIZE = MessageHeaderView.SIZE + HelloAckView.SIZE;

    private ServerHandshake() {
    }

    /**
     * Decides the answer to the hello packet at {@code [offset, offset + length)}.
     *
     * @param serverPacketSize the server's packet size (its configured one, or the socket's)
     * @param sessionId the id this session gets when accepted
     */
    public static ServerDecision evaluate(ByteBuffer packet, int offset, int length, ServerHandshakeConfig config,
            long serverPacketSize, long sessionId) {
        MessageHeaderView header = new MessageHeaderView();
        try {
            header.wrap(packet, offset, length);
        } catch (CodecException e) {
            return e.error() == CodecError.BAD_VERSION && isHelloOfAnotherVersion(packet, offset)
                    ? reject(TransportStatus.INCOMPATIBLE, TransportError.INCOMPATIBLE, "envelope version")
                    : new ServerDecision.Drop("malformed envelope: " + e.getMessage());
        }
        if (header.kind() != Wire.KIND_CONTROL || header.code() != Wire.CODE_HELLO) {
            return new ServerDecision.Drop("first message is not a hello");
        }
        int helloOffset = offset + MessageHeaderView.SIZE;
        int helloLength = length - MessageHeaderView.SIZE;
        ServerDecision malformed = checkHelloShape(packet, helloOffset, helloLength);
        if (malformed != null) {
            return malformed;
        }
        return negotiate(new HelloView().wrap(packet, helloOffset, helloLength), config, serverPacketSize,
                sessionId);
    }

    /**
     * The answer to a hello payload of the wrong shape, or null when its shape
     * is right (and {@link HelloView#wrap} accepts it). The layout version is
     * checked first: another layout may give the other fields other meanings.
     */
    private static ServerDecision checkHelloShape(ByteBuffer packet, int offset, int length) {
        if (length < HelloView.SIZE) {
            return new ServerDecision.Drop("truncated hello: " + length + " bytes");
        }
        if (u16(packet, offset + HelloView.OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION) {
            return reject(TransportStatus.INCOMPATIBLE, TransportError.INCOMPATIBLE, "hello layout version");
        }
        if (u16(packet, offset + HelloView.OFF_FLAGS) != 0) {
            return reject(TransportStatus.BAD_ENVELOPE, TransportError.BAD_ENVELOPE, "hello flags must be 0");
        }
        if (u32(packet, offset + HelloView.OFF_RESERVED) != 0) {
            return reject(TransportStatus.BAD_ENVELOPE, TransportError.BAD_ENVELOPE,
                    "hello reserved word must be 0");
        }
        return null;
    }

    private static ServerDecision negotiate(HelloView hello, ServerHandshakeConfig config, long serverPacketSize,
            long sessionId) {
        if (hello.authToken() != config.authToken()) {
            return reject(TransportStatus.AUTH_FAILED, TransportError.AUTH_FAILED, "auth token mismatch");
        }
        long serverProfiles = config.effectiveSupportedProfiles();
        long intersection = hello.supportedProfiles() & serverProfiles;
        if (intersection == 0) {
            return reject(TransportStatus.UNSUPPORTED, TransportError.UNSUPPORTED, "no common profile");
        }
        long preferred = intersection & hello.preferredProfiles() & config.preferredProfiles();
        long selected = Long.highestOneBit(preferred != 0 ? preferred : intersection);
        if (hello.maxRequestPayloadBytes() > config.effectiveMaxRequestPayloadBytes()) {
            return reject(TransportStatus.LIMIT_EXCEEDED, TransportError.LIMIT_EXCEEDED,
                    "proposed request payload " + hello.maxRequestPayloadBytes() + " above the server's "
                            + config.effectiveMaxRequestPayloadBytes());
        }
        long packetSize = Math.min(hello.packetSize(), serverPacketSize);
        if (packetSize <= Wire.HEADER_LEN) {
            return reject(TransportStatus.INCOMPATIBLE, TransportError.INCOMPATIBLE,
                    "packet size " + packetSize + " leaves no room after the header");
        }
        long batchItems = hello.maxRequestBatchItems();
        HelloAck ack = new HelloAck(Wire.LAYOUT_VERSION, 0, serverProfiles, intersection, selected,
                hello.maxRequestPayloadBytes(), batchItems, config.effectiveMaxResponsePayloadBytes(), batchItems,
                packetSize, sessionId);
        return new ServerDecision.Accept(ack, new SessionParameters(selected, ack.agreedMaxRequestPayloadBytes(),
                batchItems, ack.agreedMaxResponsePayloadBytes(), batchItems, packetSize, sessionId));
    }

    /** A header that would be a control hello if only its version were 1. */
    private static boolean isHelloOfAnotherVersion(ByteBuffer packet, int offset) {
        return u32(packet, offset + MessageHeaderView.OFF_MAGIC) == Wire.MAGIC_MSG
                && u16(packet, offset + MessageHeaderView.OFF_HEADER_LEN) == Wire.HEADER_LEN
                && u16(packet, offset + MessageHeaderView.OFF_KIND) == Wire.KIND_CONTROL
                && u16(packet, offset + MessageHeaderView.OFF_CODE) == Wire.CODE_HELLO;
    }

    private static ServerDecision reject(TransportStatus status, TransportError error, String reason) {
        return new ServerDecision.Reject(status, error, reason);
    }

    /**
     * Writes the reply packet (header and 48-byte hello-ack) at {@code offset}.
     *
     * @return {@link #ACK_PACKET_SIZE}
     */
    public static int encodeReply(TransportStatus status, HelloAck ack, ByteBuffer out, int offset) {
        Checks.checkRegion(out, offset, ACK_PACKET_SIZE);
        MessageHeader.of(Wire.KIND_CONTROL, 0, Wire.CODE_HELLO_ACK, status.code(), HelloAckView.SIZE, 1, 0)
                .encodeTo(out, offset);
        ack.encodeTo(out, offset + MessageHeaderView.SIZE);
        return ACK_PACKET_SIZE;
    }
}
