package io.netdata.netipc.bench.jmh;

import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.ChunkHeaderView;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wire-structure micro-benchmarks: encode and decode of the 32-byte outer
 * message header, the 32-byte chunk continuation header, the 44-byte hello and
 * the 48-byte hello-ack.
 *
 * <p>The headers are encoded as the transports' senders write them (the
 * allocation-free static {@code encode}), the hello and hello-ack as the
 * handshakes do (the record's {@code encodeTo}). Each decode validates the
 * structure ({@code wrap}) and reads every field, returning their sum.
 *
 * <p>Run: {@code java -cp benchmarks/target/bench_posix.jar org.openjdk.jmh.Main WireBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireBenchmarks {
    /** Room for the largest structure here, the hello-ack. */
    private static final int BUFFER_BYTES = HelloAckView.SIZE;
    private static final long MESSAGE_ID = 0x0123_4567_89ab_cdefL;
    /** A batch response of 16 items in 4 KiB. */
    private static final int RESPONSE_PAYLOAD_BYTES = 4096;
    private static final int RESPONSE_ITEMS = 16;
    /** A chunked message of a header and the largest payload, in 64 KiB packets. */
    private static final int PACKET_BYTES = 65_536;
    private static final long CHUNKED_MESSAGE_BYTES = (long) Wire.HEADER_LEN + Wire.MAX_PAYLOAD_CAP;
    private static final long CHUNK_PAYLOAD_BYTES = PACKET_BYTES - ChunkHeaderView.SIZE;
    private static final long CHUNK_COUNT = (CHUNKED_MESSAGE_BYTES + CHUNK_PAYLOAD_BYTES - 1) / CHUNK_PAYLOAD_BYTES;
    private static final long CHUNK_INDEX = CHUNK_COUNT / 2;
    /** A client that can do every profile and prefers futex SHM; a server that agrees to it. */
    private static final long CLIENT_PROFILES = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID
            | Wire.PROFILE_SHM_FUTEX | Wire.PROFILE_SHM_WAITADDR;
    private static final long SERVER_PROFILES = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_FUTEX;
    private static final long PREFERRED_PROFILE = Wire.PROFILE_SHM_FUTEX;
    /** 1,000-item batches each way, 64 KiB requests and 1 MiB responses. */
    private static final long BATCH_ITEMS = 1000;
    private static final long REQUEST_PAYLOAD_BYTES = PACKET_BYTES;
    private static final long AUTH_TOKEN = 0x5eed_cafe_f00d_beefL;
    private static final long SESSION_ID = 7;

    private final ByteBuffer header = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer chunk = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer hello = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer helloAck = ByteBuffer.allocate(BUFFER_BYTES);
    private final MessageHeaderView headerView = new MessageHeaderView();
    private final ChunkHeaderView chunkView = new ChunkHeaderView();
    private final HelloView helloView = new HelloView();
    private final HelloAckView helloAckView = new HelloAckView();
    /** The values each structure carries; fields, so the JIT cannot fold them into constants. */
    MessageHeader headerValues;
    ChunkHeader chunkValues;
    Hello helloValues;
    HelloAck helloAckValues;

    @Setup
    public void setUp() {
        headerValues = MessageHeader.of(Wire.KIND_RESPONSE, Wire.FLAG_BATCH, Wire.METHOD_APPS_LOOKUP,
                TransportStatus.OK.code(), RESPONSE_PAYLOAD_BYTES, RESPONSE_ITEMS, MESSAGE_ID);
        chunkValues = ChunkHeader.of(MESSAGE_ID, CHUNKED_MESSAGE_BYTES, CHUNK_INDEX, CHUNK_COUNT,
                CHUNK_PAYLOAD_BYTES);
        helloValues = new Hello(Wire.LAYOUT_VERSION, 0, CLIENT_PROFILES, PREFERRED_PROFILE,
                REQUEST_PAYLOAD_BYTES, BATCH_ITEMS, Wire.MAX_PAYLOAD_CAP, BATCH_ITEMS, AUTH_TOKEN, PACKET_BYTES);
        helloAckValues = new HelloAck(Wire.LAYOUT_VERSION, 0, SERVER_PROFILES, CLIENT_PROFILES & SERVER_PROFILES,
                PREFERRED_PROFILE, REQUEST_PAYLOAD_BYTES, BATCH_ITEMS, Wire.MAX_PAYLOAD_CAP, BATCH_ITEMS,
                PACKET_BYTES, SESSION_ID);
        encodeMessageHeader();
        encodeChunkHeader();
        encodeHello();
        encodeHelloAck();
    }

    @Benchmark
    public int encodeMessageHeader() {
        MessageHeader h = headerValues;
        return MessageHeader.encode(header, 0, h.kind(), h.flags(), h.code(), h.transportStatus(), h.payloadLen(),
                h.itemCount(), h.messageId());
    }

    @Benchmark
    public long decodeMessageHeader() {
        MessageHeaderView v = headerView.wrap(header, 0, MessageHeaderView.SIZE);
        return v.magic() + v.version() + v.headerLen() + v.kind() + v.flags() + v.code() + v.transportStatus()
                + v.payloadLen() + v.itemCount() + v.messageId();
    }

    @Benchmark
    public int encodeChunkHeader() {
        ChunkHeader c = chunkValues;
        return ChunkHeader.encode(chunk, 0, c.messageId(), c.totalMessageLen(), c.chunkIndex(), c.chunkCount(),
                c.chunkPayloadLen());
    }

    @Benchmark
    public long decodeChunkHeader() {
        ChunkHeaderView v = chunkView.wrap(chunk, 0, ChunkHeaderView.SIZE);
        return v.magic() + v.version() + v.flags() + v.messageId() + v.totalMessageLen() + v.chunkIndex()
                + v.chunkCount() + v.chunkPayloadLen();
    }

    @Benchmark
    public int encodeHello() {
        return helloValues.encodeTo(hello, 0);
    }

    @Benchmark
    public long decodeHello() {
        HelloView v = helloView.wrap(hello, 0, HelloView.SIZE);
        return v.layoutVersion() + v.flags() + v.supportedProfiles() + v.preferredProfiles()
                + v.maxRequestPayloadBytes() + v.maxRequestBatchItems() + v.maxResponsePayloadBytes()
                + v.maxResponseBatchItems() + v.authToken() + v.packetSize();
    }

    @Benchmark
    public int encodeHelloAck() {
        return helloAckValues.encodeTo(helloAck, 0);
    }

    @Benchmark
    public long decodeHelloAck() {
        HelloAckView v = helloAckView.wrap(helloAck, 0, HelloAckView.SIZE);
        return v.layoutVersion() + v.flags() + v.serverSupportedProfiles() + v.intersectionProfiles()
                + v.selectedProfile() + v.agreedMaxRequestPayloadBytes() + v.agreedMaxRequestBatchItems()
                + v.agreedMaxResponsePayloadBytes() + v.agreedMaxResponseBatchItems() + v.agreedPacketSize()
                + v.sessionId();
    }
}
