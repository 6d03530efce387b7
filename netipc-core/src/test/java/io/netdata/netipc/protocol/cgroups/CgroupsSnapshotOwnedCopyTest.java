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
