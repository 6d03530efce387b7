package io.netdata.netipc.transport.shm;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.testsupport.SeedCorpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the seed corpus of {@link ShmRegionFuzzTest}: regions written with the
 * project's header writer and message encoder, then edited at the field offsets
 * of upstream {@code level1-posix-shm.md} (written down here, independently of
 * {@link ShmRegionLayout}). {@code valid-} seeds are accepted (a header under
 * every ceiling pair of the target; a snapshot delivers at least one message and
 * refuses none), {@code bad-} seeds refused (a header under every pair; a
 * snapshot with at least one PROTOCOL_VIOLATION or LIMIT_EXCEEDED), {@code trunc-}
 * and {@code edge-} seeds are boundaries either way ({@code ShmRegionSeedsTest}
 * holds them to it).
 *
 * <p>Regenerate from the repository root with the commands in
 * {@code docs/fuzzing.md} (host byte order; generate on a little-endian host).
 */
public final class ShmRegionSeeds {
    static final String ATTACH_HEADER = "attachHeader";
    static final String CONSUME_SNAPSHOT = "consumeSnapshot";

    private static final int OFF_MAGIC = 0;
    private static final int OFF_VERSION = 4;
    private static final int OFF_HEADER_LEN = 6;
    private static final int OFF_OWNER_GENERATION = 12;
    private static final int OFF_REQUEST_OFFSET = 16;
    private static final int OFF_REQUEST_CAPACITY = 20;
    private static final int OFF_RESPONSE_OFFSET = 24;
    private static final int OFF_RESPONSE_CAPACITY = 28;
    private static final int OFF_REQ_SEQ = 32;
    private static final int OFF_RESP_SEQ = 40;
    private static final int OFF_REQ_LEN = 48;
    private static final int OFF_RESP_LEN = 52;
    private static final int HEADER = 64;
    private static final int MESSAGE_HEADER = 32;
    private static final int MESSAGE_OFF_KIND = 8;
    private static final int MESSAGE_OFF_PAYLOAD_LEN = 16;
    private static final int DIRECTORY_ENTRY = 8;
    private static final int PID = 1000;
    private static final long GENERATION = 0x1234_5678L;
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private final SortedMap<String, byte[]> seeds = new TreeMap<>();

    private ShmRegionSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : SeedCorpus.resourceRoot(ShmRegionFuzzTest.class);
        SeedCorpus.write(root, ShmRegionFuzzTest.class, generate());
    }

    /** Every seed, keyed as {@link SeedCorpus} lays them out. */
    static SortedMap<String, byte[]> generate() {
        ShmRegionSeeds generator = new ShmRegionSeeds();
        generator.headers();
        generator.snapshots();
        return generator.seeds;
    }

    private void headers() {
        // Exactly large enough for the target's largest ceilings (256 and 512 payload bytes).
        byte[] created = region(ShmTestRegions.layout(256, 512));
        header("valid-created", created);
        header("valid-file-longer-than-areas", Arrays.copyOf(created, created.length + 256));
        byte[] gap = Arrays.copyOf(created, created.length + 128);
        putU32(gap, OFF_RESPONSE_OFFSET, u32(created, OFF_RESPONSE_OFFSET) + 128);
        header("valid-gap-between-areas", gap);
        byte[] noGeneration = created.clone();
        putU32(noGeneration, OFF_OWNER_GENERATION, 0);
        header("valid-zero-generation", noGeneration);
        header("edge-areas-for-zero-ceilings", region(ShmTestRegions.layout(0, 0)));
        header("trunc-one-byte-short-of-a-header", Arrays.copyOf(created, HEADER - 1));
        header("trunc-header-only", Arrays.copyOf(created, HEADER));
        header("bad-zeroed-file", new byte[created.length]);
        header("bad-magic", with(created, a -> putU32(a, OFF_MAGIC, 0x4e53484eL)));
        header("bad-magic-other-byte-order", with(created, a -> putU32(a, OFF_MAGIC, 0x4d48534eL)));
        header("bad-version-2", with(created, a -> putU16(a, OFF_VERSION, 2)));
        header("bad-header-len-32", with(created, a -> putU16(a, OFF_HEADER_LEN, 32)));
        header("bad-areas-not-initialised", with(created, a -> {
            for (int offset = OFF_REQUEST_OFFSET; offset <= OFF_RESPONSE_CAPACITY; offset += Integer.BYTES) {
                putU32(a, offset, 0);
            }
        }));
        header("bad-request-over-header", with(created, a -> putU32(a, OFF_REQUEST_OFFSET, 0)));
        header("bad-request-end-beyond-u32", with(created, a -> {
            putU32(a, OFF_REQUEST_OFFSET, 0xFFFF_FFC0L);
            putU32(a, OFF_REQUEST_CAPACITY, 0x80);
        }));
        header("bad-misaligned-request-offset", with(created, a -> putU32(a, OFF_REQUEST_OFFSET, 72)));
        header("bad-misaligned-response-capacity", with(created, a ->
                putU32(a, OFF_RESPONSE_CAPACITY, u32(a, OFF_RESPONSE_CAPACITY) - 8)));
        header("bad-response-inside-request", with(created, a -> putU32(a, OFF_RESPONSE_OFFSET, 128)));
        header("bad-file-shorter-than-areas", Arrays.copyOf(created, created.length - 64));
        header("bad-huge-response-capacity", with(created, a -> putU32(a, OFF_RESPONSE_CAPACITY, 0xFFFF_FFC0L)));
    }

    private void snapshots() {
        ShmRegionLayout layout = ShmRegionFuzzTest.LAYOUT;
        byte[] request = message(layout, ShmDirection.REQUEST, 0, 1, 8);
        byte[] response = message(layout, ShmDirection.RESPONSE, 0, 1, 8);
        snapshot("valid-request", 0, 0, request);
        snapshot("valid-response", 0, 0, response);
        byte[] both = message(layout, ShmDirection.RESPONSE, 0, 1, 16);
        copyDirection(request, both, layout, ShmDirection.REQUEST);
        snapshot("valid-both-directions", 0, 0, both);
        snapshot("valid-full-area", 0, 0, message(layout, ShmDirection.REQUEST, 0, 1,
                (int) ShmRegionFuzzTest.SNAPSHOT_PAYLOAD));
        snapshot("valid-empty-payload", 0, 0, message(layout, ShmDirection.REQUEST, 0, 1, 0));
        snapshot("valid-batch", 0, 0, batch(layout, 3));
        snapshot("valid-sequence-wraps", -1L, 0, with(request, a -> putU64(a, OFF_REQ_SEQ, 0)));
        snapshot("edge-nothing-published", 0, 0, region(layout));
        snapshot("edge-only-the-signal-moved", 0, 0, with(region(layout), a -> putU32(a, 56, 7)));
        snapshot("bad-zero-length", 0, 0, with(request, a -> putU32(a, OFF_REQ_LEN, 0)));
        snapshot("bad-length-over-capacity", 0, 0, with(request, a ->
                putU32(a, OFF_REQ_LEN, layout.requestCapacity() + 1L)));
        snapshot("bad-length-u32-max", 0, 0, with(response, a -> putU32(a, OFF_RESP_LEN, U32_MAX)));
        snapshot("bad-length-above-ceiling", 0, 0, with(request, a ->
                putU32(a, OFF_REQ_LEN, MESSAGE_HEADER + ShmRegionFuzzTest.SNAPSHOT_PAYLOAD + 1)));
        snapshot("bad-length-shorter-than-header", 0, 0, with(request, a -> putU32(a, OFF_REQ_LEN, 31)));
        snapshot("bad-sequence-jump", 0, 0, with(request, a -> putU64(a, OFF_REQ_SEQ, 2)));
        snapshot("bad-sequence-backwards", 5, 0, with(request, a -> putU64(a, OFF_REQ_SEQ, 4)));
        snapshot("bad-garbage-message", 0, 0, with(request, a -> Arrays.fill(a, layout.requestOffset(),
                layout.requestOffset() + 40, (byte) 0xA5)));
        snapshot("bad-payload-len-mismatch", 0, 0, with(request, a ->
                putU32(a, layout.requestOffset() + MESSAGE_OFF_PAYLOAD_LEN, 9)));
        snapshot("bad-wrong-kind", 0, 0, with(request, a ->
                putU16(a, layout.requestOffset() + MESSAGE_OFF_KIND, Wire.KIND_RESPONSE)));
        snapshot("bad-too-many-items", 0, 0, batch(layout, (int) ShmRegionFuzzTest.SNAPSHOT_ITEMS + 1));
        snapshot("bad-batch-directory", 0, 0, with(batch(layout, 3), a ->
                putU32(a, layout.requestOffset() + MESSAGE_HEADER + DIRECTORY_ENTRY, 4096)));
    }

    /** A region of {@code layout} as a server creates it. */
    private static byte[] region(ShmRegionLayout layout) {
        ByteBuffer region = ShmTestRegions.allocate(layout.regionSize());
        ShmRegionHeader.write(region, layout, PID, GENERATION);
        byte[] bytes = new byte[layout.regionSize()];
        region.get(0, bytes);
        return bytes;
    }

    /** A region with one published message of {@code payload} bytes (valued by index) in {@code direction}. */
    private static byte[] message(ShmRegionLayout layout, ShmDirection direction, int flags, long items,
            int payload) {
        byte[] bytes = region(layout);
        ByteBuffer area = ByteBuffer.wrap(bytes, direction.areaOffset(layout), direction.areaCapacity(layout))
                .slice();
        MessageHeader.encode(area, 0, direction.messageKind(), flags, Wire.METHOD_INCREMENT, 0, payload, items, 7);
        for (int i = 0; i < payload; i++) {
            area.put(MESSAGE_HEADER + i, (byte) i);
        }
        publish(bytes, direction, MESSAGE_HEADER + payload);
        return bytes;
    }

    /** A region whose request area holds a published batch of {@code count} small items. */
    private static byte[] batch(ShmRegionLayout layout, int count) {
        ByteBuffer payload = ByteBuffer.allocate((int) ShmRegionFuzzTest.SNAPSHOT_PAYLOAD);
        BatchBuilder builder = new BatchBuilder().reset(payload, 0, payload.capacity(), count);
        for (int i = 0; i < count; i++) {
            builder.add(new byte[] {(byte) i, (byte) (i + 1)});
        }
        int length = builder.finish();
        byte[] bytes = message(layout, ShmDirection.REQUEST, Wire.FLAG_BATCH, count, length);
        System.arraycopy(payload.array(), 0, bytes, layout.requestOffset() + MESSAGE_HEADER, length);
        return bytes;
    }

    private static void publish(byte[] region, ShmDirection direction, long length) {
        boolean request = direction == ShmDirection.REQUEST;
        putU32(region, request ? OFF_REQ_LEN : OFF_RESP_LEN, length);
        putU64(region, request ? OFF_REQ_SEQ : OFF_RESP_SEQ, 1);
    }

    /** Copies the area and the words of {@code direction} from {@code from} into {@code to}. */
    private static void copyDirection(byte[] from, byte[] to, ShmRegionLayout layout, ShmDirection direction) {
        System.arraycopy(from, direction.areaOffset(layout), to, direction.areaOffset(layout),
                direction.areaCapacity(layout));
        boolean request = direction == ShmDirection.REQUEST;
        putU64(to, request ? OFF_REQ_SEQ : OFF_RESP_SEQ, 1);
        putU32(to, request ? OFF_REQ_LEN : OFF_RESP_LEN, u32(from, request ? OFF_REQ_LEN : OFF_RESP_LEN));
    }

    private void header(String name, byte[] file) {
        seeds.put(SeedCorpus.key(ShmRegionFuzzTest.class, ATTACH_HEADER, name), file);
    }

    private void snapshot(String name, long consumedRequests, long consumedResponses, byte[] region) {
        ByteBuffer input = ByteBuffer.allocate(ShmRegionFuzzTest.PREFIX + region.length).order(ByteOrder.nativeOrder());
        input.putLong(consumedRequests).putLong(consumedResponses).put(region);
        seeds.put(SeedCorpus.key(ShmRegionFuzzTest.class, CONSUME_SNAPSHOT, name), input.array());
    }

    private interface Edit {
        void apply(byte[] bytes);
    }

    private static byte[] with(byte[] original, Edit edit) {
        byte[] copy = original.clone();
        edit.apply(copy);
        return copy;
    }

    private static ByteBuffer nativeOrder(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    private static long u32(byte[] bytes, int offset) {
        return Integer.toUnsignedLong(nativeOrder(bytes).getInt(offset));
    }

    private static void putU16(byte[] bytes, int offset, int value) {
        nativeOrder(bytes).putShort(offset, (short) value);
    }

    private static void putU32(byte[] bytes, int offset, long value) {
        nativeOrder(bytes).putInt(offset, (int) value);
    }

    private static void putU64(byte[] bytes, int offset, long value) {
        nativeOrder(bytes).putLong(offset, value);
    }
}
