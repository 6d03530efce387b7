package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.bytes;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Client-side exchanges the SHM session tests run against any server that answers INCREMENT. */
final class SessionExchanges {
    private SessionExchanges() {
    }

    /**
     * Sends {@code rounds} INCREMENT requests, each carrying the previous answer, so a lost,
     * repeated or torn message breaks the chain; returns the last value.
     */
    static long incrementChain(UdsSession client, int rounds) throws Exception {
        ByteBuffer request = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder());
        long value = 0;
        for (int i = 0; i < rounds; i++) {
            request.putLong(0, value);
            client.sendRequest(Wire.METHOD_INCREMENT, 0, 1, i, request, 0, Long.BYTES);
            ReceivedMessage response = client.receive(WAIT, null);
            assertThat(response.messageId()).isEqualTo(i);
            long next = response.buffer().order(ByteOrder.nativeOrder()).getLong(response.payloadOffset());
            assertThat(next).isEqualTo(value + 1);
            value = next;
        }
        return value;
    }

    /** A buffer for {@link #answerIncrement}'s answers, allocated once per server loop. */
    static ByteBuffer incrementAnswerBuffer() {
        return ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder());
    }

    /** Answers an INCREMENT request with its value plus one, echoing the message id. */
    static void answerIncrement(UdsSession server, ReceivedMessage request, ByteBuffer answer) throws Exception {
        long value = request.buffer().order(ByteOrder.nativeOrder()).getLong(request.payloadOffset());
        answer.putLong(0, value + 1);
        server.sendResponse(request.code(), 0, Packets.OK, 1, request.messageId(), answer, 0, Long.BYTES);
    }

    /** A batch payload of items of {@code sizes} bytes, item {@code i} being {@code pattern(sizes[i], i)}. */
    static byte[] batch(int capacity, int... sizes) {
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        BatchBuilder builder = new BatchBuilder().reset(buffer, 0, buffer.capacity(), sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            builder.add(bytes(pattern(sizes[i], i)));
        }
        byte[] payload = new byte[builder.finish()];
        buffer.get(0, payload);
        return payload;
    }

    /** Checks that {@code message} is the batch {@link #batch} built for {@code sizes}. */
    static void assertBatch(ReceivedMessage message, int... sizes) {
        assertThat(message.flags() & Wire.FLAG_BATCH).isEqualTo(Wire.FLAG_BATCH);
        assertThat(message.itemCount()).isEqualTo(sizes.length);
        BatchView view = message.batch(new BatchView());
        for (int i = 0; i < sizes.length; i++) {
            assertThat(view.item(i).toByteArray()).as("item %d", i).isEqualTo(bytes(pattern(sizes[i], i)));
        }
    }
}
