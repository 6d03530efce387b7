package io.netdata.netipc.protocol.fuzz;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.StringReverseEncoder;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshot;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequest;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponse;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItem;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponse;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates the seed corpora of the fuzz targets: valid messages of every type
 * built with the project's own encoders and builders, plus targeted mutations of
 * them (truncation at every header field boundary, {@code u32} maximum lengths
 * and offsets, unaligned offsets, missing terminators, overlapping strings,
 * wrong versions and reserved fields, ...).
 *
 * <p>Every seed's file name starts with its class:
 * <ul>
 *   <li>{@code valid-}: must decode, in full (checked by {@link SeedCorpusTest});</li>
 *   <li>{@code bad-}: breaks a rule of {@code docs/wire-format.md}, must be rejected (checked too);</li>
 *   <li>{@code trunc-} and {@code edge-}: boundary cases that may go either way.</li>
 * </ul>
 * Jazzer runs every file in regression mode and starts fuzzing from them.
 * Files with other names (for example a {@code crash-*} reproducer promoted to a
 * regression seed) are left alone.
 *
 * <p>Field offsets are written down here from {@code docs/wire-format.md},
 * independently of the codec's own constants. The wire is host byte order;
 * the corpus is generated for (and committed from) a little-endian host.
 *
 * <p>Regenerate (from the repository root):
 * <pre>
 * ./mvnw -B -q -pl netipc-core -am test-compile
 * java -cp netipc-core/target/classes:netipc-core/target/test-classes \
 *     io.netdata.netipc.protocol.fuzz.SeedCorpusGenerator
 * </pre>
 * An optional argument names another output directory.
 */
public final class SeedCorpusGenerator {
    /** Resource directory of this package, relative to {@code src/test/resources}. */
    static final String PACKAGE_PATH = "io/netdata/netipc/protocol/fuzz";
    /** Name prefixes of generated seeds; only such files are ever replaced or deleted. */
    static final List<String> GENERATED_PREFIXES = List.of("valid-", "bad-", "trunc-", "edge-");

    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final long U32_MAX_ALIGNED = 0xFFFF_FFF8L;
    private static final long MESSAGE_ID = 0x0123_4567_89AB_CDEFL;

    // Outer header (level1-wire-envelope.md).
    private static final int HDR_MAGIC = 0;
    private static final int HDR_VERSION = 4;
    private static final int HDR_HEADER_LEN = 6;
    private static final int HDR_KIND = 8;
    private static final int HDR_FLAGS = 10;
    private static final int HDR_CODE = 12;
    private static final int HDR_PAYLOAD_LEN = 16;
    private static final int HDR_ITEM_COUNT = 20;
    private static final int[] HDR_BOUNDARIES = {0, 4, 6, 8, 10, 12, 14, 16, 20, 24, 31};
    // Chunk continuation header.
    private static final int CHK_VERSION = 4;
    private static final int CHK_FLAGS = 6;
    private static final int CHK_PAYLOAD_LEN = 28;
    private static final int[] CHK_BOUNDARIES = {0, 4, 6, 8, 16, 20, 24, 28, 31};
    // Hello and hello-ack.
    private static final int HELLO_FLAGS = 2;
    private static final int HELLO_RESERVED = 28;
    private static final int[] HELLO_BOUNDARIES = {0, 2, 4, 8, 12, 16, 20, 24, 28, 32, 40, 43};
    private static final int ACK_FLAGS = 2;
    private static final int ACK_RESERVED = 36;
    private static final int[] ACK_BOUNDARIES = {0, 2, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 47};
    // STRING_REVERSE.
    private static final int SR_OFFSET = 0;
    private static final int SR_LENGTH = 4;
    // CGROUPS_SNAPSHOT response and item.
    private static final int SNAP_HEADER = 24;
    private static final int SNAP_FLAGS = 2;
    private static final int SNAP_ITEM_COUNT = 4;
    private static final int SNAP_RESERVED = 12;
    private static final int[] SNAP_BOUNDARIES = {0, 2, 4, 8, 12, 16, 23};
    private static final int SNAP_ITEM_HEADER = 32;
    private static final int SNAP_ITEM_FLAGS = 2;
    private static final int SNAP_ITEM_NAME_OFFSET = 16;
    private static final int SNAP_ITEM_NAME_LENGTH = 20;
    private static final int SNAP_ITEM_PATH_OFFSET = 24;
    private static final int SNAP_ITEM_PATH_LENGTH = 28;
    // Lookup request/response headers, directory and labels.
    private static final int LK_HEADER = 16;
    private static final int LK_FLAGS = 2;
    private static final int LK_ITEM_COUNT = 4;
    private static final int LK_REQ_RESERVED0 = 8;
    private static final int LK_REQ_RESERVED1 = 12;
    private static final int[] LK_BOUNDARIES = {0, 2, 4, 8, 12, 15};
    private static final int ENTRY = 8;
    private static final int ENTRY_OFFSET = 0;
    private static final int ENTRY_LENGTH = 4;
    private static final int LABEL_ENTRY = 16;
    private static final int LABEL_KEY_OFFSET = 0;
    private static final int LABEL_KEY_LENGTH = 4;
    private static final int LABEL_VALUE_OFFSET = 8;
    private static final int LABEL_VALUE_LENGTH = 12;
    // CGROUPS_LOOKUP item.
    private static final int CL_ITEM_HEADER = 28;
    private static final int CL_STATUS = 2;
    private static final int CL_RESERVED0 = 6;
    private static final int CL_PATH_OFFSET = 8;
    private static final int CL_PATH_LENGTH = 12;
    private static final int CL_NAME_OFFSET = 16;
    private static final int CL_NAME_LENGTH = 20;
    private static final int CL_LABEL_COUNT = 24;
    private static final int CL_RESERVED1 = 26;
    private static final int[] CL_BOUNDARIES = {0, 2, 4, 6, 8, 12, 16, 20, 24, 26, 27};
    // APPS_LOOKUP item.
    private static final int AL_ITEM_HEADER = 60;
    private static final int AL_STATUS = 2;
    private static final int AL_CGROUP_STATUS = 6;
    private static final int AL_PPID = 12;
    private static final int AL_UID = 16;
    private static final int AL_RESERVED0 = 20;
    private static final int AL_COMM_OFFSET = 32;
    private static final int AL_COMM_LENGTH = 36;
    private static final int AL_PATH_OFFSET = 40;
    private static final int AL_NAME_LENGTH = 52;
    private static final int AL_LABEL_COUNT = 56;
    private static final int AL_RESERVED1 = 58;
    private static final int[] AL_BOUNDARIES = {0, 2, 4, 6, 8, 12, 16, 20, 24, 32, 36, 40, 44, 48, 52, 56, 58, 59};

    private final SortedMap<String, byte[]> seeds = new TreeMap<>();

    private SeedCorpusGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : defaultRoot();
        SortedMap<String, byte[]> seeds = generate();
        int deleted = 0;
        for (FuzzTarget target : FuzzTarget.values()) {
            Path directory = root.resolve(target.seedDirectory());
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    String key = target.seedDirectory() + "/" + file.getFileName();
                    if (isGenerated(file.getFileName().toString()) && !seeds.containsKey(key)) {
                        Files.delete(file);
                        deleted++;
                    }
                }
            }
        }
        long bytes = 0;
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Files.write(root.resolve(seed.getKey()), seed.getValue());
            bytes += seed.getValue().length;
        }
        System.out.printf("wrote %d seeds (%d bytes) under %s; deleted %d stale seeds%n", seeds.size(), bytes,
                root.toAbsolutePath().normalize(), deleted);
    }

    /** {@code netipc-core/src/test/resources/<package>}, from the repository root or the module directory. */
    static Path defaultRoot() {
        Path module = Files.isDirectory(Path.of("netipc-core", "src")) ? Path.of("netipc-core") : Path.of("");
        return module.resolve("src").resolve("test").resolve("resources").resolve(PACKAGE_PATH);
    }

    static boolean isGenerated(String fileName) {
        return GENERATED_PREFIXES.stream().anyMatch(fileName::startsWith);
    }

    /** Every seed, keyed by {@code <TestClass>Inputs/<method>/<file name>}. */
    static SortedMap<String, byte[]> generate() {
        SeedCorpusGenerator generator = new SeedCorpusGenerator();
        generator.chunkHeaders();
        generator.hellos();
        generator.helloAcks();
        generator.increments();
        generator.stringReverses();
        generator.batches();
        generator.messages();
        generator.snapshotRequests();
        generator.snapshotResponses();
        generator.cgroupsLookupRequests();
        generator.cgroupsLookupResponses();
        generator.appsLookupRequests();
        generator.appsLookupResponses();
        return generator.seeds;
    }

    private void add(FuzzTarget target, String name, byte[] bytes) {
        String key = target.seedDirectory() + "/" + name;
        if (!isGenerated(name) || seeds.put(key, bytes) != null) {
            throw new IllegalStateException("bad or duplicate seed name " + key);
        }
    }

    private void truncations(FuzzTarget target, String name, byte[] bytes, int... lengths) {
        for (int length : lengths) {
            if (length < bytes.length) {
                add(target, "trunc-" + name + "-" + length, Arrays.copyOf(bytes, length));
            }
        }
    }

    // ============================================================== envelope

    private static MessageHeader header(int kind, int flags, int code, int status, long payloadLength, long itemCount) {
        return MessageHeader.of(kind, flags, code, status, payloadLength, itemCount, MESSAGE_ID);
    }

    private static byte[] message(int kind, int code, byte[] payload) {
        return concat(header(kind, 0, code, TransportStatus.OK.code(), payload.length, 1).toBytes(), payload);
    }

    private static byte[] batchMessage(int kind, int code, List<byte[]> items) {
        byte[] payload = Reencoders.batch(items.stream().map(ByteString::of).toList());
        return concat(header(kind, Wire.FLAG_BATCH, code, TransportStatus.OK.code(), payload.length, items.size())
                .toBytes(), payload);
    }

    private static Hello defaultHello() {
        return new Hello(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID, Wire.PROFILE_BASELINE,
                Wire.MAX_PAYLOAD_DEFAULT, 16, 65_536, 16, 0xFEDC_BA98_7654_3210L, 212_992);
    }

    private static HelloAck acceptingHelloAck() {
        return new HelloAck(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID,
                Wire.PROFILE_BASELINE, Wire.PROFILE_BASELINE, Wire.MAX_PAYLOAD_DEFAULT, 16, 65_536, 16, 212_992, 7);
    }

    private void messages() {
        FuzzTarget t = FuzzTarget.MESSAGE_HEADER;
        byte[] hello = message(Wire.KIND_CONTROL, Wire.CODE_HELLO, defaultHello().toBytes());
        add(t, "valid-control-hello", hello);
        add(t, "valid-control-hello-ack", message(Wire.KIND_CONTROL, Wire.CODE_HELLO_ACK,
                acceptingHelloAck().toBytes()));
        add(t, "valid-control-hello-ack-rejected", concat(header(Wire.KIND_CONTROL, 0, Wire.CODE_HELLO_ACK,
                TransportStatus.INCOMPATIBLE.code(), 48, 1).toBytes(), HelloAck.rejection().toBytes()));
        add(t, "valid-increment-request", message(Wire.KIND_REQUEST, Wire.METHOD_INCREMENT, IncrementCodec.encode(41)));
        add(t, "valid-increment-response", message(Wire.KIND_RESPONSE, Wire.METHOD_INCREMENT,
                IncrementCodec.encode(42)));
        add(t, "valid-string-reverse-request", message(Wire.KIND_REQUEST, Wire.METHOD_STRING_REVERSE,
                StringReverseEncoder.encode(ByteString.utf8("hello, netipc"))));
        add(t, "valid-snapshot-request", message(Wire.KIND_REQUEST, Wire.METHOD_CGROUPS_SNAPSHOT,
                CgroupsSnapshotRequest.STANDARD.toBytes()));
        add(t, "valid-snapshot-response", message(Wire.KIND_RESPONSE, Wire.METHOD_CGROUPS_SNAPSHOT,
                Reencoders.cgroupsSnapshot(sampleSnapshot())));
        add(t, "valid-cgroups-lookup-request", message(Wire.KIND_REQUEST, Wire.METHOD_CGROUPS_LOOKUP,
                CgroupsLookupRequestEncoder.encode(samplePaths())));
        add(t, "valid-cgroups-lookup-response", message(Wire.KIND_RESPONSE, Wire.METHOD_CGROUPS_LOOKUP,
                Reencoders.cgroupsLookupResponse(sampleCgroupsLookup())));
        add(t, "valid-apps-lookup-request", message(Wire.KIND_REQUEST, Wire.METHOD_APPS_LOOKUP,
                AppsLookupRequestEncoder.encode(1, 4242, 0xFFFF_FFFEL)));
        add(t, "valid-apps-lookup-response", message(Wire.KIND_RESPONSE, Wire.METHOD_APPS_LOOKUP,
                Reencoders.appsLookupResponse(sampleAppsLookup())));
        add(t, "valid-batch-increment-requests", batchMessage(Wire.KIND_REQUEST, Wire.METHOD_INCREMENT,
                List.of(IncrementCodec.encode(1), IncrementCodec.encode(2), IncrementCodec.encode(-1))));
        add(t, "valid-batch-string-reverse-responses", batchMessage(Wire.KIND_RESPONSE, Wire.METHOD_STRING_REVERSE,
                List.of(StringReverseEncoder.encode(ByteString.utf8("abc")), StringReverseEncoder.encode(ByteString.EMPTY),
                        StringReverseEncoder.encode(ByteString.utf8("0123456789abcdef")))));
        add(t, "valid-batch-cgroups-lookup-requests", batchMessage(Wire.KIND_REQUEST, Wire.METHOD_CGROUPS_LOOKUP,
                List.of(CgroupsLookupRequestEncoder.encode(samplePaths()),
                        CgroupsLookupRequestEncoder.encode(List.of(ByteString.utf8("/"))))));
        add(t, "valid-batch-apps-lookup-responses", batchMessage(Wire.KIND_RESPONSE, Wire.METHOD_APPS_LOOKUP,
                List.of(Reencoders.appsLookupResponse(sampleAppsLookup()),
                        Reencoders.appsLookupResponse(new AppsLookupResponse(3, List.of(AppsLookupItem.unknown(9)))))));
        add(t, "edge-batch-with-bad-items", batchMessage(Wire.KIND_REQUEST, Wire.METHOD_APPS_LOOKUP,
                List.of(new byte[3], AppsLookupRequestEncoder.encode(5))));
        add(t, "valid-no-payload-codec", concat(header(Wire.KIND_REQUEST, 0, 0x7777, 0, 4, 1).toBytes(), new byte[4]));
        add(t, "edge-limit-exceeded-empty-payload", header(Wire.KIND_RESPONSE, 0, Wire.METHOD_CGROUPS_SNAPSHOT,
                TransportStatus.LIMIT_EXCEEDED.code(), 0, 1).toBytes());
        add(t, "edge-undefined-transport-status", header(Wire.KIND_RESPONSE, 0, Wire.METHOD_INCREMENT, 0xFFFF, 0, 1)
                .toBytes());
        add(t, "edge-response-payload-with-request-kind", message(Wire.KIND_REQUEST, Wire.METHOD_CGROUPS_SNAPSHOT,
                Reencoders.cgroupsSnapshot(sampleSnapshot())));
        add(t, "edge-payload-len-one-past-the-end", u32(hello, HDR_PAYLOAD_LEN, 45));
        add(t, "edge-payload-len-u32-max", u32(hello, HDR_PAYLOAD_LEN, U32_MAX));
        add(t, "edge-payload-shorter-than-declared-codec", u32(hello, HDR_PAYLOAD_LEN, 43));
        byte[] batch = batchMessage(Wire.KIND_REQUEST, Wire.METHOD_INCREMENT,
                List.of(IncrementCodec.encode(7), IncrementCodec.encode(8)));
        add(t, "edge-batch-item-count-zero", u32(batch, HDR_ITEM_COUNT, 0));
        add(t, "edge-batch-item-count-u32-max", u32(batch, HDR_ITEM_COUNT, U32_MAX));
        add(t, "edge-batch-item-count-plus-one", u32(batch, HDR_ITEM_COUNT, 3));
        add(t, "edge-batch-flag-on-single-payload", u16(hello, HDR_FLAGS, Wire.FLAG_BATCH));
        add(t, "bad-magic-chunk", u32(hello, HDR_MAGIC, Wire.MAGIC_CHUNK));
        add(t, "bad-magic-byte-swapped", u32(hello, HDR_MAGIC, Integer.reverseBytes((int) Wire.MAGIC_MSG) & U32_MAX));
        add(t, "bad-version-0", u16(hello, HDR_VERSION, 0));
        add(t, "bad-version-2", u16(hello, HDR_VERSION, 2));
        add(t, "bad-header-len-31", u16(hello, HDR_HEADER_LEN, 31));
        add(t, "bad-header-len-u16-max", u16(hello, HDR_HEADER_LEN, 0xFFFF));
        add(t, "bad-kind-0", u16(hello, HDR_KIND, 0));
        add(t, "bad-kind-4", u16(hello, HDR_KIND, 4));
        add(t, "edge-code-u16-max", u16(hello, HDR_CODE, 0xFFFF));
        truncations(t, "hello", hello, HDR_BOUNDARIES);
    }

    private void chunkHeaders() {
        FuzzTarget t = FuzzTarget.CHUNK_HEADER;
        byte[] chunk = ChunkHeader.of(MESSAGE_ID, 1_000, 1, 3, 400).toBytes();
        add(t, "valid-continuation", chunk);
        add(t, "valid-last-chunk", ChunkHeader.of(-1L, 2_097_184, 511, 512, 32).toBytes());
        add(t, "valid-u32-max-fields", ChunkHeader.of(0, U32_MAX, U32_MAX, U32_MAX, U32_MAX).toBytes());
        add(t, "valid-index-beyond-count", ChunkHeader.of(1, 64, 9, 2, 1).toBytes());
        add(t, "valid-trailing-bytes", concat(chunk, "payload bytes".getBytes(StandardCharsets.US_ASCII)));
        add(t, "bad-magic-message", u32(chunk, 0, Wire.MAGIC_MSG));
        add(t, "bad-version-2", u16(chunk, CHK_VERSION, 2));
        add(t, "bad-flags-1", u16(chunk, CHK_FLAGS, 1));
        add(t, "bad-flags-u16-max", u16(chunk, CHK_FLAGS, 0xFFFF));
        add(t, "bad-chunk-payload-len-0", u32(chunk, CHK_PAYLOAD_LEN, 0));
        truncations(t, "continuation", chunk, CHK_BOUNDARIES);
    }

    private void hellos() {
        FuzzTarget t = FuzzTarget.HELLO;
        byte[] hello = defaultHello().toBytes();
        add(t, "valid-default", hello);
        add(t, "valid-all-profiles-u32-max", new Hello(Wire.LAYOUT_VERSION, 0, 0x0F, 0x08, U32_MAX, U32_MAX, U32_MAX,
                U32_MAX, -1L, U32_MAX).toBytes());
        add(t, "valid-zero-limits", new Hello(Wire.LAYOUT_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0).toBytes());
        add(t, "valid-flags-set", u16(hello, HELLO_FLAGS, 0xFFFF));
        add(t, "valid-trailing-bytes", concat(hello, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        add(t, "bad-layout-version-0", u16(hello, 0, 0));
        add(t, "bad-layout-version-2", u16(hello, 0, 2));
        add(t, "bad-reserved-1", u32(hello, HELLO_RESERVED, 1));
        add(t, "bad-reserved-u32-max", u32(hello, HELLO_RESERVED, U32_MAX));
        truncations(t, "default", hello, HELLO_BOUNDARIES);
    }

    private void helloAcks() {
        FuzzTarget t = FuzzTarget.HELLO_ACK;
        byte[] ack = acceptingHelloAck().toBytes();
        add(t, "valid-accepting", ack);
        add(t, "valid-rejection", HelloAck.rejection().toBytes());
        add(t, "valid-u32-max-fields", new HelloAck(Wire.LAYOUT_VERSION, 0, U32_MAX, U32_MAX, U32_MAX, U32_MAX,
                U32_MAX, U32_MAX, U32_MAX, U32_MAX, -1L).toBytes());
        add(t, "valid-reserved-not-checked", u32(ack, ACK_RESERVED, 0xDEAD_BEEFL));
        add(t, "valid-trailing-bytes", concat(ack, new byte[5]));
        add(t, "bad-flags-1", u16(ack, ACK_FLAGS, 1));
        add(t, "bad-layout-version-0", u16(ack, 0, 0));
        add(t, "bad-layout-version-u16-max", u16(ack, 0, 0xFFFF));
        add(t, "trunc-legacy-36-byte-revision", Arrays.copyOf(ack, 36));
        truncations(t, "accepting", ack, ACK_BOUNDARIES);
    }

    private void increments() {
        FuzzTarget t = FuzzTarget.INCREMENT;
        add(t, "valid-zero", IncrementCodec.encode(0));
        add(t, "valid-one", IncrementCodec.encode(1));
        add(t, "valid-u64-max", IncrementCodec.encode(-1L));
        add(t, "valid-high-bit", IncrementCodec.encode(Long.MIN_VALUE));
        add(t, "valid-byte-pattern", IncrementCodec.encode(0x0102_0304_0506_0708L));
        add(t, "valid-trailing-bytes", concat(IncrementCodec.encode(0x1122_3344_5566_7788L), new byte[9]));
        truncations(t, "one", IncrementCodec.encode(1), 0, 1, 2, 4, 6, 7);
    }

    private void stringReverses() {
        FuzzTarget t = FuzzTarget.STRING_REVERSE;
        byte[] hello = StringReverseEncoder.encode(ByteString.utf8("hello"));
        add(t, "valid-empty", StringReverseEncoder.encode(ByteString.EMPTY));
        add(t, "valid-hello", hello);
        add(t, "valid-utf8", StringReverseEncoder.encode(ByteString.utf8("Grüße, 世界 \uD83D\uDE00")));
        add(t, "valid-invalid-utf8", StringReverseEncoder.encode(ByteString.of(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF})));
        add(t, "valid-every-non-nul-byte", StringReverseEncoder.encode(ByteString.of(everyNonNulByte())));
        add(t, "valid-interior-nul", StringReverseEncoder.encode(ByteString.of(new byte[] {'a', 0, 'b'})));
        add(t, "valid-trailing-bytes", concat(hello, "trailer".getBytes(StandardCharsets.US_ASCII)));
        add(t, "bad-offset-0", u32(hello, SR_OFFSET, 0));
        add(t, "bad-offset-7", u32(hello, SR_OFFSET, 7));
        add(t, "bad-offset-9", u32(hello, SR_OFFSET, 9));
        add(t, "bad-offset-u32-max", u32(hello, SR_OFFSET, U32_MAX));
        add(t, "bad-length-plus-one", u32(hello, SR_LENGTH, 6));
        add(t, "bad-length-u32-max", u32(hello, SR_LENGTH, U32_MAX));
        add(t, "bad-length-u32-max-aligned", u32(hello, SR_LENGTH, U32_MAX_ALIGNED));
        add(t, "bad-length-high-bit", u32(hello, SR_LENGTH, 0x8000_0000L));
        add(t, "bad-missing-nul", u8(hello, hello.length - 1, 'X'));
        add(t, "valid-length-short-of-nul-in-string", u32(concat(Arrays.copyOf(hello, 8), new byte[] {'a', 0, 'b', 0}),
                SR_LENGTH, 1));
        add(t, "bad-length-short-no-nul", u32(hello, SR_LENGTH, 4));
        truncations(t, "hello", hello, 0, 4, 7, 8, 12, hello.length - 1);
    }

    /** Batch fuzz inputs: host-order u32 item count, then the payload. */
    private void batches() {
        FuzzTarget t = FuzzTarget.BATCH;
        List<byte[]> items = List.of(new byte[] {1, 2, 3}, new byte[] {4, 5, 6, 7, 8, 9, 10, 11}, new byte[0],
                "thirteen byte".getBytes(StandardCharsets.US_ASCII));
        byte[] payload = Reencoders.batch(items.stream().map(ByteString::of).toList());
        byte[] four = FuzzTarget.withCountPrefix(4, payload);
        add(t, "valid-four-items", four);
        add(t, "valid-one-item", batchInput(List.of(IncrementCodec.encode(5))));
        add(t, "valid-one-empty-item", batchInput(List.of(new byte[0])));
        add(t, "valid-all-empty-items", batchInput(List.of(new byte[0], new byte[0], new byte[0])));
        List<byte[]> sixteen = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            sixteen.add(Arrays.copyOf(everyNonNulByte(), i * 3));
        }
        add(t, "valid-sixteen-items", batchInput(sixteen));
        add(t, "valid-nested-messages", batchInput(List.of(message(Wire.KIND_REQUEST, Wire.METHOD_INCREMENT,
                IncrementCodec.encode(1)), defaultHello().toBytes())));
        // Directory entries of the 4-item input: entry i at 4 + 8 * i.
        int entry1 = Walkers.BATCH_COUNT_PREFIX + ENTRY;
        add(t, "bad-count-zero", u32(four, 0, 0));
        add(t, "bad-count-u32-max", u32(four, 0, U32_MAX));
        add(t, "bad-count-high-bit", u32(four, 0, 0x8000_0000L));
        add(t, "edge-count-plus-one", u32(four, 0, 5));
        add(t, "edge-count-minus-one", u32(four, 0, 3));
        for (int misalign = 1; misalign < Wire.ALIGNMENT; misalign += 3) {
            add(t, "bad-unaligned-offset-plus-" + misalign, u32(four, entry1 + ENTRY_OFFSET,
                    u32At(four, entry1 + ENTRY_OFFSET) + misalign));
        }
        add(t, "bad-offset-u32-max-aligned", u32(four, entry1 + ENTRY_OFFSET, U32_MAX_ALIGNED));
        add(t, "bad-length-u32-max", u32(four, entry1 + ENTRY_LENGTH, U32_MAX));
        add(t, "bad-length-one-past-the-end", u32(four, entry1 + ENTRY_LENGTH,
                payload.length - 4 * ENTRY - u32At(four, entry1 + ENTRY_OFFSET) + 1));
        add(t, "valid-overlapping-items", u32(four, entry1 + ENTRY_OFFSET, 0));
        add(t, "valid-items-out-of-order", u32(u32(four, Walkers.BATCH_COUNT_PREFIX + ENTRY_OFFSET, 16),
                entry1 + ENTRY_OFFSET, 0));
        add(t, "trunc-count-prefix", new byte[] {1, 0});
        truncations(t, "four-items", four, 4, 8, 12, 20, 36, four.length - 8, four.length - 3, four.length - 1);
    }

    private static byte[] batchInput(List<byte[]> items) {
        return FuzzTarget.withCountPrefix(items.size(), Reencoders.batch(items.stream().map(ByteString::of).toList()));
    }

    // =============================================================== cgroups

    private static CgroupsSnapshot sampleSnapshot() {
        return new CgroupsSnapshot(1, 0x0000_0001_0000_002AL, List.of(
                CgroupsSnapshotItem.of("system.slice/docker-0123.scope", "/sys/fs/cgroup/system.slice/docker-0123.scope",
                        0x0004, true),
                CgroupsSnapshotItem.of("init.scope", "/sys/fs/cgroup/init.scope", 0, false),
                CgroupsSnapshotItem.of("", "/", 0xFFFF_FFFFL, true),
                CgroupsSnapshotItem.of("k8s_pod_ünïcode", "/kubepods/burstable/pod-ünïcode", 2, true),
                new CgroupsSnapshotItem(0xDEAD_BEEFL, 1, 7, ByteString.utf8("wrong-hash"), ByteString.EMPTY)));
    }

    private void snapshotRequests() {
        FuzzTarget t = FuzzTarget.CGROUPS_SNAPSHOT_REQUEST;
        byte[] request = CgroupsSnapshotRequest.STANDARD.toBytes();
        add(t, "valid-standard", request);
        add(t, "valid-trailing-bytes", concat(request, new byte[] {9, 9, 9, 9}));
        add(t, "bad-layout-version-0", u16(request, 0, 0));
        add(t, "bad-layout-version-2", u16(request, 0, 2));
        add(t, "bad-flags-1", u16(request, 2, 1));
        add(t, "bad-flags-u16-max", u16(request, 2, 0xFFFF));
        truncations(t, "standard", request, 0, 1, 2, 3);
    }

    private void snapshotResponses() {
        FuzzTarget t = FuzzTarget.CGROUPS_SNAPSHOT_RESPONSE;
        CgroupsSnapshot sample = sampleSnapshot();
        byte[] snapshot = Reencoders.cgroupsSnapshot(sample);
        int count = sample.items().size();
        add(t, "valid-five-items", snapshot);
        add(t, "valid-empty", Reencoders.cgroupsSnapshot(new CgroupsSnapshot(0, 0, List.of())));
        add(t, "valid-one-item-generation-u64-max", Reencoders.cgroupsSnapshot(new CgroupsSnapshot(U32_MAX, -1L,
                List.of(CgroupsSnapshotItem.of("a", "b", 1, true)))));
        add(t, "valid-interior-nul-in-name", Reencoders.cgroupsSnapshot(new CgroupsSnapshot(0, 1, List.of(
                new CgroupsSnapshotItem(0, 0, 0, ByteString.of(new byte[] {'a', 0, 'b'}), ByteString.utf8("/p"))))));
        add(t, "valid-trailing-bytes", concat(snapshot, new byte[8]));
        add(t, "bad-layout-version-2", u16(snapshot, 0, 2));
        add(t, "bad-flags-1", u16(snapshot, SNAP_FLAGS, 1));
        add(t, "bad-reserved-1", u32(snapshot, SNAP_RESERVED, 1));
        add(t, "bad-item-count-u32-max", u32(snapshot, SNAP_ITEM_COUNT, U32_MAX));
        add(t, "bad-item-count-directory-past-end", u32(snapshot, SNAP_ITEM_COUNT, snapshot.length / ENTRY));
        add(t, "edge-item-count-minus-one", u32(snapshot, SNAP_ITEM_COUNT, count - 1));
        add(t, "edge-item-count-plus-one", u32(snapshot, SNAP_ITEM_COUNT, count + 1));
        int entry1 = SNAP_HEADER + ENTRY;
        for (int misalign = 1; misalign < Wire.ALIGNMENT; misalign += 2) {
            add(t, "bad-unaligned-item-offset-plus-" + misalign, u32(snapshot, entry1 + ENTRY_OFFSET,
                    u32At(snapshot, entry1 + ENTRY_OFFSET) + misalign));
        }
        add(t, "bad-item-offset-u32-max-aligned", u32(snapshot, entry1 + ENTRY_OFFSET, U32_MAX_ALIGNED));
        add(t, "bad-item-length-u32-max", u32(snapshot, entry1 + ENTRY_LENGTH, U32_MAX));
        add(t, "bad-item-length-below-header", u32(snapshot, entry1 + ENTRY_LENGTH, SNAP_ITEM_HEADER - 1));
        add(t, "edge-items-overlap", u32(snapshot, entry1 + ENTRY_OFFSET, 0));
        // Item 1 fields (checked lazily, so the wrap succeeds and item 1 is rejected).
        int item1 = SNAP_HEADER + count * ENTRY + (int) u32At(snapshot, entry1 + ENTRY_OFFSET);
        add(t, "bad-item-layout-version-0", u16(snapshot, item1, 0));
        add(t, "bad-item-flags-1", u16(snapshot, item1 + SNAP_ITEM_FLAGS, 1));
        add(t, "bad-item-name-offset-inside-header", u32(snapshot, item1 + SNAP_ITEM_NAME_OFFSET, SNAP_ITEM_HEADER - 1));
        add(t, "bad-item-name-offset-u32-max", u32(snapshot, item1 + SNAP_ITEM_NAME_OFFSET, U32_MAX));
        add(t, "bad-item-name-length-u32-max", u32(snapshot, item1 + SNAP_ITEM_NAME_LENGTH, U32_MAX));
        add(t, "bad-item-path-length-u32-max-aligned", u32(snapshot, item1 + SNAP_ITEM_PATH_LENGTH, U32_MAX_ALIGNED));
        long nameLength = u32At(snapshot, item1 + SNAP_ITEM_NAME_LENGTH);
        add(t, "bad-item-name-missing-nul", u8(snapshot, item1 + SNAP_ITEM_HEADER + (int) nameLength, 'X'));
        add(t, "bad-item-name-length-minus-one-missing-nul", u32(snapshot, item1 + SNAP_ITEM_NAME_LENGTH,
                nameLength - 1));
        add(t, "bad-item-path-overlaps-name", u32(u32(snapshot, item1 + SNAP_ITEM_PATH_OFFSET, SNAP_ITEM_HEADER),
                item1 + SNAP_ITEM_PATH_LENGTH, nameLength));
        add(t, "bad-item-name-and-path-identical-empty", u32(u32(u32(snapshot, item1 + SNAP_ITEM_NAME_LENGTH, 0),
                item1 + SNAP_ITEM_PATH_OFFSET, SNAP_ITEM_HEADER), item1 + SNAP_ITEM_PATH_LENGTH, 0));
        add(t, "valid-item-strings-swapped", swapSnapshotStrings(snapshot, item1));
        truncations(t, "five-items", snapshot, SNAP_BOUNDARIES);
        truncations(t, "five-items-dir", snapshot, SNAP_HEADER + 4, SNAP_HEADER + count * ENTRY - 1,
                SNAP_HEADER + count * ENTRY, item1, item1 + SNAP_ITEM_HEADER, snapshot.length - 1);
    }

    /** Points item {@code item}'s name at its path and vice versa (valid: strings may be anywhere in the item). */
    private static byte[] swapSnapshotStrings(byte[] snapshot, int item) {
        long nameOffset = u32At(snapshot, item + SNAP_ITEM_NAME_OFFSET);
        long nameLength = u32At(snapshot, item + SNAP_ITEM_NAME_LENGTH);
        long pathOffset = u32At(snapshot, item + SNAP_ITEM_PATH_OFFSET);
        long pathLength = u32At(snapshot, item + SNAP_ITEM_PATH_LENGTH);
        byte[] swapped = u32(snapshot, item + SNAP_ITEM_NAME_OFFSET, pathOffset);
        swapped = u32(swapped, item + SNAP_ITEM_NAME_LENGTH, pathLength);
        swapped = u32(swapped, item + SNAP_ITEM_PATH_OFFSET, nameOffset);
        return u32(swapped, item + SNAP_ITEM_PATH_LENGTH, nameLength);
    }

    // ================================================================ lookup

    private static List<ByteString> samplePaths() {
        return List.of(ByteString.utf8("/"), ByteString.utf8("1234567"), ByteString.utf8("12345678"),
                ByteString.utf8("/sys/fs/cgroup/system.slice/docker-0123.scope"), ByteString.utf8("/ünïcode"));
    }

    private static List<LookupLabel> podLabels() {
        return List.of(LookupLabel.of("io.kubernetes.pod.name", "web-0"), LookupLabel.of("io.kubernetes.pod.namespace",
                "default"), LookupLabel.of("empty-value", ""), LookupLabel.of("k", "ünïcode value"));
    }

    private static CgroupsLookupResponse sampleCgroupsLookup() {
        List<LookupLabel> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(LookupLabel.of("label" + i, "v".repeat(i)));
        }
        return new CgroupsLookupResponse(0x0102_0304_0506_0708L, List.of(
                new CgroupsLookupItem(CgroupLookupStatus.KNOWN, Orchestrator.K8S, ByteString.utf8("/kubepods/pod-1"),
                        ByteString.utf8("web-0"), podLabels()),
                new CgroupsLookupItem(CgroupLookupStatus.KNOWN, Orchestrator.DOCKER, ByteString.utf8("/docker/abc"),
                        ByteString.EMPTY, List.of()),
                new CgroupsLookupItem(CgroupLookupStatus.UNKNOWN_RETRY_LATER, 0, ByteString.utf8("/gone"),
                        ByteString.EMPTY, List.of()),
                new CgroupsLookupItem(CgroupLookupStatus.UNKNOWN_PERMANENT, 0, ByteString.utf8("/x"), ByteString.EMPTY,
                        List.of()),
                new CgroupsLookupItem(CgroupLookupStatus.KNOWN, 0xFFFF, ByteString.utf8("/many-labels"),
                        ByteString.utf8("n"), many)));
    }

    private static AppsLookupResponse sampleAppsLookup() {
        return new AppsLookupResponse(99, List.of(
                new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.K8S, 4242, 1, 1000,
                        123_456_789L, ByteString.utf8("nginx"), ByteString.utf8("/kubepods/pod-1"),
                        ByteString.utf8("web-0"), podLabels()),
                AppsLookupItem.unknown(7),
                new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_RETRY_LATER, 0, 8, 1, 0, 5,
                        ByteString.utf8("a-15-byte-comm!"), ByteString.EMPTY, ByteString.EMPTY, List.of()),
                new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_PERMANENT, 0, 9, 1, 0, 5,
                        ByteString.utf8("x"), ByteString.utf8("/p"), ByteString.EMPTY, List.of()),
                new AppsLookupItem(PidLookupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT, 0, 10, 0, 0, -1L,
                        ByteString.utf8("init"), ByteString.EMPTY, ByteString.EMPTY, List.of()),
                new AppsLookupItem(PidLookupStatus.PAYLOAD_EXCEEDED, 0, 0, 11, 0, AppsLookupItemView.UID_UNSET, 0,
                        ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY, List.of())));
    }

    private void cgroupsLookupRequests() {
        FuzzTarget t = FuzzTarget.CGROUPS_LOOKUP_REQUEST;
        List<ByteString> paths = samplePaths();
        byte[] request = CgroupsLookupRequestEncoder.encode(paths);
        add(t, "valid-five-paths", request);
        add(t, "valid-empty", CgroupsLookupRequestEncoder.encode(List.of()));
        add(t, "valid-one-byte-path", CgroupsLookupRequestEncoder.encode(List.of(ByteString.utf8("x"))));
        add(t, "valid-every-non-nul-byte", CgroupsLookupRequestEncoder.encode(List.of(ByteString.of(everyNonNulByte()))));
        add(t, "valid-trailing-bytes", concat(request, new byte[3]));
        lookupHeaderMutations(t, request, true);
        int directory = LK_HEADER;
        int entry1 = directory + ENTRY;
        int packed = LK_HEADER + paths.size() * ENTRY;
        long key1 = u32At(request, entry1 + ENTRY_OFFSET);
        long key1Length = u32At(request, entry1 + ENTRY_LENGTH);
        directoryMutations(t, request, entry1, key1, key1Length);
        add(t, "bad-key-length-1", u32(request, entry1 + ENTRY_LENGTH, 1));
        add(t, "bad-key-length-0", u32(request, entry1 + ENTRY_LENGTH, 0));
        add(t, "bad-key-missing-nul", u8(request, packed + (int) (key1 + key1Length - 1), 'X'));
        add(t, "bad-key-interior-nul", u8(request, packed + (int) key1, 0));
        add(t, "bad-key-length-minus-one-no-nul", u32(request, entry1 + ENTRY_LENGTH, key1Length - 1));
        truncations(t, "five-paths", request, LK_BOUNDARIES);
        truncations(t, "five-paths-dir", request, LK_HEADER + 4, packed - 1, packed, packed + (int) key1,
                request.length - 1);
    }

    private void appsLookupRequests() {
        FuzzTarget t = FuzzTarget.APPS_LOOKUP_REQUEST;
        byte[] request = AppsLookupRequestEncoder.encode(1, 4242, 0, U32_MAX);
        add(t, "valid-four-pids", request);
        add(t, "valid-empty", AppsLookupRequestEncoder.encode());
        add(t, "valid-one-pid", AppsLookupRequestEncoder.encode(1));
        add(t, "valid-trailing-bytes", concat(request, new byte[8]));
        lookupHeaderMutations(t, request, true);
        int entry1 = LK_HEADER + ENTRY;
        int packed = LK_HEADER + 4 * ENTRY;
        long key1 = u32At(request, entry1 + ENTRY_OFFSET);
        directoryMutations(t, request, entry1, key1, 8);
        add(t, "bad-key-length-7", u32(request, entry1 + ENTRY_LENGTH, 7));
        add(t, "bad-key-length-9", u32(request, entry1 + ENTRY_LENGTH, 9));
        add(t, "bad-key-length-0", u32(request, entry1 + ENTRY_LENGTH, 0));
        add(t, "bad-key-reserved-1", u32(request, packed + (int) key1 + 4, 1));
        add(t, "valid-gap-between-keys", u32(u32(concat(request, new byte[8]), LK_HEADER + 3 * ENTRY + ENTRY_OFFSET,
                32), LK_HEADER + 3 * ENTRY + ENTRY_LENGTH, 8));
        truncations(t, "four-pids", request, LK_BOUNDARIES);
        truncations(t, "four-pids-dir", request, LK_HEADER + 4, packed - 1, packed, request.length - 1);
    }

    private void cgroupsLookupResponses() {
        FuzzTarget t = FuzzTarget.CGROUPS_LOOKUP_RESPONSE;
        CgroupsLookupResponse sample = sampleCgroupsLookup();
        byte[] response = Reencoders.cgroupsLookupResponse(sample);
        int count = sample.items().size();
        add(t, "valid-five-items-with-labels", response);
        add(t, "valid-empty-generation-0", Reencoders.cgroupsLookupResponse(new CgroupsLookupResponse(0, List.of())));
        add(t, "valid-trailing-bytes", concat(response, new byte[16]));
        add(t, "valid-builder-overflow-items", cgroupsLookupOverflow());
        lookupHeaderMutations(t, response, false);
        int entry0 = LK_HEADER;
        int packed = LK_HEADER + count * ENTRY;
        directoryMutations(t, response, entry0 + ENTRY, u32At(response, entry0 + ENTRY + ENTRY_OFFSET),
                u32At(response, entry0 + ENTRY + ENTRY_LENGTH));
        add(t, "bad-item-length-below-header", u32(response, entry0 + ENTRY + ENTRY_LENGTH, CL_ITEM_HEADER - 1));
        // Item 0: KNOWN, path, name and four labels.
        int item = packed + (int) u32At(response, entry0 + ENTRY_OFFSET);
        add(t, "bad-item-layout-version-2", u16(response, item, 2));
        add(t, "bad-item-status-5", u16(response, item + CL_STATUS, 5));
        add(t, "bad-item-status-unknown-with-metadata", u16(response, item + CL_STATUS,
                CgroupLookupStatus.UNKNOWN_PERMANENT));
        add(t, "bad-item-reserved0", u16(response, item + CL_RESERVED0, 1));
        add(t, "bad-item-reserved1", u16(response, item + CL_RESERVED1, 1));
        add(t, "bad-item-path-empty", u32(response, item + CL_PATH_LENGTH, 0));
        add(t, "bad-item-path-offset-inside-header", u32(response, item + CL_PATH_OFFSET, CL_ITEM_HEADER - 4));
        add(t, "bad-item-path-offset-u32-max", u32(response, item + CL_PATH_OFFSET, U32_MAX));
        add(t, "bad-item-path-length-u32-max", u32(response, item + CL_PATH_LENGTH, U32_MAX));
        long pathLength = u32At(response, item + CL_PATH_LENGTH);
        add(t, "bad-item-path-missing-nul", u8(response, item + CL_ITEM_HEADER + (int) pathLength, '!'));
        add(t, "bad-item-path-interior-nul", u8(response, item + CL_ITEM_HEADER + 1, 0));
        add(t, "bad-item-name-overlaps-path", u32(u32(response, item + CL_NAME_OFFSET, CL_ITEM_HEADER),
                item + CL_NAME_LENGTH, pathLength));
        add(t, "bad-item-label-count-plus-one", u16(response, item + CL_LABEL_COUNT, podLabels().size() + 1));
        add(t, "bad-item-label-count-zero-with-table", u16(response, item + CL_LABEL_COUNT, 0));
        add(t, "bad-item-label-count-u16-max", u16(response, item + CL_LABEL_COUNT, 0xFFFF));
        labelMutations(t, response, item, CL_ITEM_HEADER + (int) pathLength + 1
                + (int) u32At(response, item + CL_NAME_LENGTH) + 1);
        truncations(t, "five-items", response, LK_BOUNDARIES);
        truncations(t, "five-items-dir", response, LK_HEADER + 4, packed - 1, packed, item + CL_ITEM_HEADER - 1,
                response.length - 1);
        byte[] single = Reencoders.cgroupsLookupResponse(new CgroupsLookupResponse(1, List.of(sample.items().get(1))));
        int singleItem = LK_HEADER + ENTRY;
        for (int boundary : CL_BOUNDARIES) {
            // Shrink the only item below its header: each prefix of the item header.
            add(t, "trunc-item-header-" + boundary, u32(Arrays.copyOf(single, singleItem + boundary),
                    LK_HEADER + ENTRY_LENGTH, boundary));
        }
    }

    private void appsLookupResponses() {
        FuzzTarget t = FuzzTarget.APPS_LOOKUP_RESPONSE;
        AppsLookupResponse sample = sampleAppsLookup();
        byte[] response = Reencoders.appsLookupResponse(sample);
        int count = sample.items().size();
        add(t, "valid-six-items-with-labels", response);
        add(t, "valid-empty", Reencoders.appsLookupResponse(new AppsLookupResponse(-1L, List.of())));
        add(t, "valid-trailing-bytes", concat(response, new byte[4]));
        add(t, "valid-builder-overflow-items", appsLookupOverflow());
        lookupHeaderMutations(t, response, false);
        int packed = LK_HEADER + count * ENTRY;
        int entry1 = LK_HEADER + ENTRY;
        directoryMutations(t, response, entry1, u32At(response, entry1 + ENTRY_OFFSET),
                u32At(response, entry1 + ENTRY_LENGTH));
        add(t, "bad-item-length-below-header", u32(response, entry1 + ENTRY_LENGTH, AL_ITEM_HEADER - 1));
        int item = packed + (int) u32At(response, LK_HEADER + ENTRY_OFFSET);
        int unknown = packed + (int) u32At(response, entry1 + ENTRY_OFFSET);
        add(t, "bad-item-status-4", u16(response, item + AL_STATUS, 4));
        add(t, "bad-item-cgroup-status-4", u16(response, item + AL_CGROUP_STATUS, 4));
        add(t, "bad-item-reserved0", u32(response, item + AL_RESERVED0, 1));
        add(t, "bad-item-reserved1", u16(response, item + AL_RESERVED1, 1));
        add(t, "bad-item-comm-16-bytes", u32(response, item + AL_COMM_LENGTH, 16));
        add(t, "bad-item-comm-empty-when-known", u32(response, item + AL_COMM_LENGTH, 0));
        add(t, "bad-item-known-cgroup-without-path", u32(response, item + AL_PATH_OFFSET + 4, 0));
        add(t, "bad-item-host-root-with-name", u16(response, item + AL_CGROUP_STATUS, AppsCgroupStatus.HOST_ROOT));
        add(t, "bad-unknown-with-ppid", u32(response, unknown + AL_PPID, 1));
        add(t, "bad-unknown-with-uid-0", u32(response, unknown + AL_UID, 0));
        add(t, "bad-unknown-with-comm", u32(response, unknown + AL_COMM_LENGTH, 1));
        add(t, "bad-item-comm-offset-inside-header", u32(response, item + AL_COMM_OFFSET, AL_ITEM_HEADER - 1));
        add(t, "bad-item-comm-offset-u32-max", u32(response, item + AL_COMM_OFFSET, U32_MAX));
        long commLength = u32At(response, item + AL_COMM_LENGTH);
        add(t, "bad-item-comm-missing-nul", u8(response, item + AL_ITEM_HEADER + (int) commLength, 'x'));
        add(t, "bad-item-path-overlaps-comm", u32(response, item + AL_PATH_OFFSET, AL_ITEM_HEADER));
        add(t, "bad-item-name-length-u32-max", u32(response, item + AL_NAME_LENGTH, U32_MAX));
        add(t, "bad-item-label-count-plus-one", u16(response, item + AL_LABEL_COUNT, podLabels().size() + 1));
        AppsLookupItem first = sample.items().get(0);
        labelMutations(t, response, item, AL_ITEM_HEADER + first.comm().length() + first.cgroupPath().length()
                + first.cgroupName().length() + 3);
        truncations(t, "six-items", response, LK_BOUNDARIES);
        truncations(t, "six-items-dir", response, LK_HEADER + 4, packed - 1, packed, item + AL_ITEM_HEADER - 1,
                response.length - 1);
        byte[] single = Reencoders.appsLookupResponse(new AppsLookupResponse(1, List.of(AppsLookupItem.unknown(3))));
        for (int boundary : AL_BOUNDARIES) {
            add(t, "trunc-item-header-" + boundary, u32(Arrays.copyOf(single, LK_HEADER + ENTRY + boundary),
                    LK_HEADER + ENTRY_LENGTH, boundary));
        }
    }

    /** A CGROUPS_LOOKUP response whose builder ran out of room: OVERSIZED_ITEM first, then PAYLOAD_EXCEEDED. */
    private static byte[] cgroupsLookupOverflow() {
        byte[] buffer = new byte[200];
        CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder()
                .reset(ByteBuffer.wrap(buffer), 0, buffer.length, 3, 5);
        builder.add(CgroupLookupStatus.KNOWN, 0, ByteString.utf8("/big"), ByteString.utf8("x".repeat(300)));
        builder.add(CgroupLookupStatus.KNOWN, 0, ByteString.utf8("/a"), ByteString.utf8("a"));
        builder.add(CgroupLookupStatus.KNOWN, 0, ByteString.utf8("/b"), ByteString.utf8("b".repeat(100)));
        return Arrays.copyOf(buffer, builder.finish());
    }

    /** An APPS_LOOKUP response built under a payload-exceeded suffix budget. */
    private static byte[] appsLookupOverflow() {
        byte[] buffer = new byte[260];
        AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder()
                .reset(ByteBuffer.wrap(buffer), 0, buffer.length, 3, 6)
                .setPayloadExceededSuffixBytes(AppsLookupResponseBuilder.payloadExceededSuffixBytes(3));
        for (int pid = 1; pid <= 3; pid++) {
            builder.add(PidLookupStatus.KNOWN, AppsCgroupStatus.KNOWN, Orchestrator.SYSTEMD, pid, 1, 0, 1,
                    ByteString.utf8("proc" + pid), ByteString.utf8("/system.slice/unit-" + pid), ByteString.utf8("u"),
                    List.of(LookupLabel.of("key", "value")));
        }
        return Arrays.copyOf(buffer, builder.finish());
    }

    /** Header-level mutations shared by the four lookup views. */
    private void lookupHeaderMutations(FuzzTarget t, byte[] message, boolean request) {
        add(t, "bad-layout-version-0", u16(message, 0, 0));
        add(t, "bad-flags-1", u16(message, LK_FLAGS, 1));
        add(t, "bad-item-count-u32-max", u32(message, LK_ITEM_COUNT, U32_MAX));
        add(t, "bad-item-count-high-bit", u32(message, LK_ITEM_COUNT, 0x8000_0000L));
        add(t, "bad-item-count-directory-past-end", u32(message, LK_ITEM_COUNT, message.length / ENTRY));
        add(t, "edge-item-count-minus-one", u32(message, LK_ITEM_COUNT, u32At(message, LK_ITEM_COUNT) - 1));
        if (request) {
            add(t, "bad-reserved0-1", u32(message, LK_REQ_RESERVED0, 1));
            add(t, "bad-reserved1-u32-max", u32(message, LK_REQ_RESERVED1, U32_MAX));
        } else {
            add(t, "valid-generation-u64-max", u64(message, 8, -1L));
        }
    }

    /** Mutations of directory entry {@code entry} (not the first), whose offset and length are given. */
    private void directoryMutations(FuzzTarget t, byte[] message, int entry, long offset, long length) {
        for (int misalign = 1; misalign < Wire.ALIGNMENT; misalign += 3) {
            add(t, "bad-unaligned-offset-plus-" + misalign, u32(message, entry + ENTRY_OFFSET, offset + misalign));
        }
        add(t, "bad-offset-u32-max-aligned", u32(message, entry + ENTRY_OFFSET, U32_MAX_ALIGNED));
        add(t, "bad-length-u32-max", u32(message, entry + ENTRY_LENGTH, U32_MAX));
        add(t, "bad-entry-overlaps-previous", u32(message, entry + ENTRY_OFFSET, 0));
        add(t, "bad-entries-out-of-order", u32(u32(message, entry - ENTRY + ENTRY_OFFSET, offset),
                entry + ENTRY_OFFSET, 0));
        add(t, "edge-length-plus-8", u32(message, entry + ENTRY_LENGTH, length + 8));
    }

    /**
     * Label-table mutations of the lookup item at absolute index {@code item}
     * whose strings end at {@code fixedEnd} (relative to the item) and which
     * carries {@link #podLabels()}.
     */
    private void labelMutations(FuzzTarget t, byte[] message, int item, int fixedEnd) {
        int table = item + align8(fixedEnd);
        if (align8(fixedEnd) > fixedEnd) {
            add(t, "bad-label-padding-not-zero", u8(message, item + fixedEnd, 1));
        }
        long key0 = u32At(message, table + LABEL_KEY_OFFSET);
        long key0Length = u32At(message, table + LABEL_KEY_LENGTH);
        add(t, "bad-label-key-empty", u32(message, table + LABEL_KEY_LENGTH, 0));
        add(t, "bad-label-key-offset-not-packed", u32(message, table + LABEL_KEY_OFFSET, key0 + 1));
        add(t, "bad-label-key-offset-u32-max", u32(message, table + LABEL_KEY_OFFSET, U32_MAX));
        add(t, "bad-label-key-length-u32-max", u32(message, table + LABEL_KEY_LENGTH, U32_MAX));
        add(t, "bad-label-key-missing-nul", u8(message, item + (int) (key0 + key0Length), '='));
        add(t, "bad-label-key-interior-nul", u8(message, item + (int) key0, 0));
        add(t, "bad-label-value-offset-not-packed", u32(message, table + LABEL_VALUE_OFFSET,
                u32At(message, table + LABEL_VALUE_OFFSET) - 1));
        add(t, "bad-label-value-length-u32-max", u32(message, table + LABEL_VALUE_LENGTH, U32_MAX));
        long value2 = u32At(message, table + 2 * LABEL_ENTRY + LABEL_VALUE_OFFSET);
        add(t, "bad-label-empty-value-missing-nul", u8(message, item + (int) value2, 'v'));
        add(t, "bad-label-table-inside-strings", u32(message, table + LABEL_KEY_OFFSET, fixedEnd - 2));
    }

    // ================================================================= bytes

    private static int align8(int value) {
        return (value + 7) & -8;
    }

    private static ByteBuffer host(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    private static long u32At(byte[] bytes, int at) {
        return Integer.toUnsignedLong(host(bytes).getInt(at));
    }

    private static byte[] u8(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static byte[] u16(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        host(copy).putShort(at, (short) value);
        return copy;
    }

    private static byte[] u32(byte[] bytes, int at, long value) {
        byte[] copy = bytes.clone();
        host(copy).putInt(at, (int) value);
        return copy;
    }

    private static byte[] u64(byte[] bytes, int at, long value) {
        byte[] copy = bytes.clone();
        host(copy).putLong(at, value);
        return copy;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] everyNonNulByte() {
        byte[] bytes = new byte[255];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i + 1);
        }
        return bytes;
    }
}
