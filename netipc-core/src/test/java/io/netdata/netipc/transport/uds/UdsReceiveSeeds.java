package io.netdata.netipc.transport.uds;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.testsupport.SeedCorpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the seed corpus of {@link UdsReceiveFuzzTest}: packet sequences a
 * correct peer sends, and edits of them at the field offsets of
 * {@code docs/wire-format.md}. {@code valid-} seeds are delivered in full and
 * end with the peer's hang-up; {@code bad-} seeds break the session with a
 * protocol violation or a limit; {@code edge-} seeds are anything else
 * ({@code UdsReceiveSeedsTest} holds them to it).
 *
 * <p>Regenerate from the repository root (on a little-endian host):
 * <pre>
 * ./mvnw -B -q -pl netipc-core -am test-compile
 * java -cp netipc-core/target/classes:netipc-core/target/test-classes \
 *     io.netdata.netipc.transport.uds.UdsReceiveSeeds
 * </pre>
 */
public final class UdsReceiveSeeds {
    static final String SERVER_SESSION = "serverSession";
    static final String CLIENT_SESSION = "clientSession";

    private static final int HEADER = Packets.HEADER;
    private static final int OFF_MAGIC = 0;
    private static final int OFF_VERSION = 4;
    private static final int OFF_HEADER_LEN = 6;
    private static final int OFF_FLAGS = 10;
    private static final int OFF_ITEM_COUNT = 20;
    private static final int CHUNK_OFF_MAGIC = 0;
    private static final int CHUNK_OFF_FLAGS = 6;
    private static final int CHUNK_OFF_MESSAGE_ID = 8;
    private static final int CHUNK_OFF_TOTAL = 16;
    private static final int CHUNK_OFF_INDEX = 20;
    private static final int CHUNK_OFF_COUNT = 24;
    private static final int CHUNK_OFF_PAYLOAD_LEN = 28;
    private static final int PAYLOAD = 8;
    private static final int CHUNKED_PAYLOAD = 600;
    private static final int TRUNCATED_HEADER = 20;
    private static final int BATCH_ITEM = 24;
    private static final long OTHER_ID = HandMadePeers.IN_FLIGHT_ID + 1;

    private final SortedMap<String, byte[]> seeds = new TreeMap<>();

    private UdsReceiveSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : SeedCorpus.resourceRoot(UdsReceiveFuzzTest.class);
        SeedCorpus.write(root, UdsReceiveFuzzTest.class, generate());
    }

    /** Every seed, keyed as {@link SeedCorpus} lays them out. */
    static SortedMap<String, byte[]> generate() {
        UdsReceiveSeeds generator = new UdsReceiveSeeds();
        generator.forRole(SERVER_SESSION, Wire.KIND_REQUEST, Wire.KIND_RESPONSE);
        generator.forRole(CLIENT_SESSION, Wire.KIND_RESPONSE, Wire.KIND_REQUEST);
        generator.serverOnly();
        generator.clientOnly();
        return generator.seeds;
    }

    /** Seeds that mean the same at either end; {@code kind} is the one the session receives. */
    private void forRole(String method, int kind, int wrongKind) {
        long id = HandMadePeers.IN_FLIGHT_ID;
        byte[] single = Packets.message(kind, id, Packets.pattern(PAYLOAD, 1));
        byte[][] chunked = Packets.chunked(kind, id, Packets.pattern(CHUNKED_PAYLOAD, 2), HandMadePeers.PACKET);
        put(method, "valid-single", single);
        put(method, "valid-empty-payload", Packets.message(kind, id, new byte[0]));
        put(method, "valid-full-packet", Packets.message(kind, id,
                Packets.pattern(HandMadePeers.PACKET - HEADER, 3)));
        put(method, "valid-chunked", chunked);
        put(method, "valid-chunked-at-the-limit", Packets.chunked(kind, id,
                Packets.pattern(HandMadePeers.LIMIT, 4), HandMadePeers.PACKET));
        put(method, "valid-batch-of-two", batch(kind, id, 2));
        put(method, "valid-batch-at-the-item-limit", batch(kind, id, HandMadePeers.BATCH));
        put(method, "bad-kind", Packets.message(wrongKind, id, Packets.pattern(PAYLOAD, 1)));
        put(method, "bad-control-kind", Packets.message(Wire.KIND_CONTROL, id, Packets.pattern(PAYLOAD, 1)));
        put(method, "bad-magic", Packets.withU32(single, OFF_MAGIC, 0));
        put(method, "bad-version", Packets.withU16(single, OFF_VERSION, 2));
        put(method, "bad-header-len", Packets.withU16(single, OFF_HEADER_LEN, HEADER + 8));
        put(method, "bad-truncated-header", Arrays.copyOf(single, TRUNCATED_HEADER));
        put(method, "bad-payload-above-the-limit", Packets.message(kind, 0, HandMadePeers.LIMIT + 1, 1, id,
                Packets.pattern(PAYLOAD, 1)));
        put(method, "bad-items-above-the-limit", Packets.withU32(batch(kind, id, 2), OFF_ITEM_COUNT,
                HandMadePeers.BATCH + 1));
        put(method, "bad-packet-longer-than-its-message", Packets.concat(single, new byte[PAYLOAD]));
        put(method, "bad-packet-above-the-agreed-size", Packets.message(kind, id,
                Packets.pattern(HandMadePeers.PACKET - HEADER + 1, 5)));
        put(method, "bad-batch-directory", Packets.message(kind, Wire.FLAG_BATCH, PAYLOAD, 2, id,
                Packets.pattern(PAYLOAD, 6)));
        put(method, "bad-chunk-magic", withChunk(chunked, CHUNK_OFF_MAGIC, 0));
        put(method, "bad-chunk-flags", withChunk(chunked, CHUNK_OFF_FLAGS, 1));
        put(method, "bad-chunk-message-id", withChunk(chunked, CHUNK_OFF_MESSAGE_ID, OTHER_ID));
        put(method, "bad-chunk-total", withChunk(chunked, CHUNK_OFF_TOTAL, HEADER + CHUNKED_PAYLOAD + 1));
        put(method, "bad-chunk-index", withChunk(chunked, CHUNK_OFF_INDEX, 2));
        put(method, "bad-chunk-count", withChunk(chunked, CHUNK_OFF_COUNT, chunked.length + 1));
        put(method, "bad-chunk-payload-len", withChunk(chunked, CHUNK_OFF_PAYLOAD_LEN, 1));
        put(method, "bad-chunk-replaced-by-a-message", chunked[0], single);
        put(method, "edge-chunked-then-hang-up", chunked[0]);
        put(method, "edge-zero-length-packet", new byte[0]);
        put(method, "edge-flags-unknown-bit", Packets.withU16(single, OFF_FLAGS, 0x8000));
    }

    private void serverOnly() {
        List<byte[]> pipelined = new ArrayList<>();
        for (long id = 1; id <= 3; id++) {
            pipelined.add(Packets.message(Wire.KIND_REQUEST, id, Packets.pattern(PAYLOAD, (int) id)));
        }
        put(SERVER_SESSION, "valid-pipelined-requests", pipelined.toArray(byte[][]::new));
    }

    private void clientOnly() {
        byte[] answer = Packets.message(Wire.KIND_RESPONSE, HandMadePeers.IN_FLIGHT_ID, Packets.pattern(PAYLOAD, 1));
        put(CLIENT_SESSION, "bad-unknown-message-id", Packets.message(Wire.KIND_RESPONSE, OTHER_ID,
                Packets.pattern(PAYLOAD, 1)));
        put(CLIENT_SESSION, "bad-answered-twice", answer, answer);
    }

    /** A batch message of {@code items} items of {@link #BATCH_ITEM} bytes; small enough for one packet. */
    private static byte[] batch(int kind, long id, int items) {
        ByteBuffer buffer = ByteBuffer.allocate(HandMadePeers.PACKET - HEADER);
        BatchBuilder builder = new BatchBuilder().reset(buffer, 0, buffer.capacity(), items);
        for (int i = 0; i < items; i++) {
            builder.add(Packets.pattern(BATCH_ITEM, i));
        }
        byte[] payload = Arrays.copyOf(buffer.array(), builder.finish());
        return Packets.message(kind, Wire.FLAG_BATCH, payload.length, items, id, payload);
    }

    /** {@code chunked} with one field of its second packet, the first continuation, replaced. */
    private static byte[][] withChunk(byte[][] chunked, int offset, long value) {
        byte[][] edited = chunked.clone();
        edited[1] = chunked[1].clone();
        ByteBuffer field = ByteBuffer.wrap(edited[1]).order(ByteOrder.nativeOrder());
        switch (offset) {
            case CHUNK_OFF_FLAGS -> field.putShort(offset, (short) value);
            case CHUNK_OFF_MESSAGE_ID -> field.putLong(offset, value);
            default -> field.putInt(offset, (int) value);
        }
        return edited;
    }

    private void put(String method, String name, byte[]... packets) {
        seeds.put(SeedCorpus.key(UdsReceiveFuzzTest.class, method, name), UdsReceiveFuzzTest.encode(List.of(packets)));
    }
}
