package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The header constants and offsets against upstream {@code level1-posix-shm.md}
 * (the expected values are written down here from the specification's table, not
 * taken from the class), and the sizing rule against an independent model of the
 * reference server's 32-bit arithmetic.
 */
class ShmRegionLayoutTest {
    private static final long U32_MAX = 0xFFFF_FFFFL;
    /** Largest multiple of 64 a Java buffer can hold. */
    private static final int JAVA_MAX_REGION = 0x7FFF_FFC0;
    private static final int RANDOM_CASES = 20_000;

    @Test
    void constantsAreTheSpecificationsValues() {
        assertThat(ShmRegionLayout.MAGIC).isEqualTo(0x4e53484dL);
        // "NSHM" in the order of the letters' code points, high byte first.
        assertThat(new String(new byte[] {0x4e, 0x53, 0x48, 0x4d}, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("NSHM");
        assertThat(ShmRegionLayout.VERSION).isEqualTo(3);
        assertThat(ShmRegionLayout.HEADER_LEN).isEqualTo(64);
        assertThat(ShmRegionLayout.ALIGNMENT).isEqualTo(64);
        assertThat(ShmRegionLayout.DEFAULT_SPIN_TRIES).isEqualTo(128);
    }

    @Test
    void headerFieldOffsetsAreTheSpecificationsTable() {
        assertThat(ShmRegionLayout.OFF_MAGIC).isEqualTo(0);
        assertThat(ShmRegionLayout.OFF_VERSION).isEqualTo(4);
        assertThat(ShmRegionLayout.OFF_HEADER_LEN).isEqualTo(6);
        assertThat(ShmRegionLayout.OFF_OWNER_PID).isEqualTo(8);
        assertThat(ShmRegionLayout.OFF_OWNER_GENERATION).isEqualTo(12);
        assertThat(ShmRegionLayout.OFF_REQUEST_OFFSET).isEqualTo(16);
        assertThat(ShmRegionLayout.OFF_REQUEST_CAPACITY).isEqualTo(20);
        assertThat(ShmRegionLayout.OFF_RESPONSE_OFFSET).isEqualTo(24);
        assertThat(ShmRegionLayout.OFF_RESPONSE_CAPACITY).isEqualTo(28);
        assertThat(ShmRegionLayout.OFF_REQ_SEQ).isEqualTo(32);
        assertThat(ShmRegionLayout.OFF_RESP_SEQ).isEqualTo(40);
        assertThat(ShmRegionLayout.OFF_REQ_LEN).isEqualTo(48);
        assertThat(ShmRegionLayout.OFF_RESP_LEN).isEqualTo(52);
        assertThat(ShmRegionLayout.OFF_REQ_SIGNAL).isEqualTo(56);
        assertThat(ShmRegionLayout.OFF_RESP_SIGNAL).isEqualTo(60);
    }

    @Test
    void atomicWordsAreNaturallyAlignedAndTheFieldsTileTheHeader() {
        int[][] fields = {
            {ShmRegionLayout.OFF_MAGIC, 4}, {ShmRegionLayout.OFF_VERSION, 2}, {ShmRegionLayout.OFF_HEADER_LEN, 2},
            {ShmRegionLayout.OFF_OWNER_PID, 4}, {ShmRegionLayout.OFF_OWNER_GENERATION, 4},
            {ShmRegionLayout.OFF_REQUEST_OFFSET, 4}, {ShmRegionLayout.OFF_REQUEST_CAPACITY, 4},
            {ShmRegionLayout.OFF_RESPONSE_OFFSET, 4}, {ShmRegionLayout.OFF_RESPONSE_CAPACITY, 4},
            {ShmRegionLayout.OFF_REQ_SEQ, 8}, {ShmRegionLayout.OFF_RESP_SEQ, 8},
            {ShmRegionLayout.OFF_REQ_LEN, 4}, {ShmRegionLayout.OFF_RESP_LEN, 4},
            {ShmRegionLayout.OFF_REQ_SIGNAL, 4}, {ShmRegionLayout.OFF_RESP_SIGNAL, 4},
        };
        int next = 0;
        for (int[] field : fields) {
            assertThat(field[0]).as("field at %d follows the previous one", field[0]).isEqualTo(next);
            assertThat(field[0] % field[1]).as("field at %d is aligned to its size", field[0]).isZero();
            next += field[1];
        }
        assertThat(next).isEqualTo(ShmRegionLayout.HEADER_LEN);
    }

    @Test
    void eachAreaHoldsTheOuterHeaderPlusTheLargestPayloadRoundedUpTo64() throws ShmRegionException {
        ShmRegionLayout layout = ShmRegionLayout.forPayloadLimits(1024, 65536);
        // 32 + 1024 = 1056 -> 1088; 32 + 65536 = 65568 -> 65600.
        assertThat(layout).isEqualTo(new ShmRegionLayout(64, 1088, 64 + 1088, 65600));
        assertThat(layout.regionSize()).isEqualTo(64 + 1088 + 65600);
    }

    @Test
    void payloadsThatFillA64ByteMultipleExactlyAreNotRoundedFurther() throws ShmRegionException {
        ShmRegionLayout layout = ShmRegionLayout.forPayloadLimits(32, 96);
        assertThat(layout.requestCapacity()).isEqualTo(64);
        assertThat(layout.responseCapacity()).isEqualTo(128);
    }

    @Test
    void zeroPayloadCeilingsStillLeaveRoomForAHeader() throws ShmRegionException {
        ShmRegionLayout layout = ShmRegionLayout.forPayloadLimits(0, 0);
        assertThat(layout).isEqualTo(new ShmRegionLayout(64, 64, 128, 64));
        assertThat(layout.regionSize()).isEqualTo(192);
    }

    @Test
    void areaCapacitiesAreRoundedUpAndPlacedBackToBack() throws ShmRegionException {
        assertThat(ShmRegionLayout.forAreaCapacities(1, 1)).isEqualTo(new ShmRegionLayout(64, 64, 128, 64));
        assertThat(ShmRegionLayout.forAreaCapacities(65, 129)).isEqualTo(new ShmRegionLayout(64, 128, 192, 192));
    }

    @Test
    void theLargestRegionAJavaBufferHoldsIsAcceptedAndOneMoreByteIsNot() throws ShmRegionException {
        int largestRequest = JAVA_MAX_REGION - 64 - 64;
        ShmRegionLayout largest = ShmRegionLayout.forAreaCapacities(largestRequest, 64);
        assertThat(largest.regionSize()).isEqualTo(JAVA_MAX_REGION).isEqualTo(ShmRegionLayout.MAX_REGION_SIZE);
        assertThatThrownBy(() -> ShmRegionLayout.forAreaCapacities(largestRequest + 1, 64))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.REGION_TOO_LARGE));
        assertThatThrownBy(() -> ShmRegionLayout.forAreaCapacities(64, largestRequest + 1))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.REGION_TOO_LARGE));
    }

    @Test
    void sizesBeyond32BitsAreRefusedNotWrapped() {
        long[][] cases = {
            {U32_MAX, 64}, {64, U32_MAX}, {U32_MAX, U32_MAX}, {U32_MAX - 63, 64}, {0x8000_0000L, 0x8000_0000L},
        };
        for (long[] c : cases) {
            assertThatThrownBy(() -> ShmRegionLayout.forAreaCapacities(c[0], c[1]))
                    .isInstanceOfSatisfying(ShmRegionException.class,
                            e -> assertThat(e.error()).isEqualTo(ShmRegionError.REGION_TOO_LARGE));
        }
    }

    @Test
    void aPayloadCeilingWhoseMessageOverflows32BitsIsRefused() {
        // 32 + (2^32 - 32) = 2^32: the message length itself no longer fits a u32.
        assertThatThrownBy(() -> ShmRegionLayout.forPayloadLimits(U32_MAX - 31, 0))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.REGION_TOO_LARGE));
        assertThatThrownBy(() -> ShmRegionLayout.forPayloadLimits(0, U32_MAX))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.REGION_TOO_LARGE));
        // Representable as a u32, but the region would not fit a Java buffer.
        assertThatThrownBy(() -> ShmRegionLayout.forPayloadLimits(U32_MAX - 32, 0))
                .isInstanceOfSatisfying(ShmRegionException.class,
                        e -> assertThat(e.error()).isEqualTo(ShmRegionError.REGION_TOO_LARGE));
    }

    @Test
    void valuesOutsideTheU32RangeOrEmptyAreasAreCallerErrors() {
        assertThatThrownBy(() -> ShmRegionLayout.forPayloadLimits(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShmRegionLayout.forPayloadLimits(0, U32_MAX + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShmRegionLayout.forAreaCapacities(0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShmRegionLayout.forAreaCapacities(64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShmRegionLayout.forAreaCapacities(-5, 64))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLayoutCannotBeBuiltInAnyStateAClientWouldRefuse() {
        int[][] invalid = {
            {0, 64, 128, 64},      // request area over the header
            {64, 64, 0, 64},       // response area over the header
            {64, 0, 128, 64},      // empty request area
            {64, 64, 128, 0},      // empty response area
            {96, 64, 192, 64},     // misaligned request offset
            {64, 96, 192, 64},     // misaligned request capacity
            {64, 64, 160, 64},     // misaligned response offset
            {64, 64, 128, 100},    // misaligned response capacity
            {64, 128, 128, 64},    // response starts inside the request area
            {64, 64, 128, Integer.MAX_VALUE & -64}, // region beyond a Java buffer
            {-64, 64, 128, 64},
        };
        for (int[] c : invalid) {
            assertThatThrownBy(() -> new ShmRegionLayout(c[0], c[1], c[2], c[3]))
                    .as("layout %d+%d, %d+%d", c[0], c[1], c[2], c[3])
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // A gap between the areas, or the response area after a larger gap, is allowed (as the reference allows).
        assertThat(new ShmRegionLayout(128, 64, 256, 64).regionSize()).isEqualTo(320);
    }

    @Test
    void alignRoundsUpToTheNextMultipleOf64() {
        assertThat(ShmRegionLayout.align(0)).isZero();
        assertThat(ShmRegionLayout.align(1)).isEqualTo(64);
        assertThat(ShmRegionLayout.align(64)).isEqualTo(64);
        assertThat(ShmRegionLayout.align(65)).isEqualTo(128);
        assertThat(ShmRegionLayout.align(U32_MAX)).isEqualTo(1L << 32);
    }

    /**
     * Wherever the reference server's computation neither overflows nor wraps, and
     * the region fits a Java buffer, the Java layout is the same.
     */
    @Test
    void agreesWithTheReferenceServersArithmeticWhereverThatIsDefined() throws ShmRegionException {
        SplittableRandom random = new SplittableRandom(0x5348_4d00L);
        for (int i = 0; i < RANDOM_CASES; i++) {
            long request = random.nextLong(1, 1L << (1 + random.nextInt(31)));
            long response = random.nextLong(1, 1L << (1 + random.nextInt(31)));
            long[] reference = referenceServer(request, response);
            if (reference == null || reference[4] > JAVA_MAX_REGION) {
                continue;
            }
            ShmRegionLayout layout = ShmRegionLayout.forAreaCapacities(request, response);
            assertThat(new long[] {layout.requestOffset(), layout.requestCapacity(), layout.responseOffset(),
                layout.responseCapacity(), layout.regionSize()})
                    .as("capacities %d, %d", request, response).containsExactly(reference);
        }
    }

    /**
     * The reference server's sizing, modelled independently in 32-bit unsigned
     * arithmetic: round both capacities up to 64 (which wraps near 2^32), place the
     * request area after the header, refuse when an end would pass 2^32 - 1.
     *
     * @return offset and capacity of each area and the region size, or null when it refuses
     */
    private static long[] referenceServer(long requestCapacity, long responseCapacity) {
        long request = ((requestCapacity + 63) & ~63L) & U32_MAX;
        long response = ((responseCapacity + 63) & ~63L) & U32_MAX;
        long requestOffset = 64;
        if (request > U32_MAX - requestOffset) {
            return null;
        }
        long responseOffset = ((requestOffset + request + 63) & ~63L) & U32_MAX;
        if (response > U32_MAX - responseOffset) {
            return null;
        }
        if (request == 0 || response == 0) {
            return null; // wrapped to zero: a region every client refuses
        }
        return new long[] {requestOffset, request, responseOffset, response, responseOffset + response};
    }
}
