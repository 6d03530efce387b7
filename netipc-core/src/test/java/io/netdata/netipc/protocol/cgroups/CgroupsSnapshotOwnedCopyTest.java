package io.netdata.netipc.protocol.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Directory entries may overlap on the wire (the reference accepts it), so the
 * owned copy guards against a small payload whose items all point at one large
 * item: copying must never cost more than the payload itself.
 */
class CgroupsSnapshotOwnedCopyTest {
    private static final int ENTRIES = 16;
    private static final int NAME_LENGTH = 200;
    private static final int CAPACITY = 4096;
    private static final int DIRECTORY = CgroupsSnapshotResponseView.HEADER_SIZE;
    private static final int ENTRY_SIZE = CgroupsSnapshotResponseView.DIRECTORY_ENTRY_SIZE;

    @Test
    void refusesToCopyItemsThatShareBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        ByteString name = ByteString.utf8("n".repeat(NAME_LENGTH));
        CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder()
                .reset(buffer, 0, CAPACITY, ENTRIES, 1, 1);
        for (int i = 0; i < ENTRIES; i++) {
            builder.add(SimpleHash.of(name), 0, 1, name, ByteString.EMPTY);
        }
        int length = builder.finish();
        long firstLength = NativeBytes.u32(buffer, DIRECTORY + ENTRY_SIZE / 2);
        int sharedLength = DIRECTORY + ENTRIES * ENTRY_SIZE + (int) firstLength;
        for (int i = 0; i < ENTRIES; i++) {
            NativeBytes.putU32(buffer, DIRECTORY + i * ENTRY_SIZE, 0);
        }

        CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(buffer, 0, sharedLength);
        for (int i = 0; i < ENTRIES; i++) {
            assertThat(view.item(i).name().length()).isEqualTo(NAME_LENGTH);
        }
        assertThat(sharedLength).isLessThan(length);
        assertThatThrownBy(view::toOwned).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.error()).isEqualTo(CodecError.BAD_LAYOUT));
    }

    /** Overlap itself is legal (the reference accepts it); only a copy larger than the payload is refused. */
    @Test
    void copiesOverlappingItemsWhoseStringsFitThePayload() {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        ByteString shortName = ByteString.utf8("n");
        int length = new CgroupsSnapshotResponseBuilder().reset(buffer, 0, CAPACITY, 2, 1, 1)
                .add(SimpleHash.of(shortName), 0, 1, shortName, shortName)
                .add(SimpleHash.of(shortName), 0, 1, shortName, shortName)
                .finish();
        long firstLength = NativeBytes.u32(buffer, DIRECTORY + ENTRY_SIZE / 2);
        int sharedLength = DIRECTORY + 2 * ENTRY_SIZE + (int) firstLength;
        NativeBytes.putU32(buffer, DIRECTORY + ENTRY_SIZE, 0);

        CgroupsSnapshot snapshot = new CgroupsSnapshotResponseView().wrap(buffer, 0, sharedLength).toOwned();

        assertThat(length).isGreaterThan(sharedLength);
        assertThat(snapshot.items()).hasSize(2).allSatisfy(item -> assertThat(item.name()).isEqualTo(shortName));
    }

    @Test
    void copiesItemsThatDoNotShareBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        ByteString name = ByteString.utf8("n".repeat(NAME_LENGTH));
        CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder()
                .reset(buffer, 0, CAPACITY, ENTRIES, 1, 1);
        CgroupsSnapshotItem item = new CgroupsSnapshotItem(SimpleHash.of(name), 0, 1, name, name);
        for (int i = 0; i < ENTRIES / 2; i++) {
            builder.add(item);
        }
        int length = builder.finish();

        assertThat(new CgroupsSnapshotResponseView().wrap(buffer, 0, length).toOwned().items())
                .hasSize(ENTRIES / 2).containsOnly(item);
    }
}
