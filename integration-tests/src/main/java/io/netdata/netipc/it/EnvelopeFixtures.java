package io.netdata.netipc.it;

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
import java.util.List;

/**
 * Interop fixture files of the envelope: outer header, chunk header, hello and
 * hello-ack.
 *
 * <p>Thread-safety: constants and stateless functions.
 */
final class EnvelopeFixtures {
    static final MessageHeader HEADER = MessageHeader.of(Wire.KIND_REQUEST, Wire.FLAG_BATCH,
            Wire.METHOD_CGROUPS_SNAPSHOT, TransportStatus.OK.code(), 12_345, 42, 0xDEADBEEFCAFEBABEL);

    static final ChunkHeader CHUNK = ChunkHeader.of(0x1234567890ABCDEFL, 100_000, 3, 10, 8192);

    static final Hello HELLO = new Hello(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_FUTEX,
            Wire.PROFILE_SHM_FUTEX, 4096, 100, 1_048_576, 1, 0xAABBCCDDEEFF0011L, 65_536);

    static final HelloAck HELLO_ACK = new HelloAck(Wire.LAYOUT_VERSION, 0,
            Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID | Wire.PROFILE_SHM_FUTEX,
            Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_FUTEX, Wire.PROFILE_SHM_FUTEX, 2048, 50, 65_536, 1, 32_768, 1);

    private EnvelopeFixtures() {
    }

    static List<InteropFixture> fixtures() {
        return List.of(
                new InteropFixture("header.bin", buffer -> HEADER.encodeTo(buffer, 0), EnvelopeFixtures::verifyHeader),
                new InteropFixture("chunk_header.bin", buffer -> CHUNK.encodeTo(buffer, 0),
                        EnvelopeFixtures::verifyChunk),
                new InteropFixture("hello.bin", buffer -> HELLO.encodeTo(buffer, 0), EnvelopeFixtures::verifyHello),
                new InteropFixture("hello_ack.bin", buffer -> HELLO_ACK.encodeTo(buffer, 0),
                        EnvelopeFixtures::verifyHelloAck));
    }

    private static void verifyHeader(ByteBuffer message, int length, CheckTally checks) {
        checks.decode("message", () -> new MessageHeaderView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.magic() == HEADER.magic(), "magic");
            checks.check(view.version() == HEADER.version(), "version");
            checks.check(view.headerLen() == HEADER.headerLen(), "header_len");
            checks.check(view.kind() == HEADER.kind(), "kind");
            checks.check(view.flags() == HEADER.flags(), "flags");
            checks.check(view.code() == HEADER.code(), "code");
            checks.check(view.transportStatus() == HEADER.transportStatus(), "transport_status");
            checks.check(view.payloadLen() == HEADER.payloadLen(), "payload_len");
            checks.check(view.itemCount() == HEADER.itemCount(), "item_count");
            checks.check(view.messageId() == HEADER.messageId(), "message_id");
        });
    }

    private static void verifyChunk(ByteBuffer message, int length, CheckTally checks) {
        checks.decode("message", () -> new ChunkHeaderView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.magic() == CHUNK.magic(), "magic");
            checks.check(view.version() == CHUNK.version(), "version");
            checks.check(view.flags() == CHUNK.flags(), "flags");
            checks.check(view.messageId() == CHUNK.messageId(), "message_id");
            checks.check(view.totalMessageLen() == CHUNK.totalMessageLen(), "total_message_len");
            checks.check(view.chunkIndex() == CHUNK.chunkIndex(), "chunk_index");
            checks.check(view.chunkCount() == CHUNK.chunkCount(), "chunk_count");
            checks.check(view.chunkPayloadLen() == CHUNK.chunkPayloadLen(), "chunk_payload_len");
        });
    }

    private static void verifyHello(ByteBuffer message, int length, CheckTally checks) {
        checks.decode("message", () -> new HelloView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.layoutVersion() == HELLO.layoutVersion(), "layout_version");
            checks.check(view.flags() == HELLO.flags(), "flags");
            checks.check(view.supportedProfiles() == HELLO.supportedProfiles(), "supported_profiles");
            checks.check(view.preferredProfiles() == HELLO.preferredProfiles(), "preferred_profiles");
            checks.check(view.maxRequestPayloadBytes() == HELLO.maxRequestPayloadBytes(),
                    "max_request_payload_bytes");
            checks.check(view.maxRequestBatchItems() == HELLO.maxRequestBatchItems(), "max_request_batch_items");
            checks.check(view.maxResponsePayloadBytes() == HELLO.maxResponsePayloadBytes(),
                    "max_response_payload_bytes");
            checks.check(view.maxResponseBatchItems() == HELLO.maxResponseBatchItems(),
                    "max_response_batch_items");
            checks.check(view.authToken() == HELLO.authToken(), "auth_token");
            checks.check(view.packetSize() == HELLO.packetSize(), "packet_size");
        });
    }

    private static void verifyHelloAck(ByteBuffer message, int length, CheckTally checks) {
        checks.decode("message", () -> new HelloAckView().wrap(message, 0, length)).ifPresent(view -> {
            checks.check(view.layoutVersion() == HELLO_ACK.layoutVersion(), "layout_version");
            checks.check(view.flags() == HELLO_ACK.flags(), "flags");
            checks.check(view.serverSupportedProfiles() == HELLO_ACK.serverSupportedProfiles(),
                    "server_supported_profiles");
            checks.check(view.intersectionProfiles() == HELLO_ACK.intersectionProfiles(),
                    "intersection_profiles");
            checks.check(view.selectedProfile() == HELLO_ACK.selectedProfile(), "selected_profile");
            checks.check(view.agreedMaxRequestPayloadBytes() == HELLO_ACK.agreedMaxRequestPayloadBytes(),
                    "agreed_max_request_payload_bytes");
            checks.check(view.agreedMaxRequestBatchItems() == HELLO_ACK.agreedMaxRequestBatchItems(),
                    "agreed_max_request_batch_items");
            checks.check(view.agreedMaxResponsePayloadBytes() == HELLO_ACK.agreedMaxResponsePayloadBytes(),
                    "agreed_max_response_payload_bytes");
            checks.check(view.agreedMaxResponseBatchItems() == HELLO_ACK.agreedMaxResponseBatchItems(),
                    "agreed_max_response_batch_items");
            checks.check(view.agreedPacketSize() == HELLO_ACK.agreedPacketSize(), "agreed_packet_size");
            checks.check(view.sessionId() == HELLO_ACK.sessionId(), "session_id");
        });
    }
}
