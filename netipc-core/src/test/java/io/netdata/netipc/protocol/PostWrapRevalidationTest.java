package io.netdata.netipc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Views over memory another process can write (shared memory) must stay safe
 * when the bytes change after {@code wrap}: the snapshot and batch accessors
 * re-check the directory entry they read and fail with {@link CodecException},
 * never read outside the payload or throw anything else.
 */
class PostWrapRevalidationTest {
    private static final int CAPACITY = 256;
    private static final int SNAPSHOT_DIRECTORY = 24;
    private static final int ENTRY_LENGTH_FIELD = 4;
    private static final ByteString NAME = ByteString.utf8("a");

    @ParameterizedTest(name = "snapshot entry offset {0}, length {1} -> {2}")
    @CsvSource({"3, 40, BAD_ALIGNMENT", "2147483640, 40, OUT_OF_BOUNDS", "0, 4294967295, OUT_OF_BOUNDS",
        "0, 8, TRUNCATED"})
    void snapshotItemRechecksItsEntry(long offset, long length, CodecError expected) {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        int size = new CgroupsSnapshotResponseBuilder().reset(buffer, 0, CAPACITY, 1, 0, 0)
                .add(SimpleHash.of(NAME), 0, 1, NAME, NAME).finish();
        CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(buffer, 0, size);

        NativeBytes.putU32(buffer, SNAPSHOT_DIRECTORY, offset);
        NativeBytes.putU32(buffer, SNAPSHOT_DIRECTORY + ENTRY_LENGTH_FIELD, length);

        assertThatThrownBy(() -> view.item(0)).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.error()).isEqualTo(expected));
    }

    @ParameterizedTest(name = "batch entry offset {0}, length {1} -> {2}")
    @CsvSource({"3, 1, BAD_ALIGNMENT", "2147483640, 1, OUT_OF_BOUNDS", "0, 4294967295, OUT_OF_BOUNDS"})
    void batchAccessorsRecheckTheirEntry(long offset, long length, CodecError expected) {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        int size = new BatchBuilder().reset(buffer, 0, CAPACITY, 1).add(NAME).finish();
        BatchView view = new BatchView().wrap(buffer, 0, size, 1);

        NativeBytes.putU32(buffer, 0, offset);
        NativeBytes.putU32(buffer, ENTRY_LENGTH_FIELD, length);

        for (Runnable access : new Runnable[] {() -> view.item(0), () -> view.itemOffset(0),
            () -> view.itemLength(0)}) {
            assertThatThrownBy(access::run).isInstanceOfSatisfying(CodecException.class,
                    e -> assertThat(e.error()).isEqualTo(expected));
        }
    }
}
