package io.netdata.netipc.transport.shm;

import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * The reading end of one direction (upstream {@code level1-posix-shm.md},
 * "Server receives a request" / "Client receives a response", "Spin and
 * wait"). {@link #receive} waits for the next publication, checks the length
 * the writer stored, and copies the message out of shared memory into a buffer
 * of its own, so nothing after that can be changed under the caller by the
 * other process.
 *
 * <p>Waiting: up to {@link ShmWaitPolicy#spinTries()} acquire loads of the
 * sequence with {@link Thread#onSpinWait()} in between; then, in a loop, read
 * the signal word, re-check the sequence, consult the {@link ShmAbortCheck}
 * and the deadline, and sleep on the signal word while it still holds the value
 * read (so a publication that lands between the check and the sleep changes the
 * word, and the sleep returns at once), at most one wait slice at a time.
 *
 * <p>What is checked, everything read from shared memory being untrusted: the
 * sequence must have moved by exactly one since the last message (anything else,
 * backwards or a jump, is a PROTOCOL_VIOLATION); the length is read once, must
 * be non-zero and at most the area's capacity (PROTOCOL_VIOLATION otherwise)
 * before a single byte is copied, and at most the caller's ceiling
 * (LIMIT_EXCEEDED otherwise, without copying). The copy buffer grows to the
 * longest message seen and is then reused: steady-state receiving allocates
 * nothing.
 *
 * <p>A TIMEOUT or a failure from the abort check leaves the consumer as it was
 * (the same message can still be received; {@link #failedCleanly()}). After
 * any other failure the session is expected to end; a publication that failed
 * its checks counts as consumed.
 *
 * <p>Thread-safety: not thread-safe; one reader per direction.
 */
public final class ShmConsumer {
    /** A deadline that never passes (the same value as {@link ReadinessWait#NO_DEADLINE}). */
    public static final long NO_DEADLINE = ReadinessWait.NO_DEADLINE;
    /** The copy buffer never starts smaller than this, so small messages do not grow it step by step. */
    static final int MIN_COPY_CAPACITY = 4096;
    private static final int GROWTH_FACTOR = 2;

    private final ByteBuffer region;
    private final ShmDirection direction;
    private final ShmFutex futex;
    private final ShmWaitPolicy policy;
    private final int areaOffset;
    private final int capacity;
    private long consumedSequence;
    private boolean failedCleanly;
    private ByteBuffer copy = ByteBuffer.allocate(0);
    private ByteBuffer copyView = copy.asReadOnlyBuffer();

    /**
     * @param region the whole region, direct and 8-byte aligned (kept mapped by the caller
     *     for as long as this object is used)
     * @param layout the region's validated layout
     * @param consumedSequence the sequence of the last message already consumed: 0 on a
     *     region this side created (before the peer could publish anything), the value of
     *     {@link #publishedSequence} read at attach time on a region this side attached to
     * @throws IllegalArgumentException when the buffer cannot carry the region
     */
    public ShmConsumer(ByteBuffer region, ShmRegionLayout layout, ShmDirection direction, ShmFutex futex,
            ShmWaitPolicy policy, long consumedSequence) {
        ShmWords.requireUsable(region, layout);
        this.region = region.duplicate().clear();
        this.direction = Objects.requireNonNull(direction, "direction");
        this.futex = Objects.requireNonNull(futex, "futex");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.areaOffset = direction.areaOffset(layout);
        this.capacity = direction.areaCapacity(layout);
        this.consumedSequence = consumedSequence;
    }

    /**
     * The sequence of {@code direction} as published now, read with acquire
     * ordering (what the reference's client records when it attaches).
     *
     * @throws IllegalArgumentException when the buffer cannot carry the region
     */
    public static long publishedSequence(ByteBuffer region, ShmRegionLayout layout, ShmDirection direction) {
        ShmWords.requireUsable(region, layout);
        return ShmWords.loadSequence(region, direction.sequenceOffset());
    }

    public ShmDirection direction() {
        return direction;
    }

    /** The area's capacity: no message can be longer. */
    public int capacity() {
        return capacity;
    }

    /** The sequence of the last message consumed (unsigned 64-bit, raw bits). */
    public long consumedSequence() {
        return consumedSequence;
    }

    /**
     * True when the last receive failed with TIMEOUT or with the abort check's
     * exception: nothing was consumed, and receiving again is safe.
     */
    public boolean failedCleanly() {
        return failedCleanly;
    }

    /**
     * Read-only view of the private copy, valid until the next receive: the last
     * message is at {@code [0, length)}.
     */
    public ByteBuffer buffer() {
        return copyView;
    }

    /**
     * Waits for the next message and copies it into {@link #buffer()}.
     *
     * @param maxLength the longest message the caller accepts, at most {@link #capacity()}
     * @param deadlineNanos a {@link System#nanoTime()} deadline, {@link #NO_DEADLINE}, or
     *     {@code ReadinessWait.NOW} for no wait at all
     * @param abort consulted before every sleep; when it throws, a message published
     *     meanwhile is still delivered
     * @return the message length, in {@code 1..maxLength}
     * @throws TransportException TIMEOUT, or what {@code abort} threw (nothing consumed);
     *     PROTOCOL_VIOLATION for an impossible sequence or length, LIMIT_EXCEEDED for a
     *     message longer than {@code maxLength} or one the heap cannot hold; IO from the futex
     */
    public int receive(int maxLength, long deadlineNanos, ShmAbortCheck abort) throws TransportException {
        if (maxLength <= 0 || maxLength > capacity) {
            throw new IllegalArgumentException("ceiling " + maxLength + " outside 1.." + capacity);
        }
        failedCleanly = false;
        long published = awaitPublication(deadlineNanos, abort);
        return take(published, maxLength);
    }

    private long awaitPublication(long deadlineNanos, ShmAbortCheck abort) throws TransportException {
        int sequenceOffset = direction.sequenceOffset();
        for (int i = 0; i < policy.spinTries(); i++) {
            long sequence = ShmWords.loadSequence(region, sequenceOffset);
            if (sequence != consumedSequence) {
                return sequence;
            }
            Thread.onSpinWait();
        }
        int signalOffset = direction.signalOffset();
        while (true) {
            // The signal word first: if the writer publishes after this read, it changes the word
            // before it wakes, so the sleep below cannot miss the publication.
            int signal = ShmWords.load(region, signalOffset);
            long sequence = ShmWords.loadSequence(region, sequenceOffset);
            if (sequence != consumedSequence) {
                return sequence;
            }
            // Only these two may end the wait without harm: nothing has been consumed.
            failedCleanly = true;
            try {
                abort.check();
            } catch (TransportException e) {
                // A peer that publishes its last message and then hangs up must not lose it: the
                // publication came first, so a look now finds it if the hang-up was seen.
                long last = ShmWords.loadSequence(region, sequenceOffset);
                if (last != consumedSequence) {
                    failedCleanly = false;
                    return last;
                }
                throw e;
            }
            long sleep = sleepBefore(deadlineNanos);
            failedCleanly = false;
            futex.await(region, signalOffset, signal, sleep);
        }
    }

    /** The next sleep: one slice, cut to what is left before the deadline. */
    private long sleepBefore(long deadlineNanos) throws TransportException {
        long slice = policy.waitSliceNanos();
        if (deadlineNanos == NO_DEADLINE) {
            return slice;
        }
        // NOW is the smallest long: subtracting from it would wrap to a huge remaining time.
        long remaining = deadlineNanos == ReadinessWait.NOW ? 0 : deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new TransportException(TransportError.TIMEOUT,
                    "no " + direction.name().toLowerCase(Locale.ROOT) + " published before the deadline");
        }
        return Math.min(slice, remaining);
    }

    private int take(long published, int maxLength) throws TransportException {
        long previous = consumedSequence;
        consumedSequence = published;
        if (published - previous != 1) {
            throw violation("sequence moved from " + Long.toUnsignedString(previous) + " to "
                    + Long.toUnsignedString(published) + "; only one message may be in flight");
        }
        // Read once: the writer may change it again at any time.
        long length = Integer.toUnsignedLong(ShmWords.load(region, direction.lengthOffset()));
        if (length == 0) {
            throw violation("zero-length message published");
        }
        if (length > capacity) {
            throw violation("message length " + length + " exceeds the area's " + capacity + " bytes");
        }
        if (length > maxLength) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    "message of " + length + " bytes exceeds the negotiated " + maxLength);
        }
        int size = (int) length;
        ensureCopyCapacity(size, maxLength);
        copy.put(0, region, areaOffset, size);
        return size;
    }

    private void ensureCopyCapacity(int size, int maxLength) throws TransportException {
        if (copy.capacity() >= size) {
            return;
        }
        long grown = Math.max((long) copy.capacity() * GROWTH_FACTOR, MIN_COPY_CAPACITY);
        int target = (int) Math.max(size, Math.min(grown, maxLength));
        try {
            copy = ByteBuffer.allocate(target);
        } catch (OutOfMemoryError e) {
            throw new TransportException(TransportError.LIMIT_EXCEEDED,
                    "no memory for a message of " + size + " bytes", e);
        }
        copyView = copy.asReadOnlyBuffer();
    }

    private static TransportException violation(String reason) {
        return new TransportException(TransportError.PROTOCOL_VIOLATION, reason);
    }
}
