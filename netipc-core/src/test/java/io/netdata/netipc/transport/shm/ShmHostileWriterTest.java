package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that writes whatever it likes into shared memory: lying lengths, zero
 * lengths, sequence jumps in both directions, garbage and inconsistent headers,
 * bytes changed after publication, and a futex word that changes without any
 * publication. The reader refuses each one with a TransportException (never
 * anything else, so never an out-of-bounds access), copies nothing it has not
 * checked, and returns by its deadline. The hostile writes are plain stores into
 * the region, as a process writing its own mapping would do them.
 */
class ShmHostileWriterTest {
    private static final long PAYLOAD = ShmTestRegions.PAYLOAD;
    private static final long ITEMS = 4;
    private static final long SHORT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int GARBAGE_ROUNDS = 2_000;
    private static final int REQ_SEQ = ShmRegionLayout.OFF_REQ_SEQ;
    private static final int REQ_LEN = ShmRegionLayout.OFF_REQ_LEN;

    private final ShmRegionLayout layout = ShmTestRegions.layout(PAYLOAD, PAYLOAD);
    private final ByteBuffer region = ShmTestRegions.created(layout);
    private final ByteBuffer words = region.duplicate().order(ByteOrder.nativeOrder());
    private final ByteBuffer requestArea = region.slice(layout.requestOffset(), layout.requestCapacity())
            .order(ByteOrder.nativeOrder());
    private final ParkingFutex futex = new ParkingFutex();
    private final ShmConsumer consumer = new ShmConsumer(region, layout, ShmDirection.REQUEST, futex,
            ShmWaitPolicy.DEFAULT, 0);
    private final ShmMessageReceiver receiver = new ShmMessageReceiver(consumer, PAYLOAD, ITEMS);
    private ExecutorService executor;

    @AfterEach
    void stopHelpers() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static long soon() {
        return System.nanoTime() + SHORT_NANOS;
    }

    /** The hostile publication: a length and a sequence of the writer's choosing, bytes already in the area. */
    private void forge(long length, long sequence) {
        words.putInt(REQ_LEN, (int) length);
        words.putLong(REQ_SEQ, sequence);
        words.putInt(ShmRegionLayout.OFF_REQ_SIGNAL, words.getInt(ShmRegionLayout.OFF_REQ_SIGNAL) + 1);
    }

    /** Writes a well-formed request header for {@code payloadLength} payload bytes into the area. */
    private void header(long payloadLength, long itemCount, int flags) {
        MessageHeader.encode(requestArea, 0, Wire.KIND_REQUEST, flags, Wire.METHOD_INCREMENT, 0, payloadLength,
                itemCount, 99);
    }

    private void assertRawFails(TransportError expected) {
        assertThatThrownBy(() -> consumer.receive(consumer.capacity(), soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.error()).isEqualTo(expected));
        assertThat(consumer.failedCleanly()).isFalse();
    }

    private void assertMessageFails(TransportError expected) {
        assertThatThrownBy(() -> receiver.receive(soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.error()).isEqualTo(expected));
        assertThat(receiver.failedCleanly()).isFalse();
    }

    @Test
    void lengthsBeyondTheAreaAreRefusedBeforeAnythingIsCopied() {
        long[] lies = {layout.requestCapacity() + 1L, 0x1_0000L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};
        long sequence = 0;
        for (long lie : lies) {
            forge(lie, ++sequence);
            assertRawFails(TransportError.PROTOCOL_VIOLATION);
            assertThat(consumer.buffer().capacity()).as("nothing copied for length %d", lie).isZero();
        }
    }

    @Test
    void aZeroLengthIsAProtocolViolation() {
        forge(0, 1);
        assertRawFails(TransportError.PROTOCOL_VIOLATION);
        assertThat(consumer.buffer().capacity()).isZero();
    }

    @Test
    void aLengthWithinTheAreaButAboveTheCeilingIsALimitAndIsNotCopied() {
        forge(100, 1);
        assertThatThrownBy(() -> consumer.receive(99, soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.LIMIT_EXCEEDED));
        assertThat(consumer.buffer().capacity()).isZero();
    }

    @Test
    void lengthsUpToTheAreaAreAcceptedByTheRawReader() throws TransportException {
        long[] honest = {1, layout.requestCapacity() - 1L, layout.requestCapacity()};
        long sequence = 0;
        for (long length : honest) {
            forge(length, ++sequence);
            assertThat(consumer.receive(consumer.capacity(), soon(), ShmAbortCheck.NONE)).isEqualTo((int) length);
        }
    }

    @Test
    void aSequenceJumpingForwardByMoreThanOneIsAProtocolViolation() {
        for (long jump : new long[] {2, 3, 1L << 40, Long.MIN_VALUE}) {
            ShmConsumer fresh = new ShmConsumer(region, layout, ShmDirection.REQUEST, futex, ShmWaitPolicy.DEFAULT, 0);
            forge(8, jump);
            assertThatThrownBy(() -> fresh.receive(fresh.capacity(), soon(), ShmAbortCheck.NONE))
                    .as("jump to %d", jump).isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
        }
    }

    @Test
    void aSequenceMovingBackwardsIsAProtocolViolation() throws TransportException {
        forge(8, 1);
        consumer.receive(consumer.capacity(), soon(), ShmAbortCheck.NONE);
        forge(8, 2);
        consumer.receive(consumer.capacity(), soon(), ShmAbortCheck.NONE);
        forge(8, 1);
        assertRawFails(TransportError.PROTOCOL_VIOLATION);
        ShmConsumer fresh = new ShmConsumer(region, layout, ShmDirection.REQUEST, futex, ShmWaitPolicy.DEFAULT, 5);
        forge(8, -1L);
        assertThatThrownBy(() -> fresh.receive(fresh.capacity(), soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
    }

    @Test
    void aWellFormedRequestPasses() throws TransportException {
        header(16, 1, 0);
        forge(Wire.HEADER_LEN + 16, 1);
        ReceivedMessage message = receiver.receive(soon(), ShmAbortCheck.NONE);
        assertThat(message.payloadLength()).isEqualTo(16);
        assertThat(message.messageId()).isEqualTo(99);
        assertThat(message.kind()).isEqualTo(Wire.KIND_REQUEST);
    }

    @Test
    void aMessageShorterThanAHeaderIsAProtocolViolation() {
        header(0, 1, 0);
        forge(Wire.HEADER_LEN - 1, 1);
        assertMessageFails(TransportError.PROTOCOL_VIOLATION);
    }

    @Test
    void aBadMagicVersionHeaderLengthOrKindIsAProtocolViolation() {
        Consumer<ByteBuffer>[] breakers = breakers();
        long sequence = 0;
        for (Consumer<ByteBuffer> breaker : breakers) {
            ShmConsumer fresh = new ShmConsumer(region, layout, ShmDirection.REQUEST, futex, ShmWaitPolicy.DEFAULT,
                    sequence);
            ShmMessageReceiver freshReceiver = new ShmMessageReceiver(fresh, PAYLOAD, ITEMS);
            header(8, 1, 0);
            breaker.accept(requestArea);
            forge(Wire.HEADER_LEN + 8, ++sequence);
            assertThatThrownBy(() -> freshReceiver.receive(soon(), ShmAbortCheck.NONE))
                    .isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
        }
    }

    @SuppressWarnings("unchecked")
    private static Consumer<ByteBuffer>[] breakers() {
        return new Consumer[] {
            (Consumer<ByteBuffer>) a -> a.putInt(0, 0x4e495044),
            (Consumer<ByteBuffer>) a -> a.putShort(4, (short) 2),
            (Consumer<ByteBuffer>) a -> a.putShort(6, (short) 64),
            (Consumer<ByteBuffer>) a -> a.putShort(8, (short) Wire.KIND_RESPONSE),
            (Consumer<ByteBuffer>) a -> a.putShort(8, (short) Wire.KIND_CONTROL),
            (Consumer<ByteBuffer>) a -> a.putShort(8, (short) 0),
        };
    }

    @Test
    void aLengthThatDisagreesWithPayloadLenIsAProtocolViolation() throws TransportException {
        header(16, 1, 0);
        forge(Wire.HEADER_LEN + 15, 1);
        assertMessageFails(TransportError.PROTOCOL_VIOLATION);
        ShmConsumer next = new ShmConsumer(region, layout, ShmDirection.REQUEST, futex, ShmWaitPolicy.DEFAULT, 1);
        ShmMessageReceiver nextReceiver = new ShmMessageReceiver(next, PAYLOAD, ITEMS);
        forge(Wire.HEADER_LEN + 17, 2);
        assertThatThrownBy(() -> nextReceiver.receive(soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
    }

    @Test
    void aPayloadAboveTheNegotiatedCeilingIsALimitEvenWhenTheAreaHoldsIt() {
        // The area (1088 bytes) holds 1056 bytes of payload; the agreed ceiling here is 100.
        ShmMessageReceiver strict = new ShmMessageReceiver(consumer, 100, ITEMS);
        header(101, 1, 0);
        forge(Wire.HEADER_LEN + 101, 1);
        assertThatThrownBy(() -> strict.receive(soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.LIMIT_EXCEEDED));
        assertThat(consumer.buffer().capacity()).as("refused before copying").isZero();
    }

    @Test
    void aHeaderClaimingMoreThanTheCeilingInsideAShortMessageIsALimit() {
        header(PAYLOAD + 1, 1, 0);
        forge(Wire.HEADER_LEN + 8, 1);
        assertMessageFails(TransportError.LIMIT_EXCEEDED);
    }

    @Test
    void tooManyItemsIsALimit() {
        header(8, ITEMS + 1, Wire.FLAG_BATCH);
        forge(Wire.HEADER_LEN + 8, 1);
        assertMessageFails(TransportError.LIMIT_EXCEEDED);
    }

    @Test
    void aBrokenBatchDirectoryIsAProtocolViolation() {
        ByteBuffer payload = ByteBuffer.allocate(256);
        int length = new BatchBuilder().reset(payload, 0, payload.capacity(), 2).add(new byte[] {1, 2, 3})
                .add(new byte[] {4}).finish();
        // Item 1's offset points beyond the packed area.
        payload.order(ByteOrder.nativeOrder()).putInt(Wire.BATCH_ENTRY_SIZE, 4096);
        header(length, 2, Wire.FLAG_BATCH);
        requestArea.put(Wire.HEADER_LEN, payload, 0, length);
        forge(Wire.HEADER_LEN + length, 1);
        assertMessageFails(TransportError.PROTOCOL_VIOLATION);
    }

    @Test
    void bytesChangedAfterPublicationDoNotReachTheReceivedMessage() throws TransportException {
        header(8, 1, 0);
        requestArea.putLong(Wire.HEADER_LEN, 0x1122_3344_5566_7788L);
        forge(Wire.HEADER_LEN + 8, 1);
        ReceivedMessage message = receiver.receive(soon(), ShmAbortCheck.NONE);
        // The writer scribbles over the area and the header words after the reader took the message.
        for (int i = 0; i < layout.requestCapacity(); i++) {
            requestArea.put(i, (byte) 0xEE);
        }
        forge(0xFFFF_FFFFL, 77);
        assertThat(message.payload(new io.netdata.netipc.protocol.BytesView()).toByteArray())
                .isEqualTo(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 0x1122_3344_5566_7788L)
                        .array());
        assertThat(message.messageId()).isEqualTo(99);
        assertThat(message.payloadLength()).isEqualTo(8);
    }

    @Test
    void randomGarbageInTheAreaNeverEscapesAsAnythingButATransportException() {
        SplittableRandom random = new SplittableRandom(0xBAD5EED);
        long sequence = 0;
        int delivered = 0;
        for (int round = 0; round < GARBAGE_ROUNDS; round++) {
            int length = 1 + random.nextInt(layout.requestCapacity());
            for (int i = 0; i < length; i++) {
                requestArea.put(i, (byte) random.nextInt());
            }
            if (random.nextBoolean()) {
                // Keep the identity fields valid now and then, and often the length too, so the
                // later checks are reached as well.
                long payloadLength = random.nextBoolean() ? Math.max(0, length - Wire.HEADER_LEN)
                        : random.nextInt(length + 8);
                header(payloadLength, random.nextInt(6), random.nextInt(2));
            }
            ShmConsumer fresh = new ShmConsumer(region, layout, ShmDirection.REQUEST, futex, ShmWaitPolicy.DEFAULT,
                    sequence);
            ShmMessageReceiver freshReceiver = new ShmMessageReceiver(fresh, PAYLOAD, ITEMS);
            forge(length, ++sequence);
            try {
                ReceivedMessage message = freshReceiver.receive(soon(), ShmAbortCheck.NONE);
                assertThat(Wire.HEADER_LEN + message.payloadLength()).isEqualTo(length);
                if (message.header().isBatch() && message.itemCount() > 1) {
                    message.batch(new BatchView());
                }
                delivered++;
            } catch (TransportException e) {
                assertThat(e.error()).isIn(TransportError.PROTOCOL_VIOLATION, TransportError.LIMIT_EXCEEDED);
            }
        }
        assertThat(delivered).as("some garbage happened to be a valid message").isPositive();
    }

    /** A hostile publication that arrives while the reader sleeps on the futex is refused all the same. */
    @Test
    void aLyingPublicationThatWakesASleepingReaderIsRefused() throws Exception {
        executor = daemonExecutor("late-liar");
        ShmConsumer sleeper = new ShmConsumer(region, layout, ShmDirection.REQUEST, futex,
                new ShmWaitPolicy(0, TimeUnit.MILLISECONDS.toNanos(100)), 0);
        Future<?> liar = executor.submit(() -> {
            // Publish only once the reader is asleep (or about to be): its first sleep is counted.
            while (futex.waits() == 0) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                Thread.onSpinWait();
            }
            words.putInt(REQ_LEN, 0xFFFF_FFF0);
            ShmWords.incrementSequence(region, REQ_SEQ);
            ShmWords.increment(region, ShmRegionLayout.OFF_REQ_SIGNAL);
            futex.wake(region, ShmRegionLayout.OFF_REQ_SIGNAL);
        });
        assertThatThrownBy(() -> sleeper.receive(sleeper.capacity(), System.nanoTime() + ShmPair.HANG_GUARD_NANOS,
                ShmAbortCheck.NONE)).isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
        liar.get(10, TimeUnit.SECONDS);
        assertThat(sleeper.buffer().capacity()).isZero();
    }

    private static ExecutorService daemonExecutor(String name) {
        return Executors.newSingleThreadExecutor(task -> {
            // A daemon, so a regression that leaves it running cannot hold the test JVM open.
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A writer that keeps changing the futex word and waking, without ever publishing: no hang. */
    @Test
    void aFutexWordChangingWithoutPublicationCannotKeepTheReaderPastItsDeadline() throws Exception {
        executor = daemonExecutor("signal-storm");
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> storm = executor.submit(() -> {
            while (!stop.get() && !Thread.currentThread().isInterrupted()) {
                ShmWords.increment(region, ShmRegionLayout.OFF_REQ_SIGNAL);
                futex.wake(region, ShmRegionLayout.OFF_REQ_SIGNAL);
            }
        });
        try {
            assertThatThrownBy(() -> receiver.receive(soon(), ShmAbortCheck.NONE))
                    .isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.TIMEOUT));
            assertThat(receiver.failedCleanly()).isTrue();
        } finally {
            stop.set(true);
            storm.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTimeoutAndAnAbortAreCleanFailures() throws TransportException {
        assertThatThrownBy(() -> receiver.receive(soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TIMEOUT));
        assertThat(receiver.failedCleanly()).isTrue();
        assertThatThrownBy(() -> receiver.receive(ShmConsumer.NO_DEADLINE, () -> {
            throw new TransportException(TransportError.PEER_CLOSED, "socket hung up");
        })).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED));
        assertThat(receiver.failedCleanly()).isTrue();
        // Whatever the abort check throws, an I/O failure of its own poll included.
        assertThatThrownBy(() -> receiver.receive(ShmConsumer.NO_DEADLINE, () -> {
            throw new TransportException(TransportError.IO, "poll failed");
        })).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.IO));
        assertThat(receiver.failedCleanly()).isTrue();
        header(0, 1, 0);
        forge(Wire.HEADER_LEN, 1);
        assertThat(receiver.receive(soon(), ShmAbortCheck.NONE).payloadLength()).isZero();
        assertThat(receiver.failedCleanly()).isFalse();
    }

    @Test
    void aFailingFutexIsNotACleanFailure() {
        ShmFutex broken = new ShmFutex() {
            @Override
            public void await(ByteBuffer r, int wordOffset, int expected, long timeoutNanos) throws TransportException {
                throw new TransportException(TransportError.IO, "futex: EFAULT");
            }

            @Override
            public void wake(ByteBuffer r, int wordOffset) {
            }
        };
        ShmMessageReceiver failing = new ShmMessageReceiver(new ShmConsumer(region, layout, ShmDirection.REQUEST,
                broken, new ShmWaitPolicy(0, 1), 0), PAYLOAD, ITEMS);
        assertThatThrownBy(() -> failing.receive(soon(), ShmAbortCheck.NONE))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.IO));
        assertThat(failing.failedCleanly()).isFalse();
    }

    @Test
    void ceilingsOutsideTheU32RangeAreCallerErrors() {
        assertThatThrownBy(() -> new ShmMessageReceiver(consumer, -1, ITEMS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShmMessageReceiver(consumer, PAYLOAD, 1L << 32))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
