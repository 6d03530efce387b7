package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reference's batch sizes: xorshift32 from 12345, {@code % 999 + 2}. */
class BatchSizesTest {
    /** The first twelve values of the reference's bench_rand() and the sizes it makes of them. */
    private static final long[] RAW = {3336926330L, 1697253807L, 2816511904L, 1955480042L, 718842323L, 3283620450L,
        4285686168L, 3680911160L, 2359762552L, 2188185676L, 754225086L, 492910303L};
    private static final int[] SIZES = {598, 761, 237, 481, 886, 359, 146, 757, 678, 54, 68, 708};

    @Test
    void theSequenceIsTheReferences() {
        BatchSizes raw = new BatchSizes();
        BatchSizes sizes = new BatchSizes();
        for (int i = 0; i < RAW.length; i++) {
            assertThat(Integer.toUnsignedLong(raw.nextRaw())).as("value %d", i).isEqualTo(RAW[i]);
            assertThat(sizes.next()).as("size %d", i).isEqualTo(SIZES[i]);
        }
    }

    @Test
    void sizesStayBetweenTwoAndAThousandAndRestartFromTheSeed() {
        BatchSizes sizes = new BatchSizes();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < 200_000; i++) {
            int size = sizes.next();
            min = Math.min(min, size);
            max = Math.max(max, size);
        }
        assertThat(min).isEqualTo(BenchConstants.MIN_BATCH_ITEMS);
        assertThat(max).isEqualTo(BenchConstants.MAX_BATCH_ITEMS);
        sizes.restart();
        assertThat(sizes.next()).isEqualTo(SIZES[0]);
    }
}
