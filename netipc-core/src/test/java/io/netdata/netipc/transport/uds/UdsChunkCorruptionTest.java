package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.PACKET;
import static io.netdata.netipc.transport.uds.HandMadePeers.assertBrokeWith;
import static io.netdata.netipc.transport.uds.HandMadePeers.await;
import static io.netdata.netipc.transport.uds.HandMadePeers.awaitWithin;
import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static io.netdata.netipc.transport.uds.Packets.HEADER;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.nativeio.AbortSignal;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Corrupt chunk sequences (upstream {@code level1-wire-envelope.md}, chunk
 * continuation header and chunking rules) written by a raw peer at a Java
 * server session and at a Java client session, plus a chunked message that
 * stops half way (timeout, abort, peer close).
 *
 * <p>The message under attack has a {@value #SIZE}-byte payload over
 * {@value HandMadePeers#PACKET}-byte packets: a first packet with 224 payload
 * bytes, then continuations 1 to 4 (224, 224, 224 and 104 bytes); 5 chunks,
 * total length 1,032.
 */
class UdsChunkCorruptionTest {
    static final int SIZE = 1000;
    private static final int BUDGET = PACKET - HEADER;
    private static final int COUNT = 5;
    private static final long TOTAL = HEADER + SIZE;
    private static final TransportError VIOLATION = TransportError.PROTOCOL_VIOLATION;
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration MARGIN = Duration.ofSeconds(8);

    abstract static class Contract extends VictimHarness {
        private static final byte[] PAYLOAD = Packets.pattern(SIZE, 17);

        /** The correct packets of the message. */
        static byte[][] correct(HandMadePeers.Victim victim) {
            byte[][] packets = Packets.chunked(victim.inboundKind(), victim.acceptableId(), PAYLOAD, PACKET);
            assertThat(packets.length).isEqualTo(COUNT);
            return packets;
        }

        /** The correct first packet, then {@code replacement} where continuation 1 belongs. */
        static byte[][] firstAnd(HandMadePeers.Victim victim, byte[] replacement) {
            return new byte[][] {correct(victim)[0], replacement};
        }

        /** Continuation 1's chunk header with one field changed, and its data. */
        static byte[] continuation1(HandMadePeers.Victim victim, int offset, long value, boolean u16) {
            byte[] c1 = correct(victim)[1];
            return u16 ? Packets.withU16(c1, offset, (int) value) : Packets.withU32(c1, offset, value);
        }

        @Test
        void theCorrectHandMadeSequenceIsReassembledExactly() throws Exception {
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Victim victim = victim(listener)) {
                UdsTestSupport.sendPackets(victim.raw().fd(), correct(victim));
                assertThat(victim.session().receive(WAIT, null).payloadBytes()).isEqualTo(PAYLOAD);
                assertThat(victim.session().isBroken()).isFalse();
            }
        }

        @Test
        void aShortFirstPacketIsAcceptedWhenTheContinuationsFollowTheCountItImplies() throws Exception {
            // As in the reference, the expected chunk count follows from what the first packet carried:
            // 100 bytes, then ceil(900 / 224) = 5 continuations.
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Victim victim = victim(listener)) {
                byte[][] packets = new byte[6][];
                packets[0] = Packets.message(victim.inboundKind(), 0, SIZE, 1, victim.acceptableId(),
                        Packets.slice(PAYLOAD, 0, 100));
                int sent = 100;
                for (int index = 1; index <= 5; index++) {
                    int length = Math.min(BUDGET, SIZE - sent);
                    packets[index] = Packets.chunk(victim.acceptableId(), TOTAL, index, 6, length,
                            Packets.slice(PAYLOAD, sent, length));
                    sent += length;
                }
                UdsTestSupport.sendPackets(victim.raw().fd(), packets);
                assertThat(victim.session().receive(WAIT, null).payloadBytes()).isEqualTo(PAYLOAD);
            }
        }

        @Test
        void aContinuationWithTheMessageMagicIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, continuation1(v, 0, Wire.MAGIC_MSG, false)));
        }

        @Test
        void aContinuationInAnotherVersionIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, continuation1(v, 4, 2, true)));
        }

        @Test
        void aContinuationWithNonZeroFlagsIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, continuation1(v, 6, 1, true)));
        }

        @Test
        void aContinuationOfAnotherMessageIdIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, Packets.chunk(v.acceptableId() + 1, TOTAL, 1, COUNT, BUDGET,
                    new byte[BUDGET])));
        }

        @Test
        void aSkippedChunkIndexIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, correct(v)[2]));
        }

        @Test
        void aRepeatedChunkIndexIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> new byte[][] {correct(v)[0], correct(v)[1], correct(v)[1]});
        }

        @Test
        void aContinuationClaimingIndexZeroIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, continuation1(v, 20, 0, false)));
        }

        @Test
        void aWrongChunkCountIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, continuation1(v, 24, COUNT + 1, false)));
        }

        @Test
        void aWrongTotalLengthIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, continuation1(v, 16, TOTAL + 1, false)));
        }

        @Test
        void aChunkPayloadLenThatDisagreesWithThePacketIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, Packets.chunk(v.acceptableId(), TOTAL, 1, COUNT, BUDGET,
                    new byte[BUDGET - 24])));
        }

        @Test
        void aContinuationWithoutDataIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, Packets.chunk(v.acceptableId(), TOTAL, 1, COUNT, 0,
                    new byte[0])));
        }

        @Test
        void aContinuationShorterThanItsHeaderIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, Packets.slice(correct(v)[1], 0, 20)));
        }

        @Test
        void aContinuationLongerThanTheAgreedPacketSizeIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, Packets.chunk(v.acceptableId(), TOTAL, 1, COUNT, BUDGET + 16,
                    new byte[BUDGET + 16])));
        }

        @Test
        void aLastChunkOverrunningTheMessageIsAProtocolViolation() throws Exception {
            // Chunk 4 should carry the last 104 bytes; this one carries a full 224.
            expectBreak(VIOLATION, v -> {
                byte[][] packets = correct(v);
                packets[4] = Packets.chunk(v.acceptableId(), TOTAL, 4, COUNT, BUDGET, new byte[BUDGET]);
                return packets;
            });
        }

        @Test
        void aNewMessageWhereAContinuationShouldBeIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> firstAnd(v, Packets.message(v.inboundKind(), v.acceptableId(),
                    new byte[8])));
        }

        @Test
        void aContinuationWhereANewMessageShouldStartIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, v -> new byte[][] {correct(v)[1]});
        }

        @Test
        void moreChunksThanTheMessageCanNeedAreAProtocolViolation() throws Exception {
            // Valid continuations of one byte each: index and count right, but after the fourth the
            // message is still incomplete and a fifth continuation cannot be legal.
            expectBreak(VIOLATION, v -> {
                byte[][] packets = new byte[COUNT + 3][];
                packets[0] = correct(v)[0];
                for (int index = 1; index < packets.length; index++) {
                    packets[index] = Packets.chunk(v.acceptableId(), TOTAL, index, COUNT, 1, new byte[] {7});
                }
                return packets;
            });
        }

        @Test
        void silenceAfterTheFirstChunksTimesOutAtTheMessageDeadlineAndBreaksTheSession() throws Exception {
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Victim victim = victim(listener)) {
                UdsTestSupport.sendPackets(victim.raw().fd(), correct(victim)[0], correct(victim)[1]);
                Future<TransportException> receiving = inBackground(() -> failure(() -> victim.session().receive(
                        SHORT, null)));
                // A hang guard: only a receive that never returns runs past the deadline and the margin.
                TransportException e = awaitWithin(receiving, SHORT.plus(MARGIN));
                assertBrokeWith(victim, e, TransportError.TIMEOUT);
                HandMadePeers.assertEchoWorks(listener, HandMadePeers.wellBehavedClient());
            }
        }

        @Test
        void anAbortAfterTheFirstChunkBreaksTheSession() throws Exception {
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Victim victim = victim(listener); AbortSignal abort = AbortSignal.create()) {
                UdsTestSupport.sendPackets(victim.raw().fd(), correct(victim)[0]);
                Future<TransportException> receiving = inBackground(() -> failure(() -> victim.session().receive(
                        null, abort)));
                awaitConsumed(victim);
                abort.signal();
                assertBrokeWith(victim, await(receiving), TransportError.ABORTED);
            }
        }

        @Test
        void thePeerClosingAfterTheFirstChunkIsPeerClosed() throws Exception {
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Victim victim = victim(listener)) {
                UdsTestSupport.sendPackets(victim.raw().fd(), correct(victim)[0]);
                victim.raw().close();
                TransportException e = failure(() -> victim.session().receive(WAIT, null));
                assertThat(e.error()).isEqualTo(TransportError.PEER_CLOSED);
                assertThat(e.failedMessageIds()).containsExactlyInAnyOrder(victim.inFlight());
                assertThat(victim.session().isBroken()).isTrue();
                HandMadePeers.assertEchoWorks(listener, HandMadePeers.wellBehavedClient());
            }
        }
    }

    /** Waits until the victim's receive has taken every packet off its socket. */
    static void awaitConsumed(HandMadePeers.Victim victim) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!UdsTestSupport.nothingPending(victim.session().fd())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the receive never read the first chunk");
            }
            Thread.sleep(5);
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
