package io.netdata.netipc.protocol.cgroups;

import static io.netdata.netipc.protocol.WireBytes.u32;
import static io.netdata.netipc.protocol.cgroups.SnapshotFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.BufferKind;
import io.netdata.netipc.protocol.BufferKind.Region;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.WireGen;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Property-style round trips of CGROUPS_SNAPSHOT requests and responses over {@link WireGen} cases. */
class CgroupsSnapshotRoundTripTest {
    private static final int USUAL_MAX_ITEMS = 12;
    private static final int LARGE_MAX_ITEMS = 2000;
    private static final int LARGE_ONE_IN = 20;
    private static final int MAX_STRING_LENGTH = 300;
    /** Strings of large snapshots stay short so that a case takes milliseconds. */
    private static final int MAX_STRING_LENGTH_IN_LARGE = 40;
    private static final int MAX_SPARE_SLOTS = 4;

    private static CgroupsSnapshot randomSnapshot(WireGen gen) {
        boolean large = gen.between(1, LARGE_ONE_IN) == 1;
        int count = large ? gen.between(0, LARGE_MAX_ITEMS) : gen.between(0, USUAL_MAX_ITEMS);
        int maxString = large ? MAX_STRING_LENGTH_IN_LARGE : MAX_STRING_LENGTH;
        List<CgroupsSnapshotItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(new CgroupsSnapshotItem(gen.u32(), gen.u32(), gen.u32(), gen.wireString(maxString),
                    gen.wireString(maxString)));
        }
        return new CgroupsSnapshot(gen.u32(), gen.u64(), items);
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void snapshotResponseRoundTrips(WireGen gen) {
        CgroupsSnapshot snapshot = randomSnapshot(gen);
        byte[] bytes = encode(snapshot);

        assertThat(u32(bytes, HDR_ITEM_COUNT)).isEqualTo(snapshot.items().size());
        for (int i = 0; i < snapshot.items().size(); i++) {
            assertThat(u32(bytes, entry(i, ENTRY_OFFSET)) % Wire.ALIGNMENT).isZero();
        }
        CgroupsSnapshotResponseView view = CgroupsSnapshotResponseView.decode(bytes);
        CgroupsSnapshot decoded = view.toOwned();
        assertThat(decoded).isEqualTo(snapshot);
        assertThat(encode(decoded)).isEqualTo(bytes);

        assertItems(view, snapshot);
        // Checked once, read from the remembered bounds; and over buffers whose array is not
        // reachable (read-only, direct), where strings compare eight bytes at a time.
        assertItems(view.checkItems(), snapshot);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(0, bytes);
        for (ByteBuffer other : new ByteBuffer[] {ByteBuffer.wrap(bytes).asReadOnlyBuffer(), direct}) {
            CgroupsSnapshotResponseView otherView = new CgroupsSnapshotResponseView().wrap(other, 0, bytes.length);
            assertItems(otherView, snapshot);
            assertItems(otherView.checkItems(), snapshot);
        }
    }

    private static void assertItems(CgroupsSnapshotResponseView view, CgroupsSnapshot snapshot) {
        CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
        for (int i = 0; i < snapshot.items().size(); i++) {
            CgroupsSnapshotItem expected = snapshot.items().get(i);
            view.item(i, item);
            assertThat(item.layoutVersion()).isEqualTo(Wire.LAYOUT_VERSION);
            assertThat(item.flags()).isZero();
            assertThat(item.hash()).isEqualTo(expected.hash());
            assertThat(item.options()).isEqualTo(expected.options());
            assertThat(item.enabled()).isEqualTo(expected.enabled());
            assertThat(item.name().contentEquals(expected.name())).isTrue();
            assertThat(item.path().contentEquals(expected.path())).isTrue();
            assertThat(expected.name().contentEquals(item.name())).isTrue();
            assertThat(item.toOwned()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource(WireGen.CASES)
    void builderProducesTheSameBytesInAnyRegionWithSpareSlots(WireGen gen) {
        CgroupsSnapshot snapshot = randomSnapshot(gen);
        byte[] exact = encode(snapshot);
        int maxItems = snapshot.items().size() + gen.between(0, MAX_SPARE_SLOTS);
        int capacity = capacityFor(snapshot.items()) + (maxItems - snapshot.items().size()) * ENTRY_SIZE;
        Region region = gen.pick(List.of(BufferKind.values())).region(capacity);

        CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder().reset(region.buffer(),
                region.offset(), capacity, maxItems, snapshot.systemdEnabled(), snapshot.generation());
        snapshot.items().forEach(item -> add(builder, item));
        int length = builder.finish();

        assertThat(region.bytes(length)).isEqualTo(exact);
        assertThat(region.guardsIntact()).isTrue();
        CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(region.buffer(), region.offset(),
                length);
        assertThat(view.toOwned()).isEqualTo(snapshot);
        assertThat(view.systemdEnabled()).isEqualTo(snapshot.systemdEnabled());
        assertThat(view.layoutVersion()).isEqualTo(Wire.LAYOUT_VERSION);
        assertThat(view.flags()).isZero();
    }
}
