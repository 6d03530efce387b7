package io.netdata.netipc.protocol.golden;

import static io.netdata.netipc.protocol.golden.FieldAssert.at;
import static io.netdata.netipc.protocol.golden.FieldAssert.bytes;
import static io.netdata.netipc.protocol.golden.FieldAssert.field;
import static io.netdata.netipc.protocol.golden.FieldAssert.u64;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponse;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItem;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponse;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** The {@link GoldenCodec}s of the CGROUPS_LOOKUP and APPS_LOOKUP types. */
final class LookupGoldenCodecs {
    static final GoldenCodec<List<ByteString>> CGROUPS_LOOKUP_REQUEST = new CgroupsRequestCodec();
    static final GoldenCodec<long[]> APPS_LOOKUP_REQUEST = new AppsRequestCodec();
    static final GoldenCodec<CgroupsLookupResponse> CGROUPS_LOOKUP_RESPONSE = new CgroupsResponseCodec();
    static final GoldenCodec<AppsLookupResponse> APPS_LOOKUP_RESPONSE = new AppsResponseCodec();

    private LookupGoldenCodecs() {
    }

    /** Asserts an item's label count and every label, each read through {@code label}. */
    private static void assertLabels(String item, int labelCount, IntFunction<LookupLabelView> label,
            List<LookupLabel> expected) {
        field(item + ".labels.length", labelCount, expected.size());
        for (int i = 0; i < labelCount; i++) {
            LookupLabelView view = label.apply(i);
            String name = at(item + ".labels", i);
            bytes(name + ".key_hex", view.key(), expected.get(i).key());
            bytes(name + ".value_hex", view.value(), expected.get(i).value());
        }
    }

    private static final class CgroupsRequestCodec implements GoldenCodec<List<ByteString>> {
        @Override
        public List<ByteString> expected(ManifestFields f) {
            return f.hexList("paths");
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, List<ByteString> expected) {
            CgroupsLookupRequestView view = new CgroupsLookupRequestView().wrap(buffer, offset, length);
            field("number of paths", view.itemCount(), expected.size());
            BytesView path = new BytesView();
            for (int i = 0; i < view.itemCount(); i++) {
                bytes(at("paths", i), view.path(i, path), expected.get(i));
            }
        }

        @Override
        public int encode(List<ByteString> value, ByteBuffer buffer, int offset, int capacity) {
            return CgroupsLookupRequestEncoder.encode(value, buffer, offset, capacity);
        }

        @Override
        public List<ByteString> decodeOwned(ByteBuffer buffer, int offset, int length, List<ByteString> expected) {
            return new CgroupsLookupRequestView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class AppsRequestCodec implements GoldenCodec<long[]> {
        @Override
        public long[] expected(ManifestFields f) {
            return f.u32Array("pids");
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, long[] expected) {
            AppsLookupRequestView view = new AppsLookupRequestView().wrap(buffer, offset, length);
            field("number of pids", view.itemCount(), expected.length);
            for (int i = 0; i < view.itemCount(); i++) {
                field(at("pids", i), view.pid(i), expected[i]);
            }
        }

        @Override
        public int encode(long[] value, ByteBuffer buffer, int offset, int capacity) {
            return AppsLookupRequestEncoder.encode(value, buffer, offset, capacity);
        }

        @Override
        public long[] decodeOwned(ByteBuffer buffer, int offset, int length, long[] expected) {
            return new AppsLookupRequestView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class CgroupsResponseCodec implements GoldenCodec<CgroupsLookupResponse> {
        @Override
        public CgroupsLookupResponse expected(ManifestFields f) {
            long generation = f.u64("generation");
            List<CgroupsLookupItem> items = new ArrayList<>();
            for (ManifestFields item : f.objects("items")) {
                items.add(new CgroupsLookupItem(item.u16("status"), item.u16("orchestrator"), item.hex("path_hex"),
                        item.hex("name_hex"), item.labels("labels")));
            }
            return new CgroupsLookupResponse(generation, items);
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, CgroupsLookupResponse expected) {
            CgroupsLookupResponseView view = new CgroupsLookupResponseView().wrap(buffer, offset, length);
            u64("generation", view.generation(), expected.generation());
            field("number of items", view.itemCount(), expected.items().size());
            CgroupsLookupItemView item = new CgroupsLookupItemView();
            LookupLabelView label = new LookupLabelView();
            for (int i = 0; i < view.itemCount(); i++) {
                view.item(i, item);
                CgroupsLookupItem want = expected.items().get(i);
                String name = at("items", i);
                field(name + ".status", item.status(), want.status());
                field(name + ".orchestrator", item.orchestrator(), want.orchestrator());
                bytes(name + ".path_hex", item.path(), want.path());
                bytes(name + ".name_hex", item.name(), want.name());
                assertLabels(name, item.labelCount(), index -> item.label(index, label), want.labels());
            }
        }

        @Override
        public int encode(CgroupsLookupResponse value, ByteBuffer buffer, int offset, int capacity) {
            CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder().reset(buffer, offset, capacity,
                    value.items().size(), value.generation());
            value.items().forEach(builder::add);
            return builder.finish();
        }

        @Override
        public CgroupsLookupResponse decodeOwned(ByteBuffer buffer, int offset, int length,
                CgroupsLookupResponse expected) {
            return new CgroupsLookupResponseView().wrap(buffer, offset, length).toOwned();
        }
    }

    private static final class AppsResponseCodec implements GoldenCodec<AppsLookupResponse> {
        @Override
        public AppsLookupResponse expected(ManifestFields f) {
            long generation = f.u64("generation");
            List<AppsLookupItem> items = new ArrayList<>();
            for (ManifestFields item : f.objects("items")) {
                items.add(new AppsLookupItem(item.u16("status"), item.u16("cgroup_status"), item.u16("orchestrator"),
                        item.u32("pid"), item.u32("ppid"), item.u32("uid"), item.u64("starttime"),
                        item.hex("comm_hex"), item.hex("cgroup_path_hex"), item.hex("cgroup_name_hex"),
                        item.labels("labels")));
            }
            return new AppsLookupResponse(generation, items);
        }

        @Override
        public void assertDecodes(ByteBuffer buffer, int offset, int length, AppsLookupResponse expected) {
            AppsLookupResponseView view = new AppsLookupResponseView().wrap(buffer, offset, length);
            u64("generation", view.generation(), expected.generation());
            field("number of items", view.itemCount(), expected.items().size());
            AppsLookupItemView item = new AppsLookupItemView();
            LookupLabelView label = new LookupLabelView();
            for (int i = 0; i < view.itemCount(); i++) {
                view.item(i, item);
                AppsLookupItem want = expected.items().get(i);
                String name = at("items", i);
                field(name + ".status", item.status(), want.status());
                field(name + ".cgroup_status", item.cgroupStatus(), want.cgroupStatus());
                field(name + ".orchestrator", item.orchestrator(), want.orchestrator());
                field(name + ".pid", item.pid(), want.pid());
                field(name + ".ppid", item.ppid(), want.ppid());
                field(name + ".uid", item.uid(), want.uid());
                u64(name + ".starttime", item.starttime(), want.starttime());
                bytes(name + ".comm_hex", item.comm(), want.comm());
                bytes(name + ".cgroup_path_hex", item.cgroupPath(), want.cgroupPath());
                bytes(name + ".cgroup_name_hex", item.cgroupName(), want.cgroupName());
                assertLabels(name, item.labelCount(), index -> item.label(index, label), want.labels());
            }
        }

        @Override
        public int encode(AppsLookupResponse value, ByteBuffer buffer, int offset, int capacity) {
            AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder().reset(buffer, offset, capacity,
                    value.items().size(), value.generation());
            value.items().forEach(builder::add);
            return builder.finish();
        }

        @Override
        public AppsLookupResponse decodeOwned(ByteBuffer buffer, int offset, int length,
                AppsLookupResponse expected) {
            return new AppsLookupResponseView().wrap(buffer, offset, length).toOwned();
        }
    }
}
