package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.assertBrokeWith;
import static io.netdata.netipc.transport.uds.HandMadePeers.await;
import static io.netdata.netipc.transport.uds.HandMadePeers.awaitWithin;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.HandMadePeers.wellBehavedClient;
import static io.netdata.netipc.transport.uds.Packets.HEADER;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdata.netipc.nativeio.GatherSend;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.constants.platform.Errno;
import jnr.constants.platform.SocketMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile peer writing arbitrary bytes at a Java server session and at a
 * Java client session: seeded random packets, truncated headers, lying
 * lengths and endless chunk streams. Whatever arrives, only a
 * {@link TransportException} may escape a receive, every receive returns by
 * its deadline (plus a margin for a loaded machine), the receiving thread
 * never allocates more than the negotiated limit (plus slack), a well-behaved
 * session on the same listener keeps working, and no descriptor leaks.
 */
class UdsHostilePeerTest {
    /** Fixed seeds: every run writes the same packets. */
    private static final long[] SEEDS = {0x5EED_0001L, 0x5EED_0002L, 0x5EED_0003L};
    private static final int CONNECTIONS_PER_SEED = 100;
    private static final Duration MARGIN = Duration.ofSeconds(8);
    private static final Duration SHORT = Duration.ofMillis(300);
    /** The large limit of the lying-length attacks, and the allocation slack over it. */
    private static final int BIG = 8 << 20;
    private static final long SLACK = 1 << 20;
    private static final HandMadePeers.Limits BIG_LIMITS = new HandMadePeers.Limits(BIG, 4, 4096);
    /** Payload limits as wide as the wire's u32 allows, both ways. */
    private static final HandMadePeers.Limits WIDEST_LIMITS = new HandMadePeers.Limits(0xFFFF_FFFFL, 4, 4096);
    private static final int MSG_DONTWAIT = SocketMessage.MSG_DONTWAIT.intValue();

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void assumeAllocationCounting() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is unavailable");
    }

    /**
     * The outcome of one bounded receive: a message or the TransportException it threw, and the
     * bytes the receiving thread allocated during the call.
     */
    private record Outcome(ReceivedMessage message, TransportException failure, long allocated) {
    }

    /**
     * Receives once with {@code timeout} on a thread of its own, asserting that nothing but a
     * {@link TransportException} escapes. The call must return within its deadline plus
     * {@link #MARGIN}: a hang guard, so only a receive that never returns fails it.
     */
    private static Outcome boundedReceive(UdsSession session, Duration timeout, String context) throws Exception {
        return awaitWithin(inBackground(() -> countedReceive(session, timeout, context)), timeout.plus(MARGIN));
    }

    /** Receives once on this thread, counting what it allocates. */
    private static Outcome countedReceive(UdsSession session, Duration timeout, String context) {
        long before = allocatedBytes();
        try {
            ReceivedMessage message = session.receive(timeout, null);
            return new Outcome(message, null, allocatedBytes() - before);
        } catch (TransportException e) {
            return new Outcome(null, e, allocatedBytes() - before);
        } catch (RuntimeException | Error e) {
            throw new AssertionError(context + ": a receive threw " + e, e);
        }
    }

    abstract static class Contract extends VictimHarness {
        /**
         * Random packets for one connection, from one of several families: pure
         * noise, truncated headers, valid headers with random fields, consistent
         * single packets with random flags and items, chunked messages with
         * random damage in the continuations, and valid messages with one
         * random byte changed.
         */
        static byte[][] randomPackets(Random random, HandMadePeers.Victim victim) {
            int packet = HandMadePeers.PACKET;
            int kind = victim.inboundKind();
            long id = random.nextInt(4) == 0 ? random.nextLong() : victim.acceptableId();
            switch (random.nextInt(7)) {
                case 0 -> {
                    byte[] noise = new byte[random.nextInt(2 * packet + 1)];
                    random.nextBytes(noise);
                    return new byte[][] {noise};
                }
                case 1 -> {
                    byte[] valid = Packets.message(kind, id, new byte[8]);
                    return new byte[][] {Packets.slice(valid, 0, 1 + random.nextInt(HEADER - 1))};
                }
                case 2 -> {
                    long payloadLen = switch (random.nextInt(3)) {
                        case 0 -> random.nextInt(2 * HandMadePeers.LIMIT);
                        case 1 -> Integer.toUnsignedLong(random.nextInt());
                        default -> random.nextInt(packet - HEADER + 1);
                    };
                    byte[] body = new byte[random.nextInt(2 * packet)];
                    random.nextBytes(body);
                    return new byte[][] {Packets.message(kind, random.nextInt(1 << 16), payloadLen,
                            random.nextInt(2 * HandMadePeers.BATCH + 1), id, body)};
                }
                case 3 -> {
                    byte[] body = new byte[random.nextInt(packet - HEADER + 1)];
                    random.nextBytes(body);
                    int flags = random.nextBoolean() ? Wire.FLAG_BATCH : 0;
                    return new byte[][] {Packets.message(kind, flags, body.length,
                            random.nextInt(HandMadePeers.BATCH + 2), id, body)};
                }
                case 4 -> {
                    byte[] payload = new byte[packet + random.nextInt(HandMadePeers.LIMIT - packet + 1)];
                    random.nextBytes(payload);
                    byte[][] chunks = Packets.chunked(kind, id, payload, packet);
                    int sent = 1 + random.nextInt(chunks.length);
                    byte[][] packets = Arrays.copyOf(chunks, sent);
                    if (sent > 1 && random.nextBoolean()) {
                        int victimIndex = 1 + random.nextInt(sent - 1);
                        packets[victimIndex] = damage(random, packets[victimIndex]);
                    }
                    return packets;
                }
                case 5 -> {
                    byte[] valid = Packets.message(kind, id, new byte[random.nextInt(packet - HEADER + 1)]);
                    return new byte[][] {damage(random, valid)};
                }
                default -> {
                    byte[] payload = new byte[random.nextInt(3 * packet)];
                    random.nextBytes(payload);
                    byte[][] chunks = Packets.chunked(kind, id, payload, packet);
                    int which = random.nextInt(chunks.length);
                    chunks[which] = damage(random, chunks[which]);
                    return chunks;
                }
            }
        }

        /** A copy with one byte of the 32-byte header (or of the packet, when shorter) replaced at random. */
        private static byte[] damage(Random random, byte[] packet) {
            byte[] copy = packet.clone();
            if (copy.length > 0) {
                copy[random.nextInt(Math.min(HEADER, copy.length))] = (byte) random.nextInt(256);
            }
            return copy;
        }

        /** Warms every class and lazily opened file the attacks touch, so descriptor counts compare like with like. */
        private void warmUp() throws Exception {
            expectBreak(TransportError.PROTOCOL_VIOLATION, new byte[] {1, 2, 3});
        }

        @Test
        void seededRandomPacketsOnlyEverRaiseTransportExceptions() throws Exception {
            warmUp();
            Map<Integer, String> sockets = FdCount.openSockets();
            Map<TransportError, Integer> failures = new EnumMap<>(TransportError.class);
            int delivered = 0;
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener, wellBehavedClient())) {
                for (long seed : SEEDS) {
                    Random random = new Random(seed);
                    for (int connection = 0; connection < CONNECTIONS_PER_SEED; connection++) {
                        String context = "seed " + Long.toHexString(seed) + " connection " + connection;
                        try (HandMadePeers.Victim victim = victim(listener)) {
                            UdsTestSupport.sendPackets(victim.raw().fd(), randomPackets(random, victim));
                            // Mostly the peer hangs up after writing; sometimes it stays and the deadline ends
                            // the wait for packets that never come.
                            boolean stay = random.nextInt(10) == 0;
                            Duration timeout = stay ? Duration.ofMillis(20) : WAIT;
                            if (!stay) {
                                victim.raw().close();
                            }
                            for (int receive = 0; receive < 8; receive++) {
                                Outcome outcome = boundedReceive(victim.session(), timeout, context);
                                if (outcome.failure() == null) {
                                    delivered++;
                                    continue;
                                }
                                failures.merge(outcome.failure().error(), 1, Integer::sum);
                                if (victim.session().isBroken()
                                        || outcome.failure().error() == TransportError.TIMEOUT) {
                                    break;
                                }
                            }
                        }
                    }
                    bystander.assertEchoes(seed, 3 * HandMadePeers.PACKET);
                }
            }
            FdCount.assertNoNewSockets(sockets);
            // The families reach every outcome: delivery, each kind of rejection, a peer gone, a deadline.
            assertThat(delivered).isPositive();
            assertThat(failures).containsKeys(TransportError.PROTOCOL_VIOLATION, TransportError.LIMIT_EXCEEDED,
                    TransportError.PEER_CLOSED, TransportError.TIMEOUT);
        }

        @Test
        void aTruncatedHeaderOfEveryLengthIsAProtocolViolation() throws Exception {
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener, wellBehavedClient())) {
                for (int length = 1; length < HEADER; length++) {
                    try (HandMadePeers.Victim victim = victim(listener)) {
                        byte[] valid = inbound(victim, 0, 8, 1, new byte[8]);
                        UdsTestSupport.sendPacket(victim.raw().fd(), Packets.slice(valid, 0, length));
                        Outcome outcome = boundedReceive(victim.session(), WAIT, "length " + length);
                        assertThat(outcome.failure()).as("length %d", length).isNotNull();
                        assertThat(outcome.failure().error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
                    }
                }
                bystander.assertEchoes(1, 100);
            }
        }

        /** The first packet of a message that claims {@code payloadLen} bytes, filled to the packet size. */
        private static byte[] lyingFirstPacket(HandMadePeers.Victim victim, long payloadLen) {
            int packet = (int) victim.session().parameters().packetSize();
            return Packets.message(victim.inboundKind(), 0, payloadLen, 1, victim.acceptableId(),
                    new byte[packet - HEADER]);
        }

        /** Runs a lying-length attack on a victim with {@link #BIG_LIMITS}; see the general form. */
        private long lyingLengthAttack(UdsListener listener, long payloadLen, boolean hangUp,
                TransportError expected) throws Exception {
            return lyingLengthAttack(listener, BIG_LIMITS, payloadLen, hangUp, expected);
        }

        /**
         * Runs a lying-length attack on a fresh victim negotiated with {@code limits}, checks that
         * its receive broke it with {@code expected} and returns what the receiving thread allocated.
         */
        private long lyingLengthAttack(UdsListener listener, HandMadePeers.Limits limits, long payloadLen,
                boolean hangUp, TransportError expected) throws Exception {
            try (HandMadePeers.Victim victim = victim(listener, limits)) {
                UdsTestSupport.sendPacket(victim.raw().fd(), lyingFirstPacket(victim, payloadLen));
                if (hangUp) {
                    victim.raw().close();
                }
                Outcome outcome = boundedReceive(victim.session(), SHORT, "payload_len " + payloadLen);
                assertThat(outcome.failure()).as("payload_len %d delivered a message", payloadLen).isNotNull();
                if (hangUp) {
                    // The raw peer is gone, so only the session's side of the break can be checked.
                    assertThat(outcome.failure().error()).isEqualTo(expected);
                    assertThat(victim.session().isBroken()).isTrue();
                } else {
                    assertBrokeWith(victim, outcome.failure(), expected);
                }
                return outcome.allocated();
            }
        }

        @Test
        void aLyingLengthWithinTheLimitThenSilenceTimesOutAndAllocatesAtMostTheLimit() throws Exception {
            assumeAllocationCounting();
            warmUp();
            Map<Integer, String> sockets = FdCount.openSockets();
            try (UdsListener listener = HandMadePeers.victimListener(runDir, BIG_LIMITS);
                    HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener, wellBehavedClient())) {
                lyingLengthAttack(listener, BIG, false, TransportError.TIMEOUT);
                long allocated = lyingLengthAttack(listener, BIG, false, TransportError.TIMEOUT);
                assertThat(allocated).as("bytes allocated by the receiving thread").isLessThan(BIG + SLACK);
                bystander.assertEchoes(1, 3000);
            }
            FdCount.assertNoNewSockets(sockets);
        }

        @Test
        void aLyingLengthWithinTheLimitThenAHangUpIsPeerClosed() throws Exception {
            try (UdsListener listener = HandMadePeers.victimListener(runDir, BIG_LIMITS);
                    HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener, wellBehavedClient())) {
                lyingLengthAttack(listener, BIG, true, TransportError.PEER_CLOSED);
                bystander.assertEchoes(1, 3000);
            }
        }

        /**
         * Runs the lying-length attack twice on one listener beside a bystander, which must keep
         * echoing; the first run warms the path up, and the second's allocation is returned.
         */
        private long measuredLyingLengthAttack(HandMadePeers.Limits limits, long payloadLen, boolean hangUp,
                TransportError expected) throws Exception {
            assumeAllocationCounting();
            try (UdsListener listener = HandMadePeers.victimListener(runDir, limits);
                    HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener, wellBehavedClient())) {
                lyingLengthAttack(listener, limits, payloadLen, hangUp, expected);
                long allocated = lyingLengthAttack(listener, limits, payloadLen, hangUp, expected);
                bystander.assertEchoes(1, 3000);
                return allocated;
            }
        }

        @ParameterizedTest(name = "payload_len {0}")
        @ValueSource(longs = {8L * BIG, 0xFFFF_FFFFL})
        void aLyingLengthAboveTheLimitIsRefusedBeforeAnythingIsAllocatedForIt(long payloadLen) throws Exception {
            assertThat(measuredLyingLengthAttack(BIG_LIMITS, payloadLen, false, TransportError.LIMIT_EXCEEDED))
                    .as("bytes allocated by the receiving thread").isLessThan(SLACK);
        }

        /**
         * Past the negotiated limit, a receiver still has to refuse what one Java buffer cannot
         * hold: with limits as wide as the wire allows, a header claiming more than
         * {@link UdsMessageReceiver#MAX_JAVA_PAYLOAD} bytes (up to the largest u32) must be
         * LIMIT_EXCEEDED, never an index or size error from sizing a buffer, and must cost nothing.
         */
        @ParameterizedTest(name = "payload_len {0}")
        @ValueSource(longs = {UdsMessageReceiver.MAX_JAVA_PAYLOAD + 1, 0xFFFF_FFFFL})
        void aLengthNoJavaBufferCanHoldIsLimitExceededThoughTheNegotiatedLimitAllowsIt(long payloadLen)
                throws Exception {
            assertThat(measuredLyingLengthAttack(WIDEST_LIMITS, payloadLen, false, TransportError.LIMIT_EXCEEDED))
                    .as("bytes allocated by the receiving thread").isLessThan(SLACK);
        }

        /**
         * The largest payload one Java buffer can hold is a legal message under the widest limits:
         * its receive starts reassembling it, but into the eager buffer only, so a peer that then
         * hangs up has cost at most that buffer.
         */
        @Test
        void theLargestPayloadAJavaBufferHoldsCostsOnlyTheEagerBufferWhenThePeerHangsUp() throws Exception {
            assertThat(measuredLyingLengthAttack(WIDEST_LIMITS, UdsMessageReceiver.MAX_JAVA_PAYLOAD, true,
                    TransportError.PEER_CLOSED)).as("bytes allocated by the receiving thread")
                    .isLessThanOrEqualTo(UdsMessageReceiver.EAGER_REASSEMBLY + SLACK);
        }

        /**
         * Streams continuations of the message {@code firstPacket} starts, each
         * carrying {@code data} bytes with the right index and count, every
         * {@code pauseMillis}, until the victim stops taking them or the test
         * says stop; returns how many it wrote.
         */
        private static Future<Integer> streamContinuations(HandMadePeers.Victim victim, int data, long total,
                long count, long pauseMillis, AtomicBoolean stop) {
            int fd = victim.raw().fd();
            long id = victim.acceptableId();
            return inBackground(() -> {
                ByteBuffer packet = ByteBuffer.allocateDirect(HEADER + data);
                int written = 0;
                for (long index = 1; !stop.get(); index++) {
                    // The index is kept within what the message may legally reach; past it the bound must bite.
                    packet.put(0, Packets.chunk(id, total, Math.min(index, 0xFFFF_FFFFL), count, data,
                            new byte[data]));
                    while (!stop.get()) {
                        long sent = Native.libc().send(fd, Native.address(packet), HEADER + data,
                                GatherSend.MSG_NOSIGNAL | MSG_DONTWAIT);
                        if (sent >= 0) {
                            written++;
                            break;
                        }
                        int errno = Native.errno();
                        if (errno != Errno.EAGAIN.intValue() && errno != Errno.EWOULDBLOCK.intValue()) {
                            return written;
                        }
                        Thread.sleep(1);
                    }
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
                return written;
            });
        }

        /**
         * Starts a message of {@link HandMadePeers#LIMIT} bytes and streams valid
         * one-byte continuations at it without end; returns what the receiving
         * thread allocated while its receive ran.
         */
        private long endlessContinuations(UdsListener listener) throws Exception {
            try (HandMadePeers.Victim victim = victim(listener)) {
                int budget = HandMadePeers.PACKET - HEADER;
                long payloadLen = HandMadePeers.LIMIT;
                long count = 1 + (payloadLen - budget + budget - 1) / budget;
                UdsTestSupport.sendPacket(victim.raw().fd(), lyingFirstPacket(victim, payloadLen));
                AtomicBoolean stop = new AtomicBoolean();
                Future<Integer> writer = streamContinuations(victim, 1, HEADER + payloadLen, count, 0, stop);
                Outcome outcome;
                int written;
                try {
                    outcome = boundedReceive(victim.session(), WAIT, "endless continuations");
                } finally {
                    // Closing the Java side makes the writer's next send fail; the raw descriptor it
                    // writes to stays open until the writer is done.
                    stop.set(true);
                    victim.session().close();
                    written = await(writer);
                }
                assertThat(written).as("continuations written").isGreaterThanOrEqualTo((int) count - 1);
                assertThat(outcome.failure()).isNotNull();
                assertThat(outcome.failure().error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
                return outcome.allocated();
            }
        }

        @Test
        void anEndlessStreamOfValidTinyContinuationsIsCutOffByTheChunkCountBound() throws Exception {
            assumeAllocationCounting();
            warmUp();
            Map<Integer, String> sockets = FdCount.openSockets();
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener, wellBehavedClient())) {
                endlessContinuations(listener);
                assertThat(endlessContinuations(listener)).as("bytes allocated by the receiving thread")
                        .isLessThan(HandMadePeers.LIMIT + SLACK);
                bystander.assertEchoes(1, 3000);
            }
            FdCount.assertNoNewSockets(sockets);
        }

        @Test
        void aSlowDripOfValidContinuationsIsCutOffByTheMessageDeadline() throws Exception {
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener, wellBehavedClient());
                    HandMadePeers.Victim victim = victim(listener)) {
                int budget = HandMadePeers.PACKET - HEADER;
                long payloadLen = HandMadePeers.LIMIT;
                long count = 1 + (payloadLen - budget + budget - 1) / budget;
                UdsTestSupport.sendPacket(victim.raw().fd(), lyingFirstPacket(victim, payloadLen));
                AtomicBoolean stop = new AtomicBoolean();
                // Full continuations, one every 200 ms: the whole message would take seconds to arrive.
                Future<Integer> writer = streamContinuations(victim, budget, HEADER + payloadLen, count, 200, stop);
                try {
                    Outcome outcome = boundedReceive(victim.session(), SHORT, "slow drip");
                    assertThat(outcome.failure()).isNotNull();
                    assertThat(outcome.failure().error()).isEqualTo(TransportError.TIMEOUT);
                    assertThat(victim.session().isBroken()).isTrue();
                } finally {
                    stop.set(true);
                    victim.session().close();
                    await(writer);
                }
                bystander.assertEchoes(1, 3000);
            }
        }
    }

    @Nested
    class AtAServerSession extends Contract {
        @Override
        HandMadePeers.Victim victim(UdsListener listener, HandMadePeers.Limits limits) throws Exception {
            return HandMadePeers.serverVictim(listener, limits);
        }
    }

    @Nested
    class AtAClientSession extends Contract {
        @Override
        HandMadePeers.Victim victim(UdsListener listener, HandMadePeers.Limits limits) throws Exception {
            return HandMadePeers.clientVictim(listener, limits);
        }
    }
}
