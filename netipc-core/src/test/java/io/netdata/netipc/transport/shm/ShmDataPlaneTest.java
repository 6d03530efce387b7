package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The publisher and consumer of one direction, driven from one thread: the
 * publication order, the words it leaves behind, how the reader spins, sleeps,
 * checks its abort and its deadline, and which buffers it accepts.
 */
class ShmDataPlaneTest {
    private static final int SLEEPS_TO_OBSERVE = 3;
    private static final long SHORT_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    private static final ShmWaitPolicy NO_SPIN = new ShmWaitPolicy(0, TimeUnit.MILLISECONDS.toNanos(5));

    private final ShmRegionLayout layout = ShmTestRegions.layout(ShmTestRegions.PAYLOAD, ShmTestRegions.PAYLOAD);
    private final ByteBuffer region = ShmTestRegions.created(layout);
    private final ByteBuffer words = region.duplicate().order(ByteOrder.nativeOrder());
    private final ParkingFutex futex = new ParkingFutex();

    private ShmPublisher publisher(ShmDirection direction) {
        return new ShmPublisher(region, layout, direction, futex);
    }

    private ShmConsumer consumer(ShmDirection direction, ShmWaitPolicy policy) {
        return new ShmConsumer(region, layout, direction, futex, policy, 0);
    }

    private static long soon() {
        return System.nanoTime() + SHORT_NANOS;
    }

    private static void fill(ByteBuffer area, int length, int seed) {
        for (int i = 0; i < length; i++) {
            area.put(i, (byte) (seed + i));
        }
    }

    @Test
    void aPublishedMessageIsReceivedByteForByte() throws TransportException {
        ShmPublisher writer = publisher(ShmDirection.REQUEST);
        ShmConsumer reader = consumer(ShmDirection.REQUEST, ShmWaitPolicy.DEFAULT);
        fill(writer.area(), 100, 7);
        writer.publish(100);
        assertThat(reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE)).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(reader.buffer().get(i)).isEqualTo((byte) (7 + i));
        }
        assertThat(reader.consumedSequence()).isEqualTo(1);
    }

    @Test
    void publishingLeavesTheLengthTheSequenceAndTheSignalInTheDirectionsWords() throws TransportException {
        ShmPublisher requests = publisher(ShmDirection.REQUEST);
        ShmPublisher responses = publisher(ShmDirection.RESPONSE);
        requests.publish(40);
        requests.publish(41);
        responses.publish(64);
        assertThat(words.getLong(32)).as("req_seq").isEqualTo(2);
        assertThat(words.getLong(40)).as("resp_seq").isEqualTo(1);
        assertThat(words.getInt(48)).as("req_len").isEqualTo(41);
        assertThat(words.getInt(52)).as("resp_len").isEqualTo(64);
        assertThat(words.getInt(56)).as("req_signal").isEqualTo(2);
        assertThat(words.getInt(60)).as("resp_signal").isEqualTo(1);
        assertThat(futex.wakes()).isEqualTo(3);
    }

    @Test
    void theAreasAreWhereTheLayoutPutsThem() {
        ShmPublisher requests = publisher(ShmDirection.REQUEST);
        ShmPublisher responses = publisher(ShmDirection.RESPONSE);
        requests.area().put(0, (byte) 1);
        responses.area().put(0, (byte) 2);
        responses.area().put(responses.capacity() - 1, (byte) 3);
        assertThat(region.get(layout.requestOffset())).isEqualTo((byte) 1);
        assertThat(region.get(layout.responseOffset())).isEqualTo((byte) 2);
        assertThat(region.get(layout.regionSize() - 1)).isEqualTo((byte) 3);
        // The area view ends where the area ends: nothing written through it reaches further.
        assertThat(requests.area().capacity()).isEqualTo(layout.requestCapacity());
        assertThatThrownBy(() -> requests.area().put(requests.capacity(), (byte) 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Records, at each wake, what a reader would see: the words must already be published. */
    @Test
    void theWakeComesAfterTheLengthTheSequenceAndTheSignal() throws TransportException {
        List<long[]> seenAtWake = new ArrayList<>();
        ShmFutex recording = new ShmFutex() {
            @Override
            public void await(ByteBuffer r, int wordOffset, int expected, long timeoutNanos) {
                throw new AssertionError("no wait expected");
            }

            @Override
            public void wake(ByteBuffer r, int wordOffset) {
                seenAtWake.add(new long[] {wordOffset, ShmWords.loadSequence(r, ShmRegionLayout.OFF_RESP_SEQ),
                    ShmWords.load(r, ShmRegionLayout.OFF_RESP_LEN), ShmWords.load(r, ShmRegionLayout.OFF_RESP_SIGNAL)});
            }
        };
        ShmPublisher writer = new ShmPublisher(region, layout, ShmDirection.RESPONSE, recording);
        writer.publish(33);
        writer.publish(34);
        assertThat(seenAtWake).containsExactly(new long[] {ShmRegionLayout.OFF_RESP_SIGNAL, 1, 33, 1},
                new long[] {ShmRegionLayout.OFF_RESP_SIGNAL, 2, 34, 2});
    }

    @Test
    void aMessageFillingTheWholeAreaIsReceived() throws TransportException {
        ShmPublisher writer = publisher(ShmDirection.RESPONSE);
        ShmConsumer reader = consumer(ShmDirection.RESPONSE, ShmWaitPolicy.DEFAULT);
        fill(writer.area(), writer.capacity(), 3);
        writer.publish(writer.capacity());
        assertThat(reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE)).isEqualTo(layout.responseCapacity());
        assertThat(reader.buffer().get(reader.capacity() - 1)).isEqualTo((byte) (3 + reader.capacity() - 1));
    }

    @Test
    void publishingNothingOrMoreThanTheAreaIsACallerError() {
        ShmPublisher writer = publisher(ShmDirection.REQUEST);
        assertThatThrownBy(() -> writer.publish(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.publish(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.publish(writer.capacity() + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(words.getLong(32)).isZero();
        assertThat(futex.wakes()).isZero();
    }

    @Test
    void aCeilingOutsideTheAreaIsACallerError() {
        ShmConsumer reader = consumer(ShmDirection.REQUEST, ShmWaitPolicy.DEFAULT);
        assertThatThrownBy(() -> reader.receive(0, soon(), ShmAbortCheck.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.receive(reader.capacity() + 1, soon(), ShmAbortCheck.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nothingPublishedEndsAtTheDeadlineAndLeavesTheReaderUsable() throws TransportException {
        ShmConsumer reader = consumer(ShmDirection.REQUEST, NO_SPIN);
        assertThatThrownBy(() -> reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TIMEOUT));
        // Whether it slept before the deadline depends on scheduling; what matters is that nothing was consumed.
        assertThat(reader.consumedSequence()).isZero();
        publisher(ShmDirection.REQUEST).publish(8);
        assertThat(reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE)).isEqualTo(8);
    }

    @Test
    void aDeadlineAlreadyPassedStillDeliversAMessageThatIsThere() throws TransportException {
        ShmConsumer reader = consumer(ShmDirection.REQUEST, NO_SPIN);
        publisher(ShmDirection.REQUEST).publish(8);
        assertThat(reader.receive(reader.capacity(), System.nanoTime() - 1, ShmAbortCheck.NONE)).isEqualTo(8);
        assertThatThrownBy(() -> reader.receive(reader.capacity(), System.nanoTime() - 1, ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TIMEOUT));
    }

    @Test
    void aMessageFoundWhileSpinningNeedsNoSleep() throws TransportException {
        ShmConsumer reader = consumer(ShmDirection.RESPONSE, ShmWaitPolicy.DEFAULT);
        publisher(ShmDirection.RESPONSE).publish(8);
        reader.receive(reader.capacity(), ShmConsumer.NO_DEADLINE, () -> {
            throw new AssertionError("no abort check while a message is waiting");
        });
        assertThat(futex.waits()).isZero();
    }

    @Test
    void theAbortCheckEndsAWaitWithItsOwnExceptionAndConsumesNothing() throws TransportException {
        ShmConsumer reader = consumer(ShmDirection.REQUEST, NO_SPIN);
        TransportException aborted = new TransportException(TransportError.ABORTED, "test abort");
        AtomicInteger checks = new AtomicInteger();
        ShmAbortCheck abortOnThird = () -> {
            if (checks.incrementAndGet() == 3) {
                throw aborted;
            }
        };
        assertThatThrownBy(() -> reader.receive(reader.capacity(), ShmConsumer.NO_DEADLINE, abortOnThird))
                .isSameAs(aborted);
        assertThat(checks).hasValue(3);
        assertThat(futex.waits()).isEqualTo(2);
        assertThat(reader.consumedSequence()).isZero();
        publisher(ShmDirection.REQUEST).publish(9);
        assertThat(reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE)).isEqualTo(9);
    }

    @Test
    void everySleepIsOneSliceAtMost() {
        List<Long> sleeps = new ArrayList<>();
        long slice = TimeUnit.MILLISECONDS.toNanos(2);
        ShmConsumer reader = new ShmConsumer(region, layout, ShmDirection.REQUEST, recordingFutex(sleeps),
                new ShmWaitPolicy(0, slice), 0);
        // No deadline in reach: the abort check ends the wait after a fixed number of sleeps.
        long farDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        assertThatThrownBy(() -> reader.receive(reader.capacity(), farDeadline, () -> {
            if (sleeps.size() >= SLEEPS_TO_OBSERVE) {
                throw new TransportException(TransportError.ABORTED, "seen enough sleeps");
            }
        })).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.ABORTED));
        assertThat(sleeps).hasSize(SLEEPS_TO_OBSERVE)
                .allSatisfy(sleep -> assertThat(sleep).isPositive().isLessThanOrEqualTo(slice));
    }

    @Test
    void noSleepOutlastsTheDeadline() {
        List<Long> sleeps = new ArrayList<>();
        long deadlineIn = TimeUnit.MILLISECONDS.toNanos(20);
        long deadline = System.nanoTime() + deadlineIn;
        ShmConsumer reader = new ShmConsumer(region, layout, ShmDirection.REQUEST, recordingFutex(sleeps),
                new ShmWaitPolicy(0, TimeUnit.SECONDS.toNanos(1)), 0);
        assertThatThrownBy(() -> reader.receive(reader.capacity(), deadline, ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TIMEOUT));
        // However many sleeps scheduling allowed, each was cut to the time left, not the one-second slice.
        assertThat(sleeps).allSatisfy(sleep -> assertThat(sleep).isPositive().isLessThanOrEqualTo(deadlineIn));
    }

    /** The test's futex, recording every sleep's timeout. */
    private ShmFutex recordingFutex(List<Long> sleeps) {
        return new ShmFutex() {
            @Override
            public void await(ByteBuffer r, int wordOffset, int expected, long timeoutNanos) {
                sleeps.add(timeoutNanos);
                futex.await(r, wordOffset, expected, timeoutNanos);
            }

            @Override
            public void wake(ByteBuffer r, int wordOffset) {
                futex.wake(r, wordOffset);
            }
        };
    }

    @Test
    void theSleepExpectsTheSignalValueReadBeforeTheSequenceCheck() {
        words.putInt(ShmRegionLayout.OFF_REQ_SIGNAL, 77);
        List<Integer> expectedValues = new ArrayList<>();
        ShmFutex recording = new ShmFutex() {
            @Override
            public void await(ByteBuffer r, int wordOffset, int expected, long timeoutNanos) throws TransportException {
                assertThat(wordOffset).isEqualTo(ShmRegionLayout.OFF_REQ_SIGNAL);
                expectedValues.add(expected);
                throw new TransportException(TransportError.IO, "futex failed");
            }

            @Override
            public void wake(ByteBuffer r, int wordOffset) {
            }
        };
        ShmConsumer reader = new ShmConsumer(region, layout, ShmDirection.REQUEST, recording, NO_SPIN, 0);
        assertThatThrownBy(() -> reader.receive(reader.capacity(), ShmConsumer.NO_DEADLINE, ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.IO));
        assertThat(expectedValues).containsExactly(77);
    }

    @Test
    void theSequenceMayWrapAround64Bits() throws TransportException {
        words.putLong(ShmRegionLayout.OFF_REQ_SEQ, -1L);
        long attached = ShmConsumer.publishedSequence(region, layout, ShmDirection.REQUEST);
        assertThat(attached).isEqualTo(-1L);
        ShmConsumer reader = new ShmConsumer(region, layout, ShmDirection.REQUEST, futex, ShmWaitPolicy.DEFAULT,
                attached);
        publisher(ShmDirection.REQUEST).publish(8);
        assertThat(words.getLong(ShmRegionLayout.OFF_REQ_SEQ)).isZero();
        assertThat(reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE)).isEqualTo(8);
        assertThat(reader.consumedSequence()).isZero();
    }

    @Test
    void aReaderAttachingLateStartsFromThePublishedSequence() throws TransportException {
        ShmPublisher writer = publisher(ShmDirection.RESPONSE);
        writer.publish(10);
        writer.publish(11);
        ShmConsumer reader = new ShmConsumer(region, layout, ShmDirection.RESPONSE, futex, NO_SPIN,
                ShmConsumer.publishedSequence(region, layout, ShmDirection.RESPONSE));
        assertThatThrownBy(() -> reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TIMEOUT));
        writer.publish(12);
        assertThat(reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE)).isEqualTo(12);
    }

    @Test
    void theCopyBufferGrowsToTheLongestMessageAndIsThenReused() throws TransportException {
        ShmPublisher writer = publisher(ShmDirection.REQUEST);
        ShmConsumer reader = consumer(ShmDirection.REQUEST, ShmWaitPolicy.DEFAULT);
        assertThat(reader.buffer().capacity()).isZero();
        writer.publish(10);
        reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE);
        ByteBuffer first = reader.buffer();
        // Never larger than the ceiling the caller passed, even if the minimum is larger.
        assertThat(first.capacity()).isEqualTo(Math.min(ShmConsumer.MIN_COPY_CAPACITY, reader.capacity()));
        writer.publish(reader.capacity());
        reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE);
        assertThat(reader.buffer().capacity()).isEqualTo(reader.capacity());
        ByteBuffer grown = reader.buffer();
        writer.publish(10);
        reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE);
        assertThat(reader.buffer()).isSameAs(grown);
        assertThat(grown.isReadOnly()).isTrue();
    }

    @Test
    void theCopyBufferGrowsGeometricallyInLargeAreas() throws TransportException {
        ShmRegionLayout large = ShmTestRegions.layout(1 << 20, 64);
        ByteBuffer bigRegion = ShmTestRegions.created(large);
        ShmPublisher writer = new ShmPublisher(bigRegion, large, ShmDirection.REQUEST, futex);
        ShmConsumer reader = new ShmConsumer(bigRegion, large, ShmDirection.REQUEST, futex, ShmWaitPolicy.DEFAULT, 0);
        int[] lengths = {10, 5000, 9000, 100_000};
        int[] capacities = {4096, 8192, 16384, 100_000};
        for (int i = 0; i < lengths.length; i++) {
            writer.publish(lengths[i]);
            reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE);
            assertThat(reader.buffer().capacity()).as("after %d bytes", lengths[i]).isEqualTo(capacities[i]);
        }
    }

    @Test
    void eachRoleWritesOneDirectionAndReadsTheOther() {
        assertThat(ShmDirection.outbound(SessionRole.CLIENT)).isEqualTo(ShmDirection.REQUEST);
        assertThat(ShmDirection.inbound(SessionRole.CLIENT)).isEqualTo(ShmDirection.RESPONSE);
        assertThat(ShmDirection.outbound(SessionRole.SERVER)).isEqualTo(ShmDirection.RESPONSE);
        assertThat(ShmDirection.inbound(SessionRole.SERVER)).isEqualTo(ShmDirection.REQUEST);
    }

    @Test
    void theCallersPositionAndLimitDoNotMatter() throws TransportException {
        region.position(17).limit(40);
        ShmPublisher writer = publisher(ShmDirection.REQUEST);
        ShmConsumer reader = consumer(ShmDirection.REQUEST, ShmWaitPolicy.DEFAULT);
        writer.publish(200);
        assertThat(reader.receive(reader.capacity(), soon(), ShmAbortCheck.NONE)).isEqualTo(200);
    }

    @Test
    void onlyADirectAlignedBufferHoldingTheWholeRegionIsAccepted() {
        ByteBuffer heap = ByteBuffer.allocate(layout.regionSize());
        ByteBuffer misaligned = ShmTestRegions.allocate(layout.regionSize() + 8).slice(4, layout.regionSize());
        ByteBuffer tooSmall = ShmTestRegions.allocate(layout.regionSize() - 1);
        for (ByteBuffer bad : new ByteBuffer[] {heap, misaligned, tooSmall}) {
            assertThatThrownBy(() -> new ShmPublisher(bad, layout, ShmDirection.REQUEST, futex))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ShmConsumer(bad, layout, ShmDirection.REQUEST, futex,
                    ShmWaitPolicy.DEFAULT, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ShmConsumer.publishedSequence(bad, layout, ShmDirection.REQUEST))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void waitPoliciesAreValidated() {
        assertThat(ShmWaitPolicy.DEFAULT.spinTries()).isEqualTo(128);
        assertThat(ShmWaitPolicy.DEFAULT.waitSliceNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(new ShmWaitPolicy(0, 1).spinTries()).isZero();
        assertThatThrownBy(() -> new ShmWaitPolicy(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShmWaitPolicy(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessagePublishedJustBeforeTheHangUpIsStillDelivered() throws TransportException {
        ShmConsumer reader = consumer(ShmDirection.RESPONSE, NO_SPIN);
        ShmPublisher writer = publisher(ShmDirection.RESPONSE);

        int length = reader.receive(reader.capacity(), ShmConsumer.NO_DEADLINE, () -> {
            // The peer's last words, then its hang-up, both seen by this one check.
            writer.publish(8);
            throw new TransportException(TransportError.PEER_CLOSED, "peer hung up");
        });

        assertThat(length).isEqualTo(8);
        assertThat(reader.failedCleanly()).isFalse();
    }

    @Test
    void aDeadlineOfNowEndsAtOnceWhenNothingIsPublished() {
        ShmConsumer reader = consumer(ShmDirection.REQUEST, NO_SPIN);
        assertThatThrownBy(() -> reader.receive(reader.capacity(), ReadinessWait.NOW, ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TIMEOUT));
        assertThat(futex.waits()).isZero();
    }
}
