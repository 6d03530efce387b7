package io.netdata.netipc.protocol.golden;

import static io.netdata.netipc.protocol.golden.FieldAssert.at;
import static io.netdata.netipc.protocol.golden.FieldAssert.bytes;
import static io.netdata.netipc.protocol.golden.FieldAssert.field;
import static io.netdata.netipc.protocol.golden.FieldAssert.u64;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.ChunkHeaderView;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.StringReverseEncoder;
import io.netdata.netipc.protocol.StringReverseView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshot;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequest;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link GoldenCodec} of every golden type, keyed by the type names of the
 * golden README. The lookup types live in {@link LookupGoldenCodecs}.
 */
final class GoldenCodecs {
    static final GoldenCodec<MessageHeader> HEADER = new HeaderCodec();
    static final GoldenCodec<ChunkHeader> CHUNK_HEADER = new ChunkHeaderCodec();
    static final GoldenCodec<Hello> HELLO = new HelloCodec();
    static final GoldenCodec<HelloAck> HELLO_ACK = new HelloAckCodec();
    static final GoldenCodec<GoldenBatch> BATCH = new BatchCodec();
    static final GoldenCodec<Long> INCREMENT = new IncrementGoldenCodec();
    static final GoldenCodec<ByteString> STRING_REVERSE = new StringReverseGoldenCodec();
    static final GoldenCodec<CgroupsSnapshotRequest> CGROUPS_SNAPSHOT_REQUEST = new SnapshotRequestCodec();
    static final GoldenCodec<GoldenSnapshot> CGROUPS_SNAPSHOT_RESPONSE = new SnapshotResponseCodec();

    /** Every type of the golden README, in its order. */
    private static final Map<String, GoldenCodec<?>> BY_TYPE = byType();

    private GoldenCodecs() {
    }

    private static Map<String, GoldenCodec<?>> byType() {
        Map<String, GoldenCodec<?>> types = new LinkedHashMap<>();
        types.put("header", HEADER);
        types.put("chunk_header", CHUNK_HEADER);
        types.put("hello", HELLO);
        types.put("hello_ack", HELLO_ACK);
        types.put("batch", BATCH);
        types.put("increment", INCREMENT);
        types.put("string_reverse", STRING_REVERSE);
        types.put("cgroups_snapshot_request", CGROUPS_SNAPSHOT_REQUEST);
        types.put("cgroups_snapshot_response", CGROUPS_SNAPSHOT_RESPONSE);
        types.put("cgroups_lookup_request", LookupGoldenCodecs.CGROUPS_LOOKUP_REQUEST);
        types.put("cgroups_lookup_response", LookupGoldenCodecs.CGROUPS_LOOKUP_RESPONSE);
        types.put("apps_lookup_request", LookupGoldenCodecs.APPS_LOOKUP_REQUEST);
        types.put("apps_lookup_response", LookupGoldenCodecs.APPS_LOOKUP_RESPONSE);
        return Collections.unmodifiableMap(types);
    }

    /** Names of every golden type. */
    static List<String> typeNames() {
        return List.copyOf(BY_TYPE.keySet());
    }

    /** The codec of golden type {@code type}. */
    static GoldenCodec<?> forType(String type) {
        GoldenCodec<?> codec = BY_TYPE.get(type);
        if (codec == null) {
            throw new AssertionError("unknown golden type \"" + type + "\"; known: " + BY_TYPE.keySet());
        }
        return codec;
    }

    /**
     * A batch payload: the items, and the item count the outer header carries
     * (which the payload itself does not).
     */
    record GoldenBatch(long itemCount, List<ByteString> items) {
        GoldenBatch {
            items = List.copyOf(items);
        }
    }

    /** A cgroups snapshot response: the owned snapshot plus the layout version it carries on the wire. */
    record GoldenSnapshot(int layoutVersion, CgroupsSnapshot snapshot) {
    }

    private static final class HeaderCodec implements GoldenCodec<MessageHeader> {
        @Override
        public MessageHeader expected(ManifestFields f) {
            return new MessageHeader(f.u32("magic"), f.u16("version"), f.u16("header_len"), f.u16("kind"),
                    f.u16("flags"), f.u16("code"), f.u16("transport_status"), f.u32("payload_len"),
                    f.u32("item_count"), f.u64("message_id"));
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, MessageHeader expected) {
            MessageHeaderView view = new MessageHeaderView().wrap(buffer, offset, length);
            field("magic", view.magic(), expected.magic());
            field("version", view.version(), expected.version());
            field("header_len", view.headerLen(), expected.headerLen());
            field("kind", view.kind(), expected.kind());
            field("flags", view.flags(), expected.flags());
            field("code", view.code(), expected.code());
            field("transport_status", view.transportStatus(), expected.transportStatus());
            field("payload_len", view.payloadLen(), expected.payloadLen());
            field("item_count", view.itemCount(), expected.itemCount());
            u64("message_id", view.messageId(), expected.messageId());
        }

        @Override
        public int encode(MessageHeader value, ByteBuffer buffer, int offset, int capacity) {
            return value.encodeTo(buffer, offset);
        }

        @Override
        public MessageHeader decodeOwned(ByteBuffer buffer, int offset, int length, MessageHeader expected) {
            return new MessageHeaderView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class ChunkHeaderCodec implements GoldenCodec<ChunkHeader> {
        @Override
        public ChunkHeader expected(ManifestFields f) {
            return new ChunkHeader(f.u32("magic"), f.u16("version"), f.u16("flags"), f.u64("message_id"),
                    f.u32("total_message_len"), f.u32("chunk_index"), f.u32("chunk_count"),
                    f.u32("chunk_payload_len"));
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, ChunkHeader expected) {
            ChunkHeaderView view = new ChunkHeaderView().wrap(buffer, offset, length);
            field("magic", view.magic(), expected.magic());
            field("version", view.version(), expected.version());
            field("flags", view.flags(), expected.flags());
            u64("message_id", view.messageId(), expected.messageId());
            field("total_message_len", view.totalMessageLen(), expected.totalMessageLen());
            field("chunk_index", view.chunkIndex(), expected.chunkIndex());
            field("chunk_count", view.chunkCount(), expected.chunkCount());
            field("chunk_payload_len", view.chunkPayloadLen(), expected.chunkPayloadLen());
        }

        @Override
        public int encode(ChunkHeader value, ByteBuffer buffer, int offset, int capacity) {
            return value.encodeTo(buffer, offset);
        }

        @Override
        public ChunkHeader decodeOwned(ByteBuffer buffer, int offset, int length, ChunkHeader expected) {
            return new ChunkHeaderView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class HelloCodec implements GoldenCodec<Hello> {
        @Override
        public Hello expected(ManifestFields f) {
            return new Hello(f.u16("layout_version"), f.u16("flags"), f.u32("supported_profiles"),
                    f.u32("preferred_profiles"), f.u32("max_request_payload_bytes"), f.u32("max_request_batch_items"),
                    f.u32("max_response_payload_bytes"), f.u32("max_response_batch_items"), f.u64("auth_token"),
                    f.u32("packet_size"));
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, Hello expected) {
            HelloView view = new HelloView().wrap(buffer, offset, length);
            field("layout_version", view.layoutVersion(), expected.layoutVersion());
            field("flags", view.flags(), expected.flags());
            field("supported_profiles", view.supportedProfiles(), expected.supportedProfiles());
            field("preferred_profiles", view.preferredProfiles(), expected.preferredProfiles());
            field("max_request_payload_bytes", view.maxRequestPayloadBytes(), expected.maxRequestPayloadBytes());
            field("max_request_batch_items", view.maxRequestBatchItems(), expected.maxRequestBatchItems());
            field("max_response_payload_bytes", view.maxResponsePayloadBytes(), expected.maxResponsePayloadBytes());
            field("max_response_batch_items", view.maxResponseBatchItems(), expected.maxResponseBatchItems());
            u64("auth_token", view.authToken(), expected.authToken());
            field("packet_size", view.packetSize(), expected.packetSize());
        }

        @Override
        public int encode(Hello value, ByteBuffer buffer, int offset, int capacity) {
            return value.encodeTo(buffer, offset);
        }

        @Override
        public Hello decodeOwned(ByteBuffer buffer, int offset, int length, Hello expected) {
            return new HelloView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class HelloAckCodec implements GoldenCodec<HelloAck> {
        @Override
        public HelloAck expected(ManifestFields f) {
            return new HelloAck(f.u16("layout_version"), f.u16("flags"), f.u32("server_supported_profiles"),
                    f.u32("intersection_profiles"), f.u32("selected_profile"),
                    f.u32("agreed_max_request_payload_bytes"), f.u32("agreed_max_request_batch_items"),
                    f.u32("agreed_max_response_payload_bytes"), f.u32("agreed_max_response_batch_items"),
                    f.u32("agreed_packet_size"), f.u64("session_id"));
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, HelloAck expected) {
            HelloAckView view = new HelloAckView().wrap(buffer, offset, length);
            field("layout_version", view.layoutVersion(), expected.layoutVersion());
            field("flags", view.flags(), expected.flags());
            field("server_supported_profiles", view.serverSupportedProfiles(), expected.serverSupportedProfiles());
            field("intersection_profiles", view.intersectionProfiles(), expected.intersectionProfiles());
            field("selected_profile", view.selectedProfile(), expected.selectedProfile());
            field("agreed_max_request_payload_bytes", view.agreedMaxRequestPayloadBytes(),
                    expected.agreedMaxRequestPayloadBytes());
            field("agreed_max_request_batch_items", view.agreedMaxRequestBatchItems(),
                    expected.agreedMaxRequestBatchItems());
            field("agreed_max_response_payload_bytes", view.agreedMaxResponsePayloadBytes(),
                    expected.agreedMaxResponsePayloadBytes());
            field("agreed_max_response_batch_items", view.agreedMaxResponseBatchItems(),
                    expected.agreedMaxResponseBatchItems());
            field("agreed_packet_size", view.agreedPacketSize(), expected.agreedPacketSize());
            u64("session_id", view.sessionId(), expected.sessionId());
        }

        @Override
        public int encode(HelloAck value, ByteBuffer buffer, int offset, int capacity) {
            return value.encodeTo(buffer, offset);
        }

        @Override
        public HelloAck decodeOwned(ByteBuffer buffer, int offset, int length, HelloAck expected) {
            return new HelloAckView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class BatchCodec implements GoldenCodec<GoldenBatch> {
        @Override
        public GoldenBatch expected(ManifestFields f) {
            return new GoldenBatch(f.u32("item_count"), f.hexList("items"));
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, GoldenBatch expected) {
            BatchView view = new BatchView().wrap(buffer, offset, length, expected.itemCount());
            field("item_count", view.itemCount(), expected.itemCount());
            field("number of items", view.itemCount(), expected.items().size());
            for (int i = 0; i < view.itemCount(); i++) {
                bytes(at("items", i), view.item(i), expected.items().get(i));
            }
        }

        @Override
        public int encode(GoldenBatch value, ByteBuffer buffer, int offset, int capacity) {
            BatchBuilder builder = new BatchBuilder().reset(buffer, offset, capacity, value.items().size());
            value.items().forEach(builder::add);
            field("builder item_count", builder.itemCount(), value.itemCount());
            return builder.finish();
        }

        @Override
        public GoldenBatch decodeOwned(ByteBuffer buffer, int offset, int length, GoldenBatch expected) {
            BatchView view = new BatchView().wrap(buffer, offset, length, expected.itemCount());
            List<ByteString> items = new ArrayList<>(view.itemCount());
            BytesView item = new BytesView();
            for (int i = 0; i < view.itemCount(); i++) {
                items.add(view.item(i, item).toByteString());
            }
            return new GoldenBatch(view.itemCount(), items);
        }
    }

    private static final class IncrementGoldenCodec implements GoldenCodec<Long> {
        @Override
        public Long expected(ManifestFields f) {
            return f.u64("value");
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, Long expected) {
            u64("value", IncrementCodec.decode(buffer, offset, length), expected);
        }

        @Override
        public int encode(Long value, ByteBuffer buffer, int offset, int capacity) {
            return IncrementCodec.encode(value, buffer, offset);
        }

        @Override
        public Long decodeOwned(ByteBuffer buffer, int offset, int length, Long expected) {
            return IncrementCodec.decode(buffer, offset, length);
        }
    }

    private static final class StringReverseGoldenCodec implements GoldenCodec<ByteString> {
        @Override
        public ByteString expected(ManifestFields f) {
            return f.hex("string_hex");
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, ByteString expected) {
            bytes("string_hex", new StringReverseView().wrap(buffer, offset, length).string(), expected);
        }

        @Override
        public int encode(ByteString value, ByteBuffer buffer, int offset, int capacity) {
            return StringReverseEncoder.encode(value, buffer, offset, capacity);
        }

        @Override
        public ByteString decodeOwned(ByteBuffer buffer, int offset, int length, ByteString expected) {
            return new StringReverseView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class SnapshotRequestCodec implements GoldenCodec<CgroupsSnapshotRequest> {
        @Override
        public CgroupsSnapshotRequest expected(ManifestFields f) {
            return new CgroupsSnapshotRequest(f.u16("layout_version"), f.u16("flags"));
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, CgroupsSnapshotRequest expected) {
            CgroupsSnapshotRequestView view = new CgroupsSnapshotRequestView().wrap(buffer, offset, length);
            field("layout_version", view.layoutVersion(), expected.layoutVersion());
            field("flags", view.flags(), expected.flags());
        }

        @Override
        public int encode(CgroupsSnapshotRequest value, ByteBuffer buffer, int offset, int capacity) {
            return value.encodeTo(buffer, offset);
        }

        @Override
        public CgroupsSnapshotRequest decodeOwned(ByteBuffer buffer, int offset, int length,
                CgroupsSnapshotRequest expected) {
            return new CgroupsSnapshotRequestView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class SnapshotResponseCodec implements GoldenCodec<GoldenSnapshot> {
        @Override
        public GoldenSnapshot expected(ManifestFields f) {
            int layoutVersion = f.u16("layout_version");
            long systemdEnabled = f.u32("systemd_enabled");
            long generation = f.u64("generation");
            List<CgroupsSnapshotItem> items = new ArrayList<>();
            for (ManifestFields item : f.objects("items")) {
                items.add(new CgroupsSnapshotItem(item.u32("hash"), item.u32("options"), item.u32("enabled"),
                        item.hex("name_hex"), item.hex("path_hex")));
            }
            return new GoldenSnapshot(layoutVersion, new CgroupsSnapshot(systemdEnabled, generation, items));
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, GoldenSnapshot expected) {
            CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(buffer, offset, length);
            CgroupsSnapshot snapshot = expected.snapshot();
            field("layout_version", view.layoutVersion(), expected.layoutVersion());
            field("systemd_enabled", view.systemdEnabled(), snapshot.systemdEnabled());
            u64("generation", view.generation(), snapshot.generation());
            field("number of items", view.itemCount(), snapshot.items().size());
            CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
            for (int i = 0; i < view.itemCount(); i++) {
                view.item(i, item);
                CgroupsSnapshotItem want = snapshot.items().get(i);
                String name = at("items", i);
                field(name + ".hash", item.hash(), want.hash());
                field(name + ".options", item.options(), want.options());
                field(name + ".enabled", item.enabled(), want.enabled());
                bytes(name + ".name_hex", item.name(), want.name());
                bytes(name + ".path_hex", item.path(), want.path());
            }
        }

        @Override
        public int encode(GoldenSnapshot value, ByteBuffer buffer, int offset, int capacity) {
            CgroupsSnapshot snapshot = value.snapshot();
            CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder().reset(buffer, offset,
                    capacity, snapshot.items().size(), snapshot.systemdEnabled(), snapshot.generation());
            for (CgroupsSnapshotItem item : snapshot.items()) {
                builder.add(item.hash(), item.options(), item.enabled(), item.name(), item.path());
            }
            return builder.finish();
        }

        @Override
        public GoldenSnapshot decodeOwned(ByteBuffer buffer, int offset, int length, GoldenSnapshot expected) {
            CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(buffer, offset, length);
            return new GoldenSnapshot(view.layoutVersion(), view.toOwned());
        }
    }
}
