package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.WireBytes.*;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BufferKind;
import io.netdata.netipc.protocol.BufferKind.Region;
import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.HugeByteSource;
import io.netdata.netipc.protocol.Wire;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LookupRequestEncoderTest {

    @Nested
    class CgroupsRequest {
        private final byte[] valid = validCgroupsRequest();

        @Test
        void writesHeaderAndOneAlignedNulTerminatedKeyPerPath() {
            assertThat(u16(valid, REQ_LAYOUT_VERSION)).isEqualTo(Wire.LAYOUT_VERSION);
            assertThat(u32(valid, REQ_ITEM_COUNT)).isEqualTo(CG_PATHS.size());
            assertThat(u32(valid, REQ_RESERVED0)).isZero();
            assertThat(u32(valid, REQ_RESERVED1)).isZero();
            int previousEnd = packedStart(valid);
            for (int i = 0; i < CG_PATHS.size(); i++) {
                byte[] path = CG_PATHS.get(i).toByteArray();
                int key = itemStart(valid, i);
                assertThat(u32(valid, entry(i, ENTRY_OFFSET)) % Wire.ALIGNMENT).isZero();
                assertThat(itemLength(valid, i)).isEqualTo(path.length + 1);
                assertThat(Arrays.copyOfRange(valid, key, key + path.length)).isEqualTo(path);
                assertThat(valid[key + path.length]).isZero();
                for (int pad = previousEnd; pad < key; pad++) {
                    assertThat(valid[pad]).as("padding at %d", pad).isZero();
                }
                previousEnd = key + path.length + 1;
            }
            assertThat(valid).hasSize(previousEnd);
            assertThat((long) valid.length).isEqualTo(CgroupsLookupRequestEncoder.encodedSize(CG_PATHS));
        }

        @Test
        void decodesToTheEncodedPaths() {
            CgroupsLookupRequestView view = CgroupsLookupRequestView.decode(valid);
            assertThat(view.toOwned()).isEqualTo(CG_PATHS);
            assertThat(view.path(VICTIM).contentEquals(CG_PATHS.get(VICTIM))).isTrue();
        }

        @ParameterizedTest
        @EnumSource(BufferKind.class)
        void encodesIntoAnyRegion(BufferKind kind) {
            Region region = kind.region(valid.length);

            int length = CgroupsLookupRequestEncoder.encode(CG_PATHS, region.buffer(), region.offset(), valid.length);

            assertThat(region.bytes(length)).isEqualTo(valid);
            assertThat(region.guardsIntact()).isTrue();
            assertThat(new CgroupsLookupRequestView().wrap(region.buffer(), region.offset(), length).toOwned())
                    .isEqualTo(CG_PATHS);
        }

        @Test
        void overflowsWhenTheDirectoryDoesNotFit() {
            Region region = BufferKind.HEAP_DEFAULT_ORDER.region(REQUEST_HEADER_SIZE + CG_PATHS.size() * ENTRY_SIZE - 1);
            assertRejects(CodecError.OVERFLOW, () -> CgroupsLookupRequestEncoder.encode(CG_PATHS, region.buffer(),
                    region.offset(), region.capacity()));
            assertThat(region.guardsIntact()).isTrue();
        }

        @Test
        void overflowsWhenAKeyDoesNotFit() {
            Region region = BufferKind.DIRECT_BIG_ENDIAN.region(valid.length - 1);
            assertRejects(CodecError.OVERFLOW, () -> CgroupsLookupRequestEncoder.encode(CG_PATHS, region.buffer(),
                    region.offset(), region.capacity()));
            assertThat(region.guardsIntact()).isTrue();
        }

        @Test
        void rejectsEmptyPath() {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> CgroupsLookupRequestEncoder.encode(List.of(utf8("/a"), ByteString.EMPTY)));
        }

        @Test
        void rejectsPathWithNul() {
            assertRejects(CodecError.BAD_LAYOUT, () -> CgroupsLookupRequestEncoder.encode(List.of(utf8("/a\0b"))));
        }

        @Test
        void overflowsBeforeAllocatingAnArrayPastIntRange() {
            List<ByteSource> paths = List.of(new HugeByteSource(Integer.MAX_VALUE));
            assertThat(CgroupsLookupRequestEncoder.encodedSize(paths)).isGreaterThan(Integer.MAX_VALUE);
            assertRejects(CodecError.OVERFLOW, () -> CgroupsLookupRequestEncoder.encode(paths));
        }

        @Test
        void acceptsEveryNonNulByteInPaths() {
            ByteString every = ByteString.of(everyNonNulByte());
            assertThat(CgroupsLookupRequestView.decode(cgroupsRequest(List.of(every, every))).toOwned())
                    .containsExactly(every, every);
        }
    }

    @Nested
    class AppsRequest {
        private final byte[] valid = validAppsRequest();

        @Test
        void writesHeaderAndOneFixedKeyPerPid() {
            assertThat(valid).hasSize(REQUEST_HEADER_SIZE + PIDS.length * (ENTRY_SIZE + APPS_KEY_SIZE));
            assertThat((long) valid.length).isEqualTo(AppsLookupRequestEncoder.encodedSize(PIDS.length));
            assertThat(u32(valid, REQ_ITEM_COUNT)).isEqualTo(PIDS.length);
            for (int i = 0; i < PIDS.length; i++) {
                assertThat(u32(valid, entry(i, ENTRY_OFFSET))).isEqualTo((long) i * APPS_KEY_SIZE);
                assertThat(itemLength(valid, i)).isEqualTo(APPS_KEY_SIZE);
                assertThat(u32(valid, itemStart(valid, i) + APPS_KEY_PID)).isEqualTo(PIDS[i]);
                assertThat(u32(valid, itemStart(valid, i) + APPS_KEY_RESERVED)).isZero();
            }
        }

        @Test
        void decodesToTheEncodedPids() {
            AppsLookupRequestView view = AppsLookupRequestView.decode(valid);
            assertThat(view.itemCount()).isEqualTo(PIDS.length);
            assertThat(view.toOwned()).containsExactly(PIDS);
        }

        @Test
        void carriesPidsAboveIntRange() {
            long[] pids = {0, U32_HIGH_BIT, U32_MAX};
            assertThat(AppsLookupRequestView.decode(AppsLookupRequestEncoder.encode(pids)).toOwned())
                    .containsExactly(pids);
        }

        @ParameterizedTest
        @EnumSource(BufferKind.class)
        void encodesIntoAnyRegion(BufferKind kind) {
            Region region = kind.region(valid.length);

            int length = AppsLookupRequestEncoder.encode(PIDS, region.buffer(), region.offset(), valid.length);

            assertThat(region.bytes(length)).isEqualTo(valid);
            assertThat(region.guardsIntact()).isTrue();
            assertThat(new AppsLookupRequestView().wrap(region.buffer(), region.offset(), length).toOwned())
                    .containsExactly(PIDS);
        }

        @Test
        void overflowsWhenTheRequestDoesNotFit() {
            Region region = BufferKind.HEAP_DEFAULT_ORDER.region(valid.length - 1);
            assertRejects(CodecError.OVERFLOW,
                    () -> AppsLookupRequestEncoder.encode(PIDS, region.buffer(), region.offset(), region.capacity()));
            assertThat(region.guardsIntact()).isTrue();
        }

        @Test
        void rejectsPidsOutsideU32() {
            assertThatThrownBy(() -> AppsLookupRequestEncoder.encode(1, -1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> AppsLookupRequestEncoder.encode(U32_MAX + 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
