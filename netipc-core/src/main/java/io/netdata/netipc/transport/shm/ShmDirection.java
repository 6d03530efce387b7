package io.netdata.netipc.transport.shm;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.SessionRole;

/**
 * One of the region's two one-way channels, each with its own area, sequence,
 * length and futex word (upstream {@code level1-posix-shm.md}, "Publication
 * protocol"). The client publishes requests and consumes responses; the server
 * the other way round.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum ShmDirection {
    /** Client to server. */
    REQUEST(ShmRegionLayout.OFF_REQ_SEQ, ShmRegionLayout.OFF_REQ_LEN, ShmRegionLayout.OFF_REQ_SIGNAL,
            Wire.KIND_REQUEST),
    /** Server to client. */
    RESPONSE(ShmRegionLayout.OFF_RESP_SEQ, ShmRegionLayout.OFF_RESP_LEN, ShmRegionLayout.OFF_RESP_SIGNAL,
            Wire.KIND_RESPONSE);

    private final int sequenceOffset;
    private final int lengthOffset;
    private final int signalOffset;
    private final int messageKind;

    ShmDirection(int sequenceOffset, int lengthOffset, int signalOffset, int messageKind) {
        this.sequenceOffset = sequenceOffset;
        this.lengthOffset = lengthOffset;
        this.signalOffset = signalOffset;
        this.messageKind = messageKind;
    }

    /** The direction {@code role} publishes in. */
    public static ShmDirection outbound(SessionRole role) {
        return role == SessionRole.CLIENT ? REQUEST : RESPONSE;
    }

    /** The direction {@code role} consumes. */
    public static ShmDirection inbound(SessionRole role) {
        return role == SessionRole.CLIENT ? RESPONSE : REQUEST;
    }

    /** Offset of the u64 sequence word. */
    public int sequenceOffset() {
        return sequenceOffset;
    }

    /** Offset of the u32 length word. */
    public int lengthOffset() {
        return lengthOffset;
    }

    /** Offset of the u32 futex word. */
    public int signalOffset() {
        return signalOffset;
    }

    /** The outer-header kind of every message in this direction. */
    public int messageKind() {
        return messageKind;
    }

    public int areaOffset(ShmRegionLayout layout) {
        return this == REQUEST ? layout.requestOffset() : layout.responseOffset();
    }

    public int areaCapacity(ShmRegionLayout layout) {
        return this == REQUEST ? layout.requestCapacity() : layout.responseCapacity();
    }
}
