package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.BATCH;
import static io.netdata.netipc.transport.uds.HandMadePeers.LIMIT;
import static io.netdata.netipc.transport.uds.HandMadePeers.PACKET;
import static io.netdata.netipc.transport.uds.Packets.HEADER;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Malformed messages after a correct handshake (upstream
 * {@code level1-transport.md}, "Protocol failure detection"), written by a raw
 * peer at a Java server session and at a Java client session. Each one must
 * fail the receive with its error, break that session for good (later calls
 * throw CLOSED, every in-flight id is reported, the peer sees the connection
 * end) and leave other sessions on the listener, and the listener, working.
 *
 * <p>Every session here runs with {@value HandMadePeers#LIMIT}-byte payload
 * limits, {@value HandMadePeers#BATCH} batch items and
 * {@value HandMadePeers#PACKET}-byte packets.
 */
class UdsMalformedInputTest {
    private static final TransportError VIOLATION = TransportError.PROTOCOL_VIOLATION;
    private static final TransportError LIMIT_EXCEEDED = TransportError.LIMIT_EXCEEDED;

    /** A batch payload of {@code itemCount} directory entries given as (offset, length) pairs, then {@code packed}. */
    static byte[] batchPayload(int[] entries, byte[] packed) {
        int directory = (entries.length * Integer.BYTES + 7) / 8 * 8;
        ByteBuffer payload = ByteBuffer.allocate(directory + packed.length).order(ByteOrder.nativeOrder());
        for (int i = 0; i < entries.length; i++) {
            payload.putInt(i * Integer.BYTES, entries[i]);
        }
        payload.put(directory, packed);
        return payload.array();
    }

    abstract static class Contract extends VictimHarness {
        private byte[] valid(HandMadePeers.Victim victim) {
            return inbound(victim, 0, 8, 1, new byte[8]);
        }

        @Test
        void aWellFormedMessageFromTheRawPeerIsDeliveredAndBreaksNothing() throws Exception {
            try (UdsListener listener = HandMadePeers.victimListener(runDir);
                    HandMadePeers.Victim victim = victim(listener)) {
                UdsTestSupport.sendPacket(victim.raw().fd(), inbound(victim, 0, 8, 1, Packets.pattern(8, 3)));
                ReceivedMessage message = victim.session().receive(WAIT, null);
                assertThat(message.messageId()).isEqualTo(victim.acceptableId());
                assertThat(message.payloadBytes()).isEqualTo(Packets.pattern(8, 3));
                assertThat(victim.session().isBroken()).isFalse();
            }
        }

        @Test
        void aPacketShorterThanAHeaderIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, victim -> new byte[][] {Packets.slice(valid(victim), 0, HEADER - 1)});
        }

        @Test
        void aOneBytePacketIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, new byte[] {0x4e});
        }

        @Test
        void aBadMagicIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, victim -> new byte[][] {Packets.withU32(valid(victim), 0, 0x4e495044L)});
        }

        @Test
        void aBadVersionIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, victim -> new byte[][] {Packets.withU16(valid(victim), Packets.OFF_VERSION, 2)});
        }

        @Test
        void aBadHeaderLenIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, victim -> new byte[][] {Packets.withU16(valid(victim), Packets.OFF_HEADER_LEN,
                    40)});
        }

        @Test
        void kindZeroIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, victim -> new byte[][] {Packets.withU16(valid(victim), Packets.OFF_KIND, 0)});
        }

        @Test
        void anUndefinedKindIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, victim -> new byte[][] {Packets.withU16(valid(victim), Packets.OFF_KIND, 4)});
        }

        @Test
        void theKindThisRoleSendsIsAProtocolViolationWhenReceived() throws Exception {
            expectBreak(VIOLATION, victim -> new byte[][] {Packets.withU16(valid(victim), Packets.OFF_KIND,
                    victim.outboundKind())});
        }

        @Test
        void aControlMessageAfterTheHandshakeIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, Packets.helloPacket(Packets.hello(1, 1, 1024, 1, 1024, 1, UdsTestSupport.TOKEN,
                    4096)));
        }

        @Test
        void aPayloadLenAboveTheNegotiatedLimitIsLimitExceeded() throws Exception {
            expectBreak(LIMIT_EXCEEDED, victim -> new byte[][] {inbound(victim, 0, LIMIT + 1, 1,
                    new byte[PACKET - HEADER])});
        }

        @Test
        void aPayloadLenNearFourGibibytesIsLimitExceeded() throws Exception {
            expectBreak(LIMIT_EXCEEDED, victim -> new byte[][] {inbound(victim, 0, 0xFFFF_FFFFL, 1, new byte[8])});
        }

        @Test
        void anItemCountAboveTheNegotiatedBatchLimitIsLimitExceeded() throws Exception {
            int[] entries = new int[2 * (BATCH + 1)];
            expectBreak(LIMIT_EXCEEDED, victim -> {
                byte[] payload = batchPayload(entries, new byte[0]);
                return new byte[][] {inbound(victim, Wire.FLAG_BATCH, payload.length, BATCH + 1, payload)};
            });
        }

        @Test
        void anItemCountAboveTheLimitIsLimitExceededEvenWithoutTheBatchFlag() throws Exception {
            expectBreak(LIMIT_EXCEEDED, victim -> new byte[][] {inbound(victim, 0, 8, BATCH + 1, new byte[8])});
        }

        @Test
        void aPacketLongerThanItsDeclaredPayloadIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, victim -> new byte[][] {inbound(victim, 0, 8, 1, new byte[16])});
        }

        @Test
        void aPacketLongerThanTheAgreedPacketSizeIsAProtocolViolationNotATruncation() throws Exception {
            // A consistent message of PACKET + 8 bytes in one packet: only its size is wrong.
            expectBreak(VIOLATION, victim -> new byte[][] {inbound(victim, 0, PACKET + 8 - HEADER, 1,
                    new byte[PACKET + 8 - HEADER])});
        }

        @Test
        void aBatchWhoseItemRunsPastThePackedAreaIsAProtocolViolation() throws Exception {
            byte[] payload = batchPayload(new int[] {0, 8, 8, 100}, new byte[16]);
            expectBreak(VIOLATION, victim -> new byte[][] {inbound(victim, Wire.FLAG_BATCH, payload.length, 2,
                    payload)});
        }

        @Test
        void aBatchWithAMisalignedItemOffsetIsAProtocolViolation() throws Exception {
            byte[] payload = batchPayload(new int[] {0, 4, 4, 4}, new byte[16]);
            expectBreak(VIOLATION, victim -> new byte[][] {inbound(victim, Wire.FLAG_BATCH, payload.length, 2,
                    payload)});
        }

        @Test
        void aBatchTooShortForItsDirectoryIsAProtocolViolation() throws Exception {
            byte[] payload = new byte[16];
            expectBreak(VIOLATION, victim -> new byte[][] {inbound(victim, Wire.FLAG_BATCH, payload.length, 3,
                    payload)});
        }

        @Test
        void aChunkedBatchWithABadDirectoryIsCaughtAfterReassembly() throws Exception {
            byte[] payload = batchPayload(new int[] {0, 8, 8, 2000}, new byte[600]);
            expectBreak(VIOLATION, victim -> {
                byte[][] packets = Packets.chunked(victim.inboundKind(), victim.acceptableId(), payload, PACKET);
                packets[0] = Packets.withU16(Packets.withU32(packets[0], 20, 2), 10, Wire.FLAG_BATCH);
                assertThat(packets.length).isGreaterThan(1);
                return packets;
            });
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

        @Test
        void aWellFormedResponseToAnIdNotInFlightIsAProtocolViolation() throws Exception {
            expectBreak(VIOLATION, Packets.message(Wire.KIND_RESPONSE, HandMadePeers.IN_FLIGHT_ID + 1, new byte[8]));
        }
    }
}
