package io.netdata.netipc.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Inputs that once made an oracle report correct codec behaviour as a finding;
 * each must now pass the harness like any seed.
 */
class OracleRegressionTest {
    private static final int ENTRIES = 4;
    private static final int NAME_LENGTH = 200;
    private static final int CAPACITY = 2048;
    private static final int DIRECTORY = 24;
    private static final int ENTRY_SIZE = 8;
    private static final int ENTRY_LENGTH_FIELD = 4;

    /** Directory entries that all point at one large item: valid items, but an owned copy is refused. */
    @Test
    void snapshotWhoseEntriesShareOneLargeItem() {
        ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
        ByteString name = ByteString.utf8("n".repeat(NAME_LENGTH));
        CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder()
                .reset(buffer, 0, CAPACITY, ENTRIES, 1, 1);
        for (int i = 0; i < ENTRIES; i++) {
            builder.add(SimpleHash.of(name), 0, 1, name, ByteString.EMPTY);
        }
        builder.finish();
        int itemLength = (int) NativeBytes.u32(buffer, DIRECTORY + ENTRY_LENGTH_FIELD);
        for (int i = 0; i < ENTRIES; i++) {
            NativeBytes.putU32(buffer, DIRECTORY + i * ENTRY_SIZE, 0);
        }
        byte[] input = Arrays.copyOf(buffer.array(), DIRECTORY + ENTRIES * ENTRY_SIZE + itemLength);

        assertThatCode(() -> FuzzHarness.run(FuzzTarget.CGROUPS_SNAPSHOT_RESPONSE, input))
                .doesNotThrowAnyException();
    }
}
