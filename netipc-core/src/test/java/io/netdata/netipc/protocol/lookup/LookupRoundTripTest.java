package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.BufferKind;
import io.netdata.netipc.protocol.BufferKind.Region;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.WireGen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style round trips of CGROUPS_LOOKUP and APPS_LOOKUP requests and
 * responses over {@link WireGen} cases. Generated items respect every
 * status-dependent rule, so the builders must accept them and the decoders must
 * return them unchanged.
 */
class LookupRoundTripTest {
    private static final List<BufferKind> KINDS = List.of(BufferKind.values());
    private static final int MAX_ITEMS = 12;
    private static final int MAX_LABELS = 4;
    private static final int MAX_STRING_LENGTH = 300;
    private static final int MAX_SPARE_SLOTS = 3;

    private static List<LookupLabel> randomLabels(WireGen gen) {
        List<LookupLabel> labels = new ArrayList<>();
        int count = gen.between(0, MAX_LABELS);
        for (int i = 0; i < count; i++) {
            labels.add(new LookupLabel(gen.nonEmptyWireString(MAX_STRING_LENGTH), gen.wireString(MAX_STRING_LENGTH)));
        }
        return labels;
    }

    private static CgroupsLookupItem randomCgroupsItem(WireGen gen) {
        ByteString path = gen.nonEmptyWireString(MAX_STRING_LENGTH);
        int status = gen.between(CgroupLookupStatus.KNOWN, CgroupLookupStatus.OVERSIZED_ITEM);
        if (status != CgroupLookupStatus.KNOWN) {
            return new CgroupsLookupItem(status, 0, path, ByteString.EMPTY, List.of());
        }
        return new CgroupsLookupItem(status, gen.u16(), path, gen.wireString(MAX_STRING_LENGTH), randomLabels(gen));
    }

    private static AppsLookupItem randomAppsItem(WireGen gen) {
        long pid = gen.u32();
        int status = gen.between(PidLookupStatus.KNOWN, PidLookupStatus.OVERSIZED_ITEM);
        if (status != PidLookupStatus.KNOWN) {
            return new AppsLookupItem(status, 0, 0, pid, 0, UID_UNSET, 0, ByteString.EMPTY, ByteString.EMPTY,
                    ByteString.EMPTY, List.of());
        }
        int cgroupStatus = gen.between(AppsCgroupStatus.KNOWN, AppsCgroupStatus.HOST_ROOT);
        ByteString comm = gen.nonEmptyWireString(COMM_MAX);
        ByteString path = switch (cgroupStatus) {
            case AppsCgroupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_PERMANENT -> gen.nonEmptyWireString(MAX_STRING_LENGTH);
            case AppsCgroupStatus.UNKNOWN_RETRY_LATER -> gen.wireString(MAX_STRING_LENGTH);
            default -> ByteString.EMPTY;
        };
        boolean resolved = cgroupStatus == AppsCgroupStatus.KNOWN;
        return new AppsLookupItem(status, cgroupStatus, resolved ? gen.u16() : 0, pid, gen.u32(), gen.u32(), gen.u64(),
                comm, path, resolved ? gen.wireString(MAX_STRING_LENGTH) : ByteString.EMPTY,
                resolved ? randomLabels(gen) : List.of());
    }

    private static void assertLabelsMatch(int count, IntFunction<LookupLabelView> labels, List<LookupLabel> expected) {
        assertThat(count).isEqualTo(expected.size());
        for (int i = 0; i < count; i++) {
            LookupLabelView label = labels.apply(i);
            assertThat(label.key().contentEquals(expected.get(i).key())).isTrue();
            assertThat(label.value().contentEquals(expected.get(i).value())).isTrue();
        }
    }

    private static void assertZeroCopyViewMatches(CgroupsLookupItemView view, CgroupsLookupItem expected) {
        assertThat(view.status()).isEqualTo(expected.status());
        assertThat(view.orchestrator()).isEqualTo(expected.orchestrator());
        assertThat(view.path().contentEquals(expected.path())).isTrue();
        assertThat(view.name().contentEquals(expected.name())).isTrue();
        LookupLabelView label = new LookupLabelView();
        assertLabelsMatch(view.labelCount(), i -> view.label(i, label), expected.labels());
    }

    private static void assertZeroCopyViewMatches(AppsLookupItemView view, AppsLookupItem expected) {
        assertThat(view.status()).isEqualTo(expected.status());
        assertThat(view.cgroupStatus()).isEqualTo(expected.cgroupStatus());
        assertThat(view.orchestrator()).isEqualTo(expected.orchestrator());
        assertThat(view.pid()).isEqualTo(expected.pid());
        assertThat(view.ppid()).isEqualTo(expected.ppid());
        assertThat(view.uid()).isEqualTo(expected.uid());
        assertThat(view.starttime()).isEqualTo(expected.starttime());
        assertThat(view.comm().contentEquals(expected.comm())).isTrue();
        assertThat(view.cgroupPath().contentEquals(expected.cgroupPath())).isTrue();
        assertThat(view.cgroupName().contentEquals(expected.cgroupName())).isTrue();
        assertLabelsMatch(view.labelCount(), view::label, expected.labels());
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void cgroupsRequestRoundTrips(WireGen gen) {
        List<ByteString> paths = new ArrayList<>();
        int count = gen.between(0, MAX_ITEMS);
        for (int i = 0; i < count; i++) {
            paths.add(gen.nonEmptyWireString(MAX_STRING_LENGTH));
        }
        byte[] bytes = cgroupsRequest(paths);
        Region region = gen.pick(KINDS).region(bytes.length);

        int length = CgroupsLookupRequestEncoder.encode(paths, region.buffer(), region.offset(), region.capacity());

        assertThat(region.bytes(length)).isEqualTo(bytes);
        CgroupsLookupRequestView view = new CgroupsLookupRequestView().wrap(region.buffer(), region.offset(), length);
        List<ByteString> decoded = view.toOwned();
        assertThat(decoded).isEqualTo(paths);
        assertThat(cgroupsRequest(decoded)).isEqualTo(bytes);
        BytesView path = new BytesView();
        for (int i = 0; i < count; i++) {
            assertThat(view.path(i, path).contentEquals(paths.get(i))).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void appsRequestRoundTrips(WireGen gen) {
        long[] pids = new long[gen.between(0, MAX_ITEMS)];
        for (int i = 0; i < pids.length; i++) {
            pids[i] = gen.u32();
        }
        byte[] bytes = AppsLookupRequestEncoder.encode(pids);
        Region region = gen.pick(KINDS).region(bytes.length);

        int length = AppsLookupRequestEncoder.encode(pids, region.buffer(), region.offset(), region.capacity());

        assertThat(region.bytes(length)).isEqualTo(bytes);
        long[] decoded = new AppsLookupRequestView().wrap(region.buffer(), region.offset(), length).toOwned();
        assertThat(decoded).containsExactly(pids);
        assertThat(AppsLookupRequestEncoder.encode(decoded)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void cgroupsResponseRoundTrips(WireGen gen) {
        List<CgroupsLookupItem> items = new ArrayList<>();
        int count = gen.between(0, MAX_ITEMS);
        for (int i = 0; i < count; i++) {
            items.add(randomCgroupsItem(gen));
        }
        CgroupsLookupResponse response = new CgroupsLookupResponse(gen.u64(), items);
        byte[] bytes = cgroupsResponse(response.generation(), items);

        CgroupsLookupResponseView view = CgroupsLookupResponseView.decode(bytes);
        CgroupsLookupResponse decoded = view.toOwned();
        assertThat(decoded).isEqualTo(response);
        CgroupsLookupItemView itemView = new CgroupsLookupItemView();
        for (int i = 0; i < count; i++) {
            assertZeroCopyViewMatches(view.item(i, itemView), items.get(i));
        }
        assertThat(cgroupsResponse(decoded.generation(), decoded.items())).isEqualTo(bytes);

        int maxItems = count + gen.between(0, MAX_SPARE_SLOTS);
        Region region = gen.pick(KINDS).region(capacityForCgroups(items) + MAX_SPARE_SLOTS * ENTRY_SIZE);
        CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder().reset(region.buffer(),
                region.offset(), region.capacity(), maxItems, response.generation());
        items.forEach(builder::add);
        assertThat(region.bytes(builder.finish())).isEqualTo(bytes);
        assertThat(region.guardsIntact()).isTrue();
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void appsResponseRoundTrips(WireGen gen) {
        List<AppsLookupItem> items = new ArrayList<>();
        int count = gen.between(0, MAX_ITEMS);
        for (int i = 0; i < count; i++) {
            items.add(randomAppsItem(gen));
        }
        AppsLookupResponse response = new AppsLookupResponse(gen.u64(), items);
        byte[] bytes = appsResponse(response.generation(), items);

        AppsLookupResponseView view = AppsLookupResponseView.decode(bytes);
        AppsLookupResponse decoded = view.toOwned();
        assertThat(decoded).isEqualTo(response);
        AppsLookupItemView itemView = new AppsLookupItemView();
        for (int i = 0; i < count; i++) {
            assertZeroCopyViewMatches(view.item(i, itemView), items.get(i));
        }
        assertThat(appsResponse(decoded.generation(), decoded.items())).isEqualTo(bytes);

        int maxItems = count + gen.between(0, MAX_SPARE_SLOTS);
        Region region = gen.pick(KINDS).region(capacityForApps(items) + MAX_SPARE_SLOTS * ENTRY_SIZE);
        AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder().reset(region.buffer(), region.offset(),
                region.capacity(), maxItems, response.generation());
        items.forEach(builder::add);
        assertThat(region.bytes(builder.finish())).isEqualTo(bytes);
        assertThat(region.guardsIntact()).isTrue();
    }
}
