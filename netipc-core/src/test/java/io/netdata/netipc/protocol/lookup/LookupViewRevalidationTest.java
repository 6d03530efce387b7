package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.WireBytes.*;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.lookup.LookupKind.LiveResponse;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lookup views' per-key, per-item and per-label accessors re-validate what
 * they read, as the reference accessors do, so that a buffer changed after
 * {@code wrap} (a contract violation, but possible with shared memory) yields a
 * {@link io.netdata.netipc.protocol.CodecException} with the reference's error
 * class rather than a wrong view or a crash.
 */
class LookupViewRevalidationTest {

    /** Overwrites the live message with its corrupted copy. */
    private static void corrupt(byte[] live, byte[] corrupted) {
        System.arraycopy(corrupted, 0, live, 0, live.length);
    }

    @Nested
    class CgroupsRequestPath {
        private final byte[] live = validCgroupsRequest();
        private final CgroupsLookupRequestView view = new CgroupsLookupRequestView()
                .wrap(ByteBuffer.wrap(live), 0, live.length);

        @Test
        void rejectsKeyOffsetMadeUnaligned() {
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_OFFSET), u32(live, entry(VICTIM, ENTRY_OFFSET)) + 1));
            assertRejects(CodecError.BAD_ALIGNMENT, () -> view.path(VICTIM));
        }

        @Test
        void rejectsKeyMadeLongerThanThePackedArea() {
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_LENGTH), live.length));
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> view.path(VICTIM));
        }

        @Test
        void rejectsKeyMadeShorterThanOneByteAndNul() {
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_LENGTH), 1));
            assertRejects(CodecError.TRUNCATED, () -> view.path(VICTIM));
        }

        @Test
        void rejectsKeyTerminatorOverwritten() {
            int terminator = itemStart(live, VICTIM) + itemLength(live, VICTIM) - 1;
            corrupt(live, withU8(live, terminator, '/'));
            assertRejects(CodecError.MISSING_NUL, () -> view.path(VICTIM));
        }

        @Test
        void rejectsNulWrittenInsideKey() {
            corrupt(live, withU8(live, itemStart(live, VICTIM), 0));
            assertRejects(CodecError.BAD_LAYOUT, () -> view.path(VICTIM));
            assertThat(view.path(0).contentEquals(CG_PATHS.get(0))).isTrue();
        }

        @Test
        void rejectsIndexOutsideTheRequest() {
            assertThatThrownBy(() -> view.path(CG_PATHS.size())).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Nested
    class AppsRequestPid {
        private final byte[] live = validAppsRequest();
        private final AppsLookupRequestView view = new AppsLookupRequestView()
                .wrap(ByteBuffer.wrap(live), 0, live.length);

        @Test
        void rejectsKeyOffsetMadeUnaligned() {
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_OFFSET), 1));
            assertRejects(CodecError.BAD_ALIGNMENT, () -> view.pid(VICTIM));
        }

        @Test
        void rejectsKeyLengthChangedFrom8() {
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_LENGTH), 2 * APPS_KEY_SIZE));
            assertRejects(CodecError.BAD_LAYOUT, () -> view.pid(VICTIM));
        }

        @Test
        void rejectsKeyMovedPastThePackedArea() {
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_OFFSET), live.length));
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> view.pid(VICTIM));
        }

        @Test
        void rejectsKeyReservedMadeNonZero() {
            corrupt(live, withU32(live, itemStart(live, VICTIM) + APPS_KEY_RESERVED, 1));
            assertRejects(CodecError.BAD_LAYOUT, () -> view.pid(VICTIM));
            assertThat(view.pid(0)).isEqualTo(PIDS[0]);
        }
    }

    @Nested
    class ResponseItemsAndLabels {
        private static final int SECOND_LABEL = 1;

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemOffsetMadeUnaligned(LookupKind kind) {
            byte[] live = kind.validResponse();
            LiveResponse view = kind.wrapLive(ByteBuffer.wrap(live));
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_OFFSET), u32(live, entry(VICTIM, ENTRY_OFFSET)) + 2));
            assertRejects(CodecError.BAD_ALIGNMENT, () -> view.item(VICTIM));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemMadeLongerThanThePackedArea(LookupKind kind) {
            byte[] live = kind.validResponse();
            LiveResponse view = kind.wrapLive(ByteBuffer.wrap(live));
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_LENGTH), U32_MAX));
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> view.item(VICTIM));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemMadeShorterThanItsHeader(LookupKind kind) {
            byte[] live = kind.validResponse();
            LiveResponse view = kind.wrapLive(ByteBuffer.wrap(live));
            corrupt(live, withU32(live, entry(VICTIM, ENTRY_LENGTH), kind.itemHeaderSize() - 1));
            assertRejects(CodecError.TRUNCATED, () -> view.item(VICTIM));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsItemHeaderCorruptedAfterWrap(LookupKind kind) {
            byte[] live = kind.validResponse();
            LiveResponse view = kind.wrapLive(ByteBuffer.wrap(live));
            corrupt(live, withU16(live, itemStart(live, VICTIM), Wire.LAYOUT_VERSION + 1));
            assertRejects(CodecError.BAD_LAYOUT, () -> view.item(VICTIM));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelCountRaisedPastTheItemAfterWrap(LookupKind kind) {
            SingleItem item = new SingleItem(kind, kind.labelledResponse(LABELS));
            byte[] live = item.response();
            IntFunction<Object> labels = kind.wrapLive(ByteBuffer.wrap(live)).labelsOf(0);
            corrupt(live, withU16(live, item.field(kind.labelCountField()), U16_MAX));
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> labels.apply(U16_MAX - 1));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelStringCorruptedAfterWrap(LookupKind kind) {
            SingleItem item = new SingleItem(kind, kind.labelledResponse(LABELS));
            byte[] live = item.response();
            IntFunction<Object> labels = kind.wrapLive(ByteBuffer.wrap(live)).labelsOf(0);
            int valueNul = item.labelString(SECOND_LABEL, LABEL_VALUE_OFFSET);
            assertThat(labels.apply(SECOND_LABEL)).isEqualTo(LABELS.get(SECOND_LABEL));

            corrupt(live, withU8(live, valueNul, '?'));

            assertRejects(CodecError.MISSING_NUL, () -> labels.apply(SECOND_LABEL));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsIndexesOutsideTheResponse(LookupKind kind) {
            byte[] live = kind.labelledResponse(LABELS);
            LiveResponse view = kind.wrapLive(ByteBuffer.wrap(live));
            assertThatThrownBy(() -> view.item(1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> view.labelsOf(0).apply(LABELS.size()))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
