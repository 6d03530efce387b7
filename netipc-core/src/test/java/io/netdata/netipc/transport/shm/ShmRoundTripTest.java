package io.netdata.netipc.transport.shm;

import static io.netdata.netipc.transport.shm.ShmPair.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests and responses between two threads over one region, each thread with
 * its own publisher and consumer: a long counter chain (every answer depends on
 * the previous one, so a lost, repeated or torn message breaks the chain),
 * messages at the negotiated limits, batches, and the same with no spinning so
 * that every wait goes through the futex.
 */
class ShmRoundTripTest {
    private static final long REQUEST_PAYLOAD = 1024;
    private static final long RESPONSE_PAYLOAD = 4096;
    private static final long ITEMS = 16;
    private static final int CHAIN = 10_000;
    private static final int FUTEX_CHAIN = 2_000;

    /** Answers an INCREMENT request with its value plus one, echoing the message id. */
    private static void increment(ReceivedMessage request, ShmMessageSender out) throws TransportException {
        long value = IncrementCodec.decode(request.buffer(), request.payloadOffset(), request.payloadLength());
        ByteBuffer answer = ByteBuffer.allocate(IncrementCodec.SIZE);
        IncrementCodec.encode(value + 1, answer, 0);
        out.send(0, request.code(), OK, 1, request.messageId(), answer, 0, IncrementCodec.SIZE);
    }

    private static long chain(ShmPair pair, int rounds) throws TransportException {
        ByteBuffer request = ByteBuffer.allocateDirect(IncrementCodec.SIZE);
        long value = 0;
        for (int i = 0; i < rounds; i++) {
            IncrementCodec.encode(value, request, 0);
            pair.requests.send(0, Wire.METHOD_INCREMENT, OK, 1, i, request, 0, IncrementCodec.SIZE);
            ReceivedMessage response = pair.receive();
            assertThat(response.messageId()).isEqualTo(i);
            assertThat(response.kind()).isEqualTo(Wire.KIND_RESPONSE);
            long next = IncrementCodec.decode(response.buffer(), response.payloadOffset(), response.payloadLength());
            assertThat(next).isEqualTo(value + 1);
            value = next;
        }
        return value;
    }

    @Test
    void aLongCounterChainArrivesIntact() throws Exception {
        try (ShmPair pair = new ShmPair(REQUEST_PAYLOAD, RESPONSE_PAYLOAD, ITEMS, ShmWaitPolicy.DEFAULT,
                ShmRoundTripTest::increment)) {
            assertThat(chain(pair, CHAIN)).isEqualTo(CHAIN);
            assertThat(pair.stop()).isEqualTo(CHAIN);
        }
    }

    @Test
    void withoutSpinningEveryWaitGoesThroughTheFutexAndStillArrivesIntact() throws Exception {
        ShmWaitPolicy futexOnly = new ShmWaitPolicy(0, TimeUnit.MILLISECONDS.toNanos(100));
        try (ShmPair pair = new ShmPair(REQUEST_PAYLOAD, RESPONSE_PAYLOAD, ITEMS, futexOnly,
                ShmRoundTripTest::increment)) {
            assertThat(chain(pair, FUTEX_CHAIN)).isEqualTo(FUTEX_CHAIN);
            assertThat(pair.futex.waits()).isPositive();
            assertThat(pair.futex.wakes()).isEqualTo(2L * FUTEX_CHAIN);
            pair.stop();
        }
    }

    @Test
    void messagesAtTheNegotiatedLimitsCrossInBothDirections() throws Exception {
        // The server answers with the largest response, its bytes derived from the request's.
        ShmPair.Handler largest = (request, out) -> {
            ByteBuffer answer = ByteBuffer.allocate((int) RESPONSE_PAYLOAD);
            for (int i = 0; i < RESPONSE_PAYLOAD; i++) {
                answer.put(i, (byte) ~request.buffer().get(request.payloadOffset() + i % request.payloadLength()));
            }
            out.send(0, request.code(), OK, 1, request.messageId(), answer, 0, answer.capacity());
        };
        try (ShmPair pair = new ShmPair(REQUEST_PAYLOAD, RESPONSE_PAYLOAD, ITEMS, ShmWaitPolicy.DEFAULT, largest)) {
            byte[] payload = new byte[(int) REQUEST_PAYLOAD];
            new SplittableRandom(1).nextBytes(payload);
            pair.requests.send(0, Wire.METHOD_STRING_REVERSE, OK, 1, 5, ByteBuffer.wrap(payload), 0, payload.length);
            ReceivedMessage response = pair.receive();
            assertThat(response.payloadLength()).isEqualTo((int) RESPONSE_PAYLOAD);
            for (int i = 0; i < RESPONSE_PAYLOAD; i++) {
                assertThat(response.buffer().get(response.payloadOffset() + i))
                        .isEqualTo((byte) ~payload[i % payload.length]);
            }
            pair.stop();
        }
    }

    @Test
    void aMessageTheAreaCannotHoldIsRefusedBeforeAnythingIsPublished() throws Exception {
        try (ShmPair pair = new ShmPair(REQUEST_PAYLOAD, RESPONSE_PAYLOAD, ITEMS, ShmWaitPolicy.DEFAULT,
                ShmRoundTripTest::increment)) {
            // The area is 1088 bytes: 1056 payload bytes fit, 1057 do not.
            assertThat(pair.requests.maxPayload()).isEqualTo(pair.layout.requestCapacity() - Wire.HEADER_LEN);
            ByteBuffer tooLong = ByteBuffer.allocate(pair.requests.maxPayload() + 1);
            assertThatThrownBy(() -> pair.requests.send(0, Wire.METHOD_INCREMENT, OK, 1, 1, tooLong, 0,
                    tooLong.capacity())).isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.LIMIT_EXCEEDED));
            assertThat(pair.futex.wakes()).isZero();
            // Nothing was published: the next exchange is the first one.
            assertThat(chain(pair, 3)).isEqualTo(3);
            assertThat(pair.stop()).isEqualTo(3);
        }
    }

    @Test
    void aSenderRefusesAPayloadRangeOutsideItsBuffer() throws Exception {
        try (ShmPair pair = new ShmPair(REQUEST_PAYLOAD, RESPONSE_PAYLOAD, ITEMS, ShmWaitPolicy.DEFAULT,
                ShmRoundTripTest::increment)) {
            ByteBuffer payload = ByteBuffer.allocate(8);
            assertThatThrownBy(() -> pair.requests.send(0, Wire.METHOD_INCREMENT, OK, 1, 1, payload, 4, 8))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> pair.requests.send(0x1_0000, Wire.METHOD_INCREMENT, OK, 1, 1, payload, 0, 8))
                    .isInstanceOf(IllegalArgumentException.class);
            pair.stop();
        }
    }

    @Test
    void batchesCarrySeveralItemsInOnePublicationEachWay() throws Exception {
        // The server answers item i with item i's bytes reversed, in the same position.
        ShmPair.Handler reverseEach = (request, out) -> {
            BatchView items = request.batch(new BatchView());
            ByteBuffer answer = ByteBuffer.allocate((int) RESPONSE_PAYLOAD);
            BatchBuilder builder = new BatchBuilder().reset(answer, 0, answer.capacity(), items.itemCount());
            for (int i = 0; i < items.itemCount(); i++) {
                byte[] item = items.item(i).toByteArray();
                byte[] reversed = new byte[item.length];
                for (int k = 0; k < item.length; k++) {
                    reversed[k] = item[item.length - 1 - k];
                }
                builder.add(reversed);
            }
            int length = builder.finish();
            out.send(Wire.FLAG_BATCH, request.code(), OK, items.itemCount(), request.messageId(), answer, 0, length);
        };
        try (ShmPair pair = new ShmPair(REQUEST_PAYLOAD, RESPONSE_PAYLOAD, ITEMS, ShmWaitPolicy.DEFAULT,
                reverseEach)) {
            for (int round = 0; round < 50; round++) {
                int count = 2 + round % (int) (ITEMS - 1);
                ByteBuffer batch = ByteBuffer.allocateDirect((int) REQUEST_PAYLOAD);
                BatchBuilder builder = new BatchBuilder().reset(batch, 0, batch.capacity(), count);
                for (int i = 0; i < count; i++) {
                    builder.add(("item-" + round + "-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                int length = builder.finish();
                pair.requests.send(Wire.FLAG_BATCH, Wire.METHOD_CGROUPS_LOOKUP, OK, count, round, batch, 0, length);
                ReceivedMessage response = pair.receive();
                assertThat(response.itemCount()).isEqualTo(count);
                BatchView items = response.batch(new BatchView());
                for (int i = 0; i < count; i++) {
                    String expected = new StringBuilder("item-" + round + "-" + i).reverse().toString();
                    assertThat(items.item(i, new BytesView()).asString()).isEqualTo(expected);
                }
            }
            assertThat(pair.stop()).isEqualTo(50);
        }
    }
}
