package io.netdata.netipc.protocol.golden;

import java.nio.ByteBuffer;

/**
 * How one golden type maps onto the project's codec: the value a manifest entry
 * describes, the view that decodes it, and the encoder or builder that writes it.
 *
 * @param <E> the expected value; the project's owned form where one exists
 */
interface GoldenCodec<E> {
    /** The value the manifest's {@code fields} describe. */
    E expected(ManifestFields fields);

    /**
     * Decodes {@code [offset, offset + length)} with the project's view and
     * asserts that every accessor equals {@code expected}; item, key and label
     * accessors included.
     */
    void assertDecodes(ByteBuffer buffer, int offset, int length, E expected);

    /**
     * Encodes {@code value} with the project's encoder or builder into
     * {@code [offset, offset + capacity)}; builders get {@code maxItems} equal to
     * the number of items, added in order.
     *
     * @return the encoded length
     */
    int encode(E value, ByteBuffer buffer, int offset, int capacity);

    /**
     * Decodes {@code [offset, offset + length)} and copies it into the owned
     * form. {@code expected} is consulted only for what the bytes do not carry
     * themselves (a batch's item count, which the outer header holds).
     */
    E decodeOwned(ByteBuffer buffer, int offset, int length, E expected);
}
