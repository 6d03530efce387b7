package io.netdata.netipc.protocol;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU64;

import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;

/**
 * Owned outer message header. Unsigned 32-bit fields are {@code long}s in
 * {@code [0, 2^32)}; {@code messageId} is an unsigned 64-bit value in raw bits.
 *
 * <p>The canonical constructor accepts any field values so that tests and tools
 * can express invalid headers; {@link #of} fills magic, version and length.
 *
 * <p>Thread-safety: immutable.
 */
public record MessageHeader(long magic, int version, int headerLen, int kind, int flags, int code,
        int transportStatus, long payloadLen, long itemCount, long messageId) {

    public MessageHeader {
        Checks.checkU32(magic, "magic");
        Checks.checkU16(version, "version");
        Checks.checkU16(headerLen, "header_len");
        Checks.checkU16(kind, "kind");
        Checks.checkU16(flags, "flags");
        Checks.checkU16(code, "code");
        Checks.checkU16(transportStatus, "transport_status");
        Checks.checkU32(payloadLen, "payload_len");
        Checks.checkU32(itemCount, "item_count");
    }

    /** A header with the standard magic, version and header length. */
    public static MessageHeader of(int kind, int flags, int code, int transportStatus, long payloadLen,
            long itemCount, long messageId) {
        return new MessageHeader(Wire.MAGIC_MSG, Wire.VERSION, Wire.HEADER_LEN, kind, flags, code,
                transportStatus, payloadLen, itemCount, messageId);
    }

    /**
     * Writes the 32 header bytes at absolute index {@code offset}.
     *
     * @return the number of bytes written, {@link MessageHeaderView#SIZE}
     */
    public int encodeTo(ByteBuffer buffer, int offset) {
        Checks.checkRegion(buffer, offset, MessageHeaderView.SIZE);
        putU32(buffer, offset + MessageHeaderView.OFF_MAGIC, magic);
        putU16(buffer, offset + MessageHeaderView.OFF_VERSION, version);
        putU16(buffer, offset + MessageHeaderView.OFF_HEADER_LEN, headerLen);
        putU16(buffer, offset + MessageHeaderView.OFF_KIND, kind);
        putU16(buffer, offset + MessageHeaderView.OFF_FLAGS, flags);
        putU16(buffer, offset + MessageHeaderView.OFF_CODE, code);
        putU16(buffer, offset + MessageHeaderView.OFF_TRANSPORT_STATUS, transportStatus);
        putU32(buffer, offset + MessageHeaderView.OFF_PAYLOAD_LEN, payloadLen);
        putU32(buffer, offset + MessageHeaderView.OFF_ITEM_COUNT, itemCount);
        putU64(buffer, offset + MessageHeaderView.OFF_MESSAGE_ID, messageId);
        return MessageHeaderView.SIZE;
    }

    /**
     * Writes a standard header (magic, version and length filled in) without
     * creating a record, for senders that must not allocate per message.
     *
     * @return {@link MessageHeaderView#SIZE}
     * @throws IllegalArgumentException for a value outside its wire field's range
     */
    public static int encode(ByteBuffer buffer, int offset, int kind, int flags, int code, int transportStatus,
            long payloadLen, long itemCount, long messageId) {
        Checks.checkRegion(buffer, offset, MessageHeaderView.SIZE);
        putU32(buffer, offset + MessageHeaderView.OFF_MAGIC, Wire.MAGIC_MSG);
        putU16(buffer, offset + MessageHeaderView.OFF_VERSION, Wire.VERSION);
        putU16(buffer, offset + MessageHeaderView.OFF_HEADER_LEN, Wire.HEADER_LEN);
        putU16(buffer, offset + MessageHeaderView.OFF_KIND, Checks.checkU16(kind, "kind"));
        putU16(buffer, offset + MessageHeaderView.OFF_FLAGS, Checks.checkU16(flags, "flags"));
        putU16(buffer, offset + MessageHeaderView.OFF_CODE, Checks.checkU16(code, "code"));
        putU16(buffer, offset + MessageHeaderView.OFF_TRANSPORT_STATUS,
                Checks.checkU16(transportStatus, "transport_status"));
        putU32(buffer, offset + MessageHeaderView.OFF_PAYLOAD_LEN, Checks.checkU32(payloadLen, "payload_len"));
        putU32(buffer, offset + MessageHeaderView.OFF_ITEM_COUNT, Checks.checkU32(itemCount, "item_count"));
        putU64(buffer, offset + MessageHeaderView.OFF_MESSAGE_ID, messageId);
        return MessageHeaderView.SIZE;
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        byte[] bytes = new byte[MessageHeaderView.SIZE];
        encodeTo(ByteBuffer.wrap(bytes), 0);
        return bytes;
    }
}
