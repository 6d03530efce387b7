package io.netdata.netipc.protocol.fuzz;

import static io.netdata.netipc.protocol.fuzz.Oracle.checkBytes;
import static io.netdata.netipc.protocol.fuzz.Oracle.checkEquals;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.StringReverseEncoder;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshot;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequest;
import io.netdata.netipc.protocol.fuzz.Walkers.BatchWalk;
import io.netdata.netipc.protocol.fuzz.Walkers.MessageWalk;
import io.netdata.netipc.protocol.lookup.AppsLookupResponse;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The thirteen fuzz targets, one per decoder. Each knows how to walk its input
 * ({@link Walkers}) and how to re-encode what it decoded with the project's
 * encoders ({@link Reencoders}); {@link FuzzHarness} runs both. The names of
 * the {@code @FuzzTest} class and method that drive a target also locate its
 * seed corpus.
 */
enum FuzzTarget {
    /** A whole message: outer header plus, when complete, the payload (or batch) its kind and code select. */
    MESSAGE_HEADER("EnvelopeFuzzTest", "messageHeader", false) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.message(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return ((MessageWalk) walked).header().toBytes();
        }

        @Override
        void checkRoundTrip(Object walked, byte[] input) {
            MessageWalk message = (MessageWalk) walked;
            MessageHeader header = message.header();
            byte[] encoded = header.toBytes();
            checkEquals(header, Walkers.messageHeader(ViewPool.fresh(), ByteBuffer.wrap(encoded), 0, encoded.length),
                    "message header decode(encode(x)) equals x");
            checkBytes(Arrays.copyOf(input, encoded.length), encoded, "message header re-encodes byte for byte");
            FuzzTarget codec = payloadCodec(header.kind(), header.code());
            if (message.payload() instanceof Outcome payload && payload.ok()) {
                if (payload.value() instanceof BatchWalk batch) {
                    BATCH.checkRoundTrip(new BatchWalk(batch.items(), null), null);
                    for (int i = 0; i < batch.items().size(); i++) {
                        Outcome item = batch.decoded().get(i);
                        if (item.ok()) {
                            codec.checkRoundTrip(item.value(), batch.items().get(i).toByteArray());
                        }
                    }
                } else {
                    int payloadEnd = Wire.HEADER_LEN + (int) header.payloadLen();
                    codec.checkRoundTrip(payload.value(), Arrays.copyOfRange(input, Wire.HEADER_LEN, payloadEnd));
                }
            }
        }
    },

    CHUNK_HEADER("EnvelopeFuzzTest", "chunkHeader", true) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.chunkHeader(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return ((ChunkHeader) walked).toBytes();
        }
    },

    HELLO("EnvelopeFuzzTest", "hello", true) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.hello(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return ((Hello) walked).toBytes();
        }
    },

    HELLO_ACK("EnvelopeFuzzTest", "helloAck", true) {
        /** The reserved word, which the decoder does not inspect and the encoder writes as zero. */
        private static final int RESERVED_FROM = 36;
        private static final int RESERVED_TO = 40;

        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.helloAck(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return ((HelloAck) walked).toBytes();
        }

        @Override
        byte[] canonicalPrefix(byte[] input, int length) {
            byte[] prefix = Arrays.copyOf(input, length);
            Arrays.fill(prefix, RESERVED_FROM, RESERVED_TO, (byte) 0);
            return prefix;
        }
    },

    INCREMENT("EnvelopeFuzzTest", "increment", true) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.increment(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return IncrementCodec.encode((Long) walked);
        }
    },

    STRING_REVERSE("EnvelopeFuzzTest", "stringReverse", true) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.stringReverse(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return StringReverseEncoder.encode((ByteString) walked);
        }
    },

    /** A batch payload preceded by a host-order u32 item count (the outer header's item_count). */
    BATCH("EnvelopeFuzzTest", "batch", false) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.batchInput(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            if (!(walked instanceof BatchWalk batch)) {
                return null;
            }
            return withCountPrefix(batch.items().size(), Reencoders.batch(batch.items()));
        }
    },

    CGROUPS_SNAPSHOT_REQUEST("CgroupsSnapshotFuzzTest", "cgroupsSnapshotRequest", true) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.cgroupsSnapshotRequest(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return ((CgroupsSnapshotRequest) walked).toBytes();
        }
    },

    CGROUPS_SNAPSHOT_RESPONSE("CgroupsSnapshotFuzzTest", "cgroupsSnapshotResponse", false) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.cgroupsSnapshotResponse(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            // A snapshot with a malformed item has no owned form to re-encode.
            return walked instanceof CgroupsSnapshot snapshot ? Reencoders.cgroupsSnapshot(snapshot) : null;
        }
    },

    CGROUPS_LOOKUP_REQUEST("LookupFuzzTest", "cgroupsLookupRequest", false) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.cgroupsLookupRequest(pool, buffer, offset, length);
        }

        @Override
        @SuppressWarnings("unchecked")
        byte[] encode(Object walked) {
            return Reencoders.cgroupsLookupRequest((List<ByteString>) walked);
        }
    },

    CGROUPS_LOOKUP_RESPONSE("LookupFuzzTest", "cgroupsLookupResponse", false) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.cgroupsLookupResponse(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return Reencoders.cgroupsLookupResponse((CgroupsLookupResponse) walked);
        }
    },

    APPS_LOOKUP_REQUEST("LookupFuzzTest", "appsLookupRequest", false) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.appsLookupRequest(pool, buffer, offset, length);
        }

        @Override
        @SuppressWarnings("unchecked")
        byte[] encode(Object walked) {
            return Reencoders.appsLookupRequest((List<Long>) walked);
        }
    },

    APPS_LOOKUP_RESPONSE("LookupFuzzTest", "appsLookupResponse", false) {
        @Override
        Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length) {
            return Walkers.appsLookupResponse(pool, buffer, offset, length);
        }

        @Override
        byte[] encode(Object walked) {
            return Reencoders.appsLookupResponse((AppsLookupResponse) walked);
        }
    };

    /** Simple name of the test class holding this target's {@code @FuzzTest}. */
    final String testClass;
    /** Name of the {@code @FuzzTest} method. */
    final String method;
    /**
     * Whether the layout is fixed, so a decodable input must begin with the
     * encoding of what it decoded to, byte for byte. Layouts with offsets
     * (directories, item strings) admit gaps and so have many encodings of one
     * value; for them only the round trip and the fixed point are checked.
     */
    private final boolean fixedLayout;

    FuzzTarget(String testClass, String method, boolean fixedLayout) {
        this.testClass = testClass;
        this.method = method;
        this.fixedLayout = fixedLayout;
    }

    /**
     * Decodes {@code [offset, offset + length)} of {@code buffer}, walks
     * everything reachable and returns owned data describing it.
     *
     * @throws io.netdata.netipc.protocol.CodecException when the decoder rejects the bytes
     */
    abstract Object walk(ViewPool pool, ByteBuffer buffer, int offset, int length);

    /** Encodes a walk result with the project's encoders, or returns null when it has no owned form. */
    abstract byte[] encode(Object walked);

    /** The first {@code length} input bytes as the encoder is expected to reproduce them. */
    byte[] canonicalPrefix(byte[] input, int length) {
        return Arrays.copyOf(input, length);
    }

    /** Resource path of the seed corpus directory, relative to this package. */
    String seedDirectory() {
        return testClass + "Inputs/" + method;
    }

    /**
     * The re-encoding oracle: the owned form of a successful decode, encoded
     * with the project's encoder, decodes to an equal value; encoding that
     * again yields the same bytes; and for fixed layouts the input starts with
     * those bytes.
     *
     * @param input the decoded bytes (only read for fixed layouts)
     */
    void checkRoundTrip(Object walked, byte[] input) {
        byte[] encoded = encode(walked);
        if (encoded == null) {
            return;
        }
        Outcome again = Outcome.of(() -> walk(ViewPool.fresh(), ByteBuffer.wrap(encoded), 0, encoded.length));
        if (!again.ok()) {
            throw new AssertionError("oracle: " + this + ": the project's encoder produced bytes its decoder rejects ("
                    + again.error() + "): " + Oracle.hex(encoded));
        }
        checkEquals(walked, again.value(), this, ": decode(encode(x)) equals x");
        checkBytes(encoded, encode(again.value()), this, ": encode(decode(encode(x))) equals encode(x)");
        if (fixedLayout) {
            checkBytes(canonicalPrefix(input, encoded.length), encoded, this, ": input re-encodes byte for byte");
        }
    }

    /** The codec of a message payload of this kind and code, or null when none is defined. */
    static FuzzTarget payloadCodec(int kind, int code) {
        if (kind == Wire.KIND_CONTROL) {
            return switch (code) {
                case Wire.CODE_HELLO -> HELLO;
                case Wire.CODE_HELLO_ACK -> HELLO_ACK;
                default -> null;
            };
        }
        boolean request = kind == Wire.KIND_REQUEST;
        return switch (code) {
            case Wire.METHOD_INCREMENT -> INCREMENT;
            case Wire.METHOD_STRING_REVERSE -> STRING_REVERSE;
            case Wire.METHOD_CGROUPS_SNAPSHOT -> request ? CGROUPS_SNAPSHOT_REQUEST : CGROUPS_SNAPSHOT_RESPONSE;
            case Wire.METHOD_CGROUPS_LOOKUP -> request ? CGROUPS_LOOKUP_REQUEST : CGROUPS_LOOKUP_RESPONSE;
            case Wire.METHOD_APPS_LOOKUP -> request ? APPS_LOOKUP_REQUEST : APPS_LOOKUP_RESPONSE;
            default -> null;
        };
    }

    /** {@code payload} preceded by {@code count} as a host-order u32: the batch target's input format. */
    static byte[] withCountPrefix(long count, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(Walkers.BATCH_COUNT_PREFIX + payload.length).order(ByteOrder.nativeOrder());
        buffer.putInt((int) count).put(payload);
        return buffer.array();
    }
}
