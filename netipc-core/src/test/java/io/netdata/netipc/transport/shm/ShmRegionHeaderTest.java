package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Writing a region header and validating one as a client: the bytes land at the
 * specification's offsets (read back here with plain native-order reads, not
 * through the production code), a written header validates to the same values,
 * and every invalid field is refused with its own error, in the reference's order.
 */
class ShmRegionHeaderTest {
    private static final int PID = 4242;
    private static final long GENERATION = 0xCAFE_F00DL;
    private static final long REQUEST_PAYLOAD = 1024;
    private static final long RESPONSE_PAYLOAD = 4096;

    private static final ShmRegionLayout LAYOUT = ShmTestRegions.layout(REQUEST_PAYLOAD, RESPONSE_PAYLOAD);

    private static ByteBuffer written() {
        ByteBuffer region = ShmTestRegions.allocate(LAYOUT.regionSize());
        ShmRegionHeader.write(region, LAYOUT, PID, GENERATION);
        return region;
    }

    private static ShmRegionHeader validate(ByteBuffer region) throws ShmRegionException {
        return ShmRegionHeader.validate(region, REQUEST_PAYLOAD, RESPONSE_PAYLOAD);
    }

    /** A written header with one change applied; validating it must fail with {@code expected}. */
    private static void assertRejected(Consumer<ByteBuffer> change, ShmRegionError expected) {
        ByteBuffer region = written();
        change.accept(region);
        assertThatThrownBy(() -> validate(region))
                .isInstanceOfSatisfying(ShmRegionException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }

    @Test
    void theWrittenHeaderHasEveryFieldAtTheSpecificationsOffset() {
        ByteBuffer region = written().order(ByteOrder.nativeOrder());
        assertThat(Integer.toUnsignedLong(region.getInt(0))).isEqualTo(0x4e53484dL);
        assertThat(region.getShort(4)).isEqualTo((short) 3);
        assertThat(region.getShort(6)).isEqualTo((short) 64);
        assertThat(region.getInt(8)).isEqualTo(PID);
        assertThat(Integer.toUnsignedLong(region.getInt(12))).isEqualTo(GENERATION);
        assertThat(region.getInt(16)).isEqualTo(64);
        assertThat(region.getInt(20)).isEqualTo(1088);
        assertThat(region.getInt(24)).isEqualTo(64 + 1088);
        assertThat(region.getInt(28)).isEqualTo(4160);
        // The atomic words start at zero.
        assertThat(region.getLong(32)).isZero();
        assertThat(region.getLong(40)).isZero();
        for (int offset = 48; offset < 64; offset += Integer.BYTES) {
            assertThat(region.getInt(offset)).isZero();
        }
    }

    @Test
    void writingZeroesTheWholeRegionFirst() {
        // Five bytes more than the region: a mapping may be longer, and its odd tail is zeroed too.
        ByteBuffer region = ShmTestRegions.allocate(LAYOUT.regionSize() + 5);
        for (int i = 0; i < region.capacity(); i++) {
            region.put(i, (byte) 0x5A);
        }
        ShmRegionHeader.write(region, LAYOUT, PID, GENERATION);
        for (int i = ShmRegionLayout.HEADER_LEN; i < region.capacity(); i++) {
            assertThat(region.get(i)).as("byte %d", i).isZero();
        }
        for (int i = ShmRegionLayout.OFF_REQ_SEQ; i < ShmRegionLayout.HEADER_LEN; i++) {
            assertThat(region.get(i)).as("header byte %d", i).isZero();
        }
    }

    @Test
    void aWrittenHeaderValidatesToTheSameOwnerAndLayout() throws ShmRegionException {
        ShmRegionHeader header = validate(written());
        assertThat(header.layout()).isEqualTo(LAYOUT);
        assertThat(header.owner()).isEqualTo(new ShmOwner(PID, GENERATION));
    }

    @Test
    void theCallersPositionAndLimitDoNotMatter() throws ShmRegionException {
        ByteBuffer region = written();
        region.position(100).limit(120);
        assertThat(validate(region).layout()).isEqualTo(LAYOUT);
        assertThat(region.position()).isEqualTo(100);
        assertThat(region.limit()).isEqualTo(120);
    }

    @Test
    void aMappingLongerThanTheAreasIsAccepted() throws ShmRegionException {
        ByteBuffer region = ShmTestRegions.allocate(LAYOUT.regionSize() + 4096);
        ShmRegionHeader.write(region, LAYOUT, PID, GENERATION);
        assertThat(validate(region).layout()).isEqualTo(LAYOUT);
    }

    @Test
    void aFileShorterThanTheHeaderIsNotReadyYet() {
        ByteBuffer region = written().slice(0, ShmRegionLayout.HEADER_LEN - 1);
        assertThatThrownBy(() -> validate(region)).isInstanceOfSatisfying(ShmRegionException.class,
                e -> assertThat(e.error()).isEqualTo(ShmRegionError.NOT_READY));
        assertThatThrownBy(() -> ShmRegionHeader.validate(ByteBuffer.allocateDirect(0), 0, 0))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.NOT_READY));
    }

    @Test
    void aZeroedRegionReadsAsBadMagic() {
        ByteBuffer region = ShmTestRegions.allocate(LAYOUT.regionSize());
        assertThatThrownBy(() -> validate(region)).isInstanceOfSatisfying(ShmRegionException.class,
                e -> assertThat(e.error()).isEqualTo(ShmRegionError.BAD_MAGIC));
    }

    @Test
    void eachIdentityFieldHasItsOwnError() {
        assertRejected(r -> r.putInt(0, 0x4e53484e), ShmRegionError.BAD_MAGIC);
        assertRejected(r -> r.putInt(0, Integer.reverseBytes(0x4e53484d)), ShmRegionError.BAD_MAGIC);
        assertRejected(r -> r.putShort(4, (short) 2), ShmRegionError.BAD_VERSION);
        assertRejected(r -> r.putShort(4, (short) 4), ShmRegionError.BAD_VERSION);
        assertRejected(r -> r.putShort(6, (short) 32), ShmRegionError.BAD_HEADER_LEN);
        assertRejected(r -> r.putShort(6, (short) 128), ShmRegionError.BAD_HEADER_LEN);
    }

    @Test
    void checksComeInTheReferencesOrder() {
        // Bad magic and bad version: magic wins. Bad version and bad header_len: version wins.
        assertRejected(r -> {
            r.putInt(0, 0);
            r.putShort(4, (short) 9);
        }, ShmRegionError.BAD_MAGIC);
        assertRejected(r -> {
            r.putShort(4, (short) 9);
            r.putShort(6, (short) 9);
        }, ShmRegionError.BAD_VERSION);
        // Bad header_len and uninitialised areas: header_len wins.
        assertRejected(r -> {
            r.putShort(6, (short) 9);
            r.putInt(20, 0);
        }, ShmRegionError.BAD_HEADER_LEN);
        // Uninitialised areas and misaligned ones: not ready wins.
        assertRejected(r -> {
            r.putInt(20, 0);
            r.putInt(24, 100);
        }, ShmRegionError.NOT_READY);
        // A bad layout and a short file: layout wins.
        ByteBuffer region = written();
        region.putInt(20, 100);
        ByteBuffer shortened = region.slice(0, 256);
        assertThatThrownBy(() -> validate(shortened)).isInstanceOfSatisfying(ShmRegionException.class,
                e -> assertThat(e.error()).isEqualTo(ShmRegionError.BAD_LAYOUT));
    }

    @Test
    void areasNotFilledInYetAreNotReady() {
        assertRejected(r -> r.putInt(16, 0), ShmRegionError.NOT_READY);
        assertRejected(r -> r.putInt(16, 63), ShmRegionError.NOT_READY);
        assertRejected(r -> r.putInt(20, 0), ShmRegionError.NOT_READY);
        assertRejected(r -> r.putInt(24, 0), ShmRegionError.NOT_READY);
        assertRejected(r -> r.putInt(28, 0), ShmRegionError.NOT_READY);
        assertRejected(r -> {
            for (int offset = 16; offset < 32; offset += Integer.BYTES) {
                r.putInt(offset, 0);
            }
        }, ShmRegionError.NOT_READY);
    }

    @Test
    void impossibleAreasAreABadLayout() {
        assertRejected(r -> r.putInt(16, 96), ShmRegionError.BAD_LAYOUT);   // misaligned request offset
        assertRejected(r -> r.putInt(20, 1000), ShmRegionError.BAD_LAYOUT); // misaligned request capacity
        assertRejected(r -> r.putInt(24, 1160), ShmRegionError.BAD_LAYOUT); // misaligned response offset
        assertRejected(r -> r.putInt(28, 4100), ShmRegionError.BAD_LAYOUT); // misaligned response capacity
        assertRejected(r -> r.putInt(24, 128), ShmRegionError.BAD_LAYOUT);  // response inside the request area
        assertRejected(r -> r.putInt(24, 64), ShmRegionError.BAD_LAYOUT);   // both areas at the same place
    }

    @Test
    void areasEndingBeyond32BitsAreABadLayoutNotAWrap() {
        // 0xFFFFFFC0 + 0x80: the reference refuses the request end before it could wrap.
        assertRejected(r -> {
            r.putInt(16, 0xFFFF_FFC0);
            r.putInt(20, 0x80);
        }, ShmRegionError.BAD_LAYOUT);
        // A huge response capacity: aligned, after the request area, but far beyond the file.
        assertRejected(r -> r.putInt(28, 0xFFFF_FFC0), ShmRegionError.REGION_TOO_SMALL);
        assertRejected(r -> r.putInt(24, 0xFFFF_FF00), ShmRegionError.REGION_TOO_SMALL);
    }

    @Test
    void aFileShorterThanItsAreasIsTooSmall() {
        ByteBuffer region = written();
        ByteBuffer shortByOne = region.slice(0, LAYOUT.regionSize() - ShmRegionLayout.ALIGNMENT);
        assertThatThrownBy(() -> validate(shortByOne)).isInstanceOfSatisfying(ShmRegionException.class,
                e -> assertThat(e.error()).isEqualTo(ShmRegionError.REGION_TOO_SMALL));
        // The request area alone beyond the file: the reference checks both ends.
        assertRejected(r -> {
            r.putInt(16, LAYOUT.regionSize());
            r.putInt(24, LAYOUT.regionSize() + 1088);
        }, ShmRegionError.REGION_TOO_SMALL);
    }

    @Test
    void areasTooSmallForTheAgreedCeilingsAreRefused() {
        ByteBuffer region = written();
        assertThatThrownBy(() -> ShmRegionHeader.validate(region, 1057, RESPONSE_PAYLOAD))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.AREA_TOO_SMALL));
        assertThatThrownBy(() -> ShmRegionHeader.validate(region, REQUEST_PAYLOAD, 4129))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.AREA_TOO_SMALL));
    }

    @Test
    void areasAsLargeAsTheCeilingsNeedExactlyAreAccepted() throws ShmRegionException {
        // 1088 - 32 and 4160 - 32: the whole rounded area is usable.
        assertThat(ShmRegionHeader.validate(written(), 1056, 4128).layout()).isEqualTo(LAYOUT);
        // Smaller agreed ceilings than the server's configured ones, the normal case for requests.
        assertThat(ShmRegionHeader.validate(written(), 0, 0).layout()).isEqualTo(LAYOUT);
    }

    @Test
    void ceilingsOutsideTheU32RangeAreCallerErrors() {
        assertThatThrownBy(() -> ShmRegionHeader.validate(written(), -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShmRegionHeader.validate(written(), 0, 1L << 32))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyNotReadyAndBadMagicAreRetryable() {
        for (ShmRegionError error : ShmRegionError.values()) {
            assertThat(error.retryable()).as(error.name())
                    .isEqualTo(error == ShmRegionError.NOT_READY || error == ShmRegionError.BAD_MAGIC);
        }
    }

    @Test
    void fileSizesAreCheckedBeforeMapping() throws ShmRegionException {
        ShmRegionHeader.checkFileSize(ShmRegionLayout.HEADER_LEN);
        ShmRegionHeader.checkFileSize(ShmRegionLayout.MAX_REGION_SIZE);
        assertThatThrownBy(() -> ShmRegionHeader.checkFileSize(ShmRegionLayout.HEADER_LEN - 1))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.NOT_READY));
        assertThatThrownBy(() -> ShmRegionHeader.checkFileSize(0))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.NOT_READY));
        assertThatThrownBy(() -> ShmRegionHeader.checkFileSize(ShmRegionLayout.MAX_REGION_SIZE + 1L))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.REGION_TOO_LARGE));
    }

    @Test
    void writingRefusesABufferTooSmallAZeroGenerationAndAReadOnlyBuffer() {
        assertThatThrownBy(() -> ShmRegionHeader.write(ShmTestRegions.allocate(LAYOUT.regionSize() - 1), LAYOUT, PID,
                GENERATION)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShmRegionHeader.write(ShmTestRegions.allocate(LAYOUT.regionSize()), LAYOUT, PID, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShmRegionHeader.write(ShmTestRegions.allocate(LAYOUT.regionSize()), LAYOUT, PID,
                1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShmRegionHeader.write(ShmTestRegions.allocate(LAYOUT.regionSize()).asReadOnlyBuffer(),
                LAYOUT, PID, GENERATION)).isInstanceOf(java.nio.ReadOnlyBufferException.class);
    }

    @Test
    void aHeaderMayBeValidatedFromAReadOnlyOrHeapBuffer() throws ShmRegionException {
        ByteBuffer region = written();
        assertThat(validate(region.asReadOnlyBuffer()).layout()).isEqualTo(LAYOUT);
        ByteBuffer heap = ByteBuffer.allocate(region.capacity());
        heap.put(0, region, 0, region.capacity());
        assertThat(validate(heap).layout()).isEqualTo(LAYOUT);
    }

    @Test
    void theOwnerIsReadFromAnyHeaderWithTheRightMagic() throws ShmRegionException {
        ByteBuffer region = written();
        assertThat(ShmRegionHeader.readOwner(region.slice(0, ShmRegionLayout.HEADER_LEN)))
                .isEqualTo(new ShmOwner(PID, GENERATION));
        // The stale check reads only the magic: a wrong version still names its owner.
        region.putShort(4, (short) 99);
        assertThat(ShmRegionHeader.readOwner(region).pid()).isEqualTo(PID);
        region.putInt(8, -7);
        region.putInt(12, -1);
        assertThat(ShmRegionHeader.readOwner(region)).isEqualTo(new ShmOwner(-7, 0xFFFF_FFFFL));
    }

    @Test
    void readingTheOwnerOfJunkFails() {
        ByteBuffer region = written();
        assertThatThrownBy(() -> ShmRegionHeader.readOwner(region.slice(0, ShmRegionLayout.HEADER_LEN - 1)))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.NOT_READY));
        region.putInt(0, 0x12345678);
        assertThatThrownBy(() -> ShmRegionHeader.readOwner(region))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.BAD_MAGIC));
    }

    @Test
    void onlyANonZeroGenerationClaimsLiveness() {
        assertThat(new ShmOwner(PID, 0).claimsLiveness()).isFalse();
        assertThat(new ShmOwner(PID, 1).claimsLiveness()).isTrue();
        assertThat(new ShmOwner(0, 0xFFFF_FFFFL).claimsLiveness()).isTrue();
        assertThatThrownBy(() -> new ShmOwner(PID, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShmOwner(PID, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generationsMixSecondsWithShiftedNanosecondsAndAreNeverZero() {
        // 5 s and 3072 ns: 5 ^ (3072 >> 10) = 5 ^ 3 = 6.
        assertThat(ShmOwner.generationAt(5_000_003_072L)).isEqualTo(6);
        // Truncated to 32 bits.
        long seconds = (1L << 32) + 9;
        assertThat(ShmOwner.generationAt(seconds * 1_000_000_000L)).isEqualTo(9);
        // 3 s and 3 << 10 ns mix to zero: replaced, or every stale check would reclaim the region.
        assertThat(ShmOwner.generationAt(3_000_003_072L)).isEqualTo(1);
        assertThat(ShmOwner.generationAt(0)).isEqualTo(1);
    }

    @Test
    void aHeaderRecordNeedsBothParts() {
        assertThatThrownBy(() -> new ShmRegionHeader(null, LAYOUT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ShmRegionHeader(new ShmOwner(1, 1), null))
                .isInstanceOf(NullPointerException.class);
    }
}
