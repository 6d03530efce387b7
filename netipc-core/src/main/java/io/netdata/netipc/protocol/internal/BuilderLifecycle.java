package io.netdata.netipc.protocol.internal;

/**
 * The reset / add / finish states every builder goes through. Finishing moves
 * bytes in place, so adding after it, or finishing twice, would corrupt the
 * message: {@link #finish} remembers the length and returns it again, and
 * adding is refused until the next reset.
 *
 * <p>Not part of the public API. Thread-safety: not thread-safe; owned by one builder.
 */
public final class BuilderLifecycle {
    private static final int NOT_FINISHED = -1;

    private final String builder;
    private boolean reset;
    private int finishedLength = NOT_FINISHED;

    public BuilderLifecycle(String builder) {
        this.builder = builder;
    }

    /** Marks the start of a new message. */
    public void reset() {
        reset = true;
        finishedLength = NOT_FINISHED;
    }

    /**
     * Checks that items may be added.
     *
     * @throws IllegalStateException before the first reset or after finish
     */
    public void checkAdding() {
        checkReset();
        if (finishedLength != NOT_FINISHED) {
            throw new IllegalStateException(builder + " is finished; reset it to build another message");
        }
    }

    /**
     * Checks that the builder was reset.
     *
     * @throws IllegalStateException before the first reset
     */
    public void checkReset() {
        if (!reset) {
            throw new IllegalStateException(builder + " must be reset before use");
        }
    }

    /** True once {@link #finished(int)} recorded a length for the current message. */
    public boolean isFinished() {
        return finishedLength != NOT_FINISHED;
    }

    /** The length {@link #finished(int)} recorded. */
    public int finishedLength() {
        return finishedLength;
    }

    /** Records the finished message's length and returns it. */
    public int finished(int length) {
        finishedLength = length;
        return length;
    }
}
