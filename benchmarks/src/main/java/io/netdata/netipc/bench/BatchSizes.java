package io.netdata.netipc.bench;

/**
 * The reference client's batch sizes: xorshift32 (shifts 13, 17, 5) from the
 * seed 12345, each value mapped to {@code value % 999 + 2} (unsigned), so 2 to
 * 1000 items. Every driver that uses it sends the same sequence of batches.
 *
 * <p>Thread-safety: confined to one thread.
 */
final class BatchSizes {
    /** The reference's {@code bench_rand_state} at start. */
    static final int SEED = 12345;
    private static final int SHIFT_LEFT_FIRST = 13;
    private static final int SHIFT_RIGHT = 17;
    private static final int SHIFT_LEFT_SECOND = 5;
    /** Sizes 2..1000: item_count 1 would take the server's single-item path, not a batch round trip. */
    private static final int SPAN = BenchConstants.MAX_BATCH_ITEMS - 1;

    private int state;

    BatchSizes() {
        restart();
    }

    /** Back to the seed: the sequence starts again from its first size. */
    void restart() {
        state = SEED;
    }

    /** The next raw 32-bit value, as the reference's {@code bench_rand()}. */
    int nextRaw() {
        int x = state;
        x ^= x << SHIFT_LEFT_FIRST;
        x ^= x >>> SHIFT_RIGHT;
        x ^= x << SHIFT_LEFT_SECOND;
        state = x;
        return x;
    }

    /** The next batch size, 2 to 1000. */
    int next() {
        return Integer.remainderUnsigned(nextRaw(), SPAN) + BenchConstants.MIN_BATCH_ITEMS;
    }
}
