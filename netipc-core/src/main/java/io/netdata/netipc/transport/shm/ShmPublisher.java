package io.netdata.netipc.transport.shm;

import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The writing end of one direction (upstream {@code level1-posix-shm.md},
 * "Client sends a request" / "Server sends a response"). The caller puts the
 * message bytes into the area ({@link #area()}, from index 0, at most
 * {@link #capacity()} bytes), then {@link #publish(int)} makes them visible in
 * the specification's order:
 *
 * <ol>
 *   <li>(the caller's plain writes of the message bytes)</li>
 *   <li>store the length, release;</li>
 *   <li>add one to the sequence, release: the publication point. A reader that
 *       sees the new sequence with an acquire load sees the length and every
 *       byte written before it;</li>
 *   <li>add one to the signal word, release, and wake the futex, always, whether
 *       the reader spins or sleeps.</li>
 * </ol>
 *
 * <p>One message in flight per direction: the caller must not publish again
 * before the peer has consumed the previous message (for a request: before its
 * response arrived), or the peer may read a half-overwritten area or see the
 * sequence jump by two, which it treats as a protocol violation.
 *
 * <p>Thread-safety: not thread-safe; one writer per direction.
 */
public final class ShmPublisher {
    private final ByteBuffer region;
    private final ShmDirection direction;
    private final ShmFutex futex;
    private final ByteBuffer area;
    private final int capacity;

    /**
     * @param region the whole region, direct and 8-byte aligned (kept mapped by the caller
     *     for as long as this object is used)
     * @param layout the region's validated layout
     * @throws IllegalArgumentException when the buffer cannot carry the region
     */
    public ShmPublisher(ByteBuffer region, ShmRegionLayout layout, ShmDirection direction, ShmFutex futex) {
        ShmWords.requireUsable(region, layout);
        // A private view: the caller's position and limit never matter.
        this.region = region.duplicate().clear();
        this.direction = Objects.requireNonNull(direction, "direction");
        this.futex = Objects.requireNonNull(futex, "futex");
        this.capacity = direction.areaCapacity(layout);
        // Bounded to the area: nothing written through it can reach the header or the other area.
        this.area = this.region.slice(direction.areaOffset(layout), capacity);
    }

    public ShmDirection direction() {
        return direction;
    }

    /**
     * The area itself, index 0 to {@link #capacity()}: the message goes at its
     * start. Its position and limit are the caller's to use.
     */
    public ByteBuffer area() {
        return area;
    }

    /** The longest message the area holds. */
    public int capacity() {
        return capacity;
    }

    /**
     * Publishes the {@code length} bytes the caller wrote at the start of the area.
     *
     * @throws IllegalArgumentException when {@code length} is zero (a reader treats a zero
     *     length as corruption) or larger than {@link #capacity()}
     * @throws TransportException IO when the futex wake fails; the message is published even then
     */
    public void publish(int length) throws TransportException {
        if (length <= 0 || length > capacity) {
            throw new IllegalArgumentException("message length " + length + " outside 1.." + capacity);
        }
        ShmWords.store(region, direction.lengthOffset(), length);
        ShmWords.incrementSequence(region, direction.sequenceOffset());
        ShmWords.increment(region, direction.signalOffset());
        futex.wake(region, direction.signalOffset());
    }
}
