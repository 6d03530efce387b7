package io.netdata.netipc.cli.decode.format;

import io.netdata.netipc.protocol.CodecException;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/**
 * Decodes one message type and writes it as a JSON object whose field names
 * are those of the golden manifest.
 *
 * <p>Decoding is composite: {@link #decode} validates every part the JSON shows
 * (every item, key and label), so a malformed part fails the whole message and
 * {@link #write} never fails half-way through an object. A formatter re-uses its
 * views: decode, write, decode the next message, and so on.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public interface MessageFormatter {
    /**
     * Decodes and validates the message at {@code [offset, offset + length)} of
     * {@code buffer}, which must stay unchanged until {@link #write} returns.
     *
     * @throws CodecException when the message or any of its parts is malformed
     */
    void decode(ByteBuffer buffer, int offset, int length);

    /** Writes the fields of the message last decoded successfully as one JSON object. */
    void write(JsonGenerator json, StringFormat strings);
}
