package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;
import static io.netdata.netipc.transport.uds.UdsTestSupport.bytes;
import static io.netdata.netipc.transport.uds.UdsTestSupport.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch edge cases over real sockets (upstream {@code level1-transport.md},
 * "Testing requirements": 0 items, 1 item, max items, items at the directional
 * size limit). The session runs with different limits per direction, 4,096
 * request bytes and 2,048 response bytes, {@value #ITEMS} batch items, and
 * 256-byte packets, so messages at the limit are chunked.
 */
class UdsBatchEdgeTest {
    private static final int REQUEST_LIMIT = 4096;
    private static final int RESPONSE_LIMIT = 2048;
    private static final int ITEMS = 8;
    private static final ServerHandshakeConfig SERVER = UdsTestSupport.serverConfig(REQUEST_LIMIT, RESPONSE_LIMIT,
            256);
    private static final ClientHandshakeConfig CLIENT = UdsTestSupport.clientConfig(REQUEST_LIMIT, ITEMS,
            REQUEST_LIMIT, 0);
    private static final int CODE = Packets.CODE;
    private static final int OK = Packets.OK;

    @TempDir
    Path runDir;

    /** A batch of {@code sizes.length} items of those sizes, item i filled with pattern i; returns its bytes. */
    private static byte[] batch(int... sizes) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        BatchBuilder builder = new BatchBuilder().reset(buffer, 0, buffer.capacity(), sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            builder.add(bytes(pattern(sizes[i], i)));
        }
        int length = builder.finish();
        byte[] payload = new byte[length];
        buffer.get(0, payload);
        return payload;
    }

    private static void assertItems(ReceivedMessage message, int... sizes) {
        assertThat(message.flags() & Wire.FLAG_BATCH).isEqualTo(Wire.FLAG_BATCH);
        assertThat(message.itemCount()).isEqualTo(sizes.length);
        BatchView view = message.batch(new BatchView());
        for (int i = 0; i < sizes.length; i++) {
            assertThat(view.item(i).toByteArray()).as("item %d", i).isEqualTo(bytes(pattern(sizes[i], i)));
        }
    }

    /** Sends {@code payload} as a batch request and returns it as the server received it. */
    private static ReceivedMessage request(UdsTestSupport.Pair p, long id, byte[] payload, long items)
            throws Exception {
        p.client().sendRequest(CODE, Wire.FLAG_BATCH, items, id, ByteBuffer.wrap(payload), 0, payload.length);
        return p.server().receive(WAIT, null);
    }

    /** Sends {@code payload} as a batch response to {@code id} and returns it as the client received it. */
    private static ReceivedMessage respond(UdsTestSupport.Pair p, long id, byte[] payload, long items)
            throws Exception {
        p.server().sendResponse(CODE, Wire.FLAG_BATCH, OK, items, id, ByteBuffer.wrap(payload), 0, payload.length);
        return p.client().receive(WAIT, null);
    }

    @Test
    void aBatchOfOneItemRoundTripsBothWays() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            assertItems(request(p, 1, batch(13), 1), 13);
            assertItems(respond(p, 1, batch(13), 1), 13);
        }
    }

    @Test
    void aBatchOfExactlyTheNegotiatedMaximumItemsRoundTripsBothWays() throws Exception {
        int[] sizes = {0, 1, 7, 8, 9, 100, 3, 64};
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            assertThat(p.client().parameters().maxRequestBatchItems()).isEqualTo(ITEMS);
            assertThat(p.client().parameters().maxResponseBatchItems()).isEqualTo(ITEMS);
            assertItems(request(p, 1, batch(sizes), ITEMS), sizes);
            assertItems(respond(p, 1, batch(sizes), ITEMS), sizes);
        }
    }

    @Test
    void oneItemOverTheMaximumIsRefusedBeforeSendingInEitherDirection() throws Exception {
        byte[] tooMany = batch(1, 1, 1, 1, 1, 1, 1, 1, 1);
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            assertThat(failure(() -> p.client().sendRequest(CODE, Wire.FLAG_BATCH, ITEMS + 1, 1,
                    ByteBuffer.wrap(tooMany), 0, tooMany.length)).error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertThat(UdsTestSupport.nothingPending(p.server().fd())).as("nothing went out").isTrue();
            assertThat(p.client().inFlightCount()).isZero();
            assertItems(request(p, 1, batch(5, 6), 2), 5, 6);
            assertThat(failure(() -> p.server().sendResponse(CODE, Wire.FLAG_BATCH, OK, ITEMS + 1, 1,
                    ByteBuffer.wrap(tooMany), 0, tooMany.length)).error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertThat(UdsTestSupport.nothingPending(p.client().fd())).as("nothing went out").isTrue();
            assertItems(respond(p, 1, batch(5, 6), 2), 5, 6);
            assertThat(p.client().isBroken()).isFalse();
            assertThat(p.server().isBroken()).isFalse();
        }
    }

    @Test
    void aBatchRequestFillingTheRequestLimitExactlyIsChunkedAndAccepted() throws Exception {
        // Directory of two entries (16 bytes) and two 8-aligned items of 2,040 bytes: 4,096 bytes.
        byte[] payload = batch(2040, 2040);
        assertThat(payload).hasSize(REQUEST_LIMIT);
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            assertItems(request(p, 1, payload, 2), 2040, 2040);
        }
    }

    @Test
    void aBatchResponseFillingTheResponseLimitExactlyIsAcceptedAndOneByteMoreIsNot() throws Exception {
        byte[] atLimit = batch(1016, 1016);
        assertThat(atLimit).hasSize(RESPONSE_LIMIT);
        byte[] over = batch(1016, 1017);
        assertThat(over.length).isGreaterThan(RESPONSE_LIMIT).isLessThan(REQUEST_LIMIT);
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            assertThat(p.server().parameters().maxResponsePayloadBytes()).isEqualTo(RESPONSE_LIMIT);
            request(p, 1, batch(1), 1);
            assertThat(failure(() -> p.server().sendResponse(CODE, Wire.FLAG_BATCH, OK, 2, 1, ByteBuffer.wrap(over),
                    0, over.length)).error()).as("within the request limit, over the response limit")
                    .isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertItems(respond(p, 1, atLimit, 2), 1016, 1016);
        }
    }

    @Test
    void aRequestOneByteOverTheLimitIsRefusedBeforeSendingAndTheSessionCarriesOn() throws Exception {
        byte[] over = batch(2040, 2041);
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            assertThat(failure(() -> p.client().sendRequest(CODE, Wire.FLAG_BATCH, 2, 1, ByteBuffer.wrap(over), 0,
                    REQUEST_LIMIT + 1)).error()).isEqualTo(TransportError.LIMIT_EXCEEDED);
            assertThat(UdsTestSupport.nothingPending(p.server().fd())).isTrue();
            assertItems(request(p, 1, batch(2040, 2040), 2), 2040, 2040);
        }
    }

    /**
     * The reference receive validates a batch directory only when
     * {@code item_count > 1}; a batch-flagged message with item_count 0 is
     * delivered as it came, and only the caller's batch view rejects it.
     */
    @Test
    void itemCountZeroWithTheBatchFlagIsDeliveredUnvalidatedAsInTheReference() throws Exception {
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            ReceivedMessage empty = request(p, 1, new byte[0], 0);
            assertThat(empty.itemCount()).isZero();
            assertThat(empty.payloadLength()).isZero();
            assertThat(empty.flags() & Wire.FLAG_BATCH).isEqualTo(Wire.FLAG_BATCH);
            assertThatThrownBy(() -> empty.batch(new BatchView())).isInstanceOfSatisfying(CodecException.class,
                    e -> assertThat(e.error()).isEqualTo(CodecError.BAD_ITEM_COUNT));

            ReceivedMessage withBytes = request(p, 2, pattern(16, 1).array(), 0);
            assertThat(withBytes.itemCount()).isZero();
            assertThat(withBytes.payloadBytes()).isEqualTo(pattern(16, 1).array());
            assertThat(p.server().isBroken()).isFalse();
        }
    }

    /** Likewise a batch-flagged single item: its (here nonsensical) directory is the caller's to check. */
    @Test
    void aBatchFlaggedSingleItemIsNotValidatedByTheTransportAsInTheReference() throws Exception {
        ByteBuffer bogus = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        bogus.putInt(0, 3).putInt(4, 1000);
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir, SERVER, CLIENT)) {
            ReceivedMessage message = request(p, 1, bogus.array(), 1);
            assertThat(message.itemCount()).isEqualTo(1);
            assertThatThrownBy(() -> message.batch(new BatchView())).isInstanceOf(CodecException.class);
            assertThat(p.server().isBroken()).isFalse();
        }
    }
}
