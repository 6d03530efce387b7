package io.netdata.netipc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The builders remember a refused add, as the reference's sticky builder error
 * does, so that a server sees an overflow its handler caught; reset forgets it.
 */
class BuilderOverflowFlagTest {
    private static final ByteString NAME = ByteString.utf8("name");
    private static final ByteString PATH = ByteString.utf8("/path");

    @Test
    void snapshotBuilder() {
        CgroupsSnapshotResponseBuilder builder = new CgroupsSnapshotResponseBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(256);
        builder.reset(buffer, 0, buffer.capacity(), 1, 0, 0);
        builder.add(1, 0, 1, NAME, PATH);
        assertThat(builder.overflowed()).isFalse();

        assertThatThrownBy(() -> builder.add(2, 0, 1, NAME, PATH)).isInstanceOf(CodecException.class);
        assertThat(builder.overflowed()).isTrue();
        builder.reset(buffer, 0, buffer.capacity(), 1, 0, 0);
        assertThat(builder.overflowed()).isFalse();
    }

    @Test
    void lookupBuilders() {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        CgroupsLookupResponseBuilder cgroups = new CgroupsLookupResponseBuilder().reset(buffer, 0, buffer.capacity(),
                1, 0);
        cgroups.add(CgroupLookupStatus.UNKNOWN_PERMANENT, 0, PATH, ByteString.utf8(""));
        assertThat(cgroups.overflowed()).isFalse();
        assertThatThrownBy(() -> cgroups.add(CgroupLookupStatus.UNKNOWN_PERMANENT, 0, PATH, ByteString.utf8("")))
                .isInstanceOf(CodecException.class);
        assertThat(cgroups.overflowed()).isTrue();
        cgroups.reset(buffer, 0, buffer.capacity(), 1, 0);
        assertThat(cgroups.overflowed()).isFalse();

        AppsLookupResponseBuilder apps = new AppsLookupResponseBuilder().reset(buffer, 0, buffer.capacity(), 1, 0);
        apps.addUnknown(1);
        assertThatThrownBy(() -> apps.addUnknown(2)).isInstanceOf(CodecException.class);
        assertThat(apps.overflowed()).isTrue();
    }
}
