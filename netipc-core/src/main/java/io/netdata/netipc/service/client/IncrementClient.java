package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.transport.ReceivedMessage;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Level 2 client of an INCREMENT service: sends a 64-bit value, receives the
 * server's answer (the reference servers add one). Single calls allocate
 * nothing once connected.
 *
 * <p>Thread-safety: as {@link ServiceClient}.
 */
public final class IncrementClient extends ServiceClient {

    private final SingleExchange single = new SingleExchange();
    private final BatchExchange batch = new BatchExchange();
    /** The single call's body, made once so that a call allocates nothing. */
    private final Call<Void> singleCall = () -> connection.call(single);

    private IncrementClient(ClientConfig config) throws ServiceException {
        super(config, ServiceKind.INCREMENT);
    }

    /**
     * A disconnected client; {@link #refresh()} connects it.
     *
     * @throws ServiceException TRANSPORT when the platform cannot provide an abort signal
     */
    public static IncrementClient create(ClientConfig config) throws ServiceException {
        return new IncrementClient(config);
    }

    /** Sends {@code value}; returns the server's answer. */
    public long call(long value) throws ServiceException {
        // The lock (reentrant) spans the reused exchange's input and answer, not only the call.
        enterCall();
        try {
            single.value = value;
            serialized(singleCall);
            return single.answer;
        } finally {
            connection.unlock();
        }
    }

    /**
     * Sends all {@code values} in one Level 1 batch message (a single value goes as an
     * ordinary message); answers are correlated by position.
     *
     * @throws ServiceException LIMIT, without I/O, for more values than the configured
     *     {@code maxRequestBatchItems}; otherwise as {@link #call(long)}
     */
    public long[] callBatch(long... values) throws ServiceException {
        Objects.requireNonNull(values, "values");
        if (values.length == 1) {
            return new long[] {call(values[0])};
        }
        if (values.length == 0) {
            return new long[0];
        }
        return serialized(() -> {
            if (values.length > config().maxRequestBatchItems()) {
                throw new ServiceException(ServiceError.LIMIT, "a batch of " + values.length
                        + " values exceeds maxRequestBatchItems " + config().maxRequestBatchItems());
            }
            batch.values = values;
            try {
                return connection.call(batch);
            } finally {
                batch.values = null;
            }
        });
    }

    /** One value as an ordinary message; reused, and the answer kept unboxed, so a call allocates nothing. */
    private static final class SingleExchange extends SingleItemExchange<Void> {
        long value;
        long answer;

        @Override
        public long requestSize() {
            return IncrementCodec.SIZE;
        }

        @Override
        public void write(ByteBuffer buffer) {
            IncrementCodec.encode(value, buffer, 0);
        }

        @Override
        public Void read(ReceivedMessage response) {
            answer = IncrementCodec.decode(response.buffer(), response.payloadOffset(), response.payloadLength());
            return null;
        }
    }

    /** Several values as one batch message. */
    private static final class BatchExchange implements Exchange<long[]> {
        private final BatchBuilder builder = new BatchBuilder();
        private final BatchView view = new BatchView();
        long[] values;

        @Override
        public int flags() {
            return Wire.FLAG_BATCH;
        }

        @Override
        public long itemCount() {
            return values.length;
        }

        @Override
        public long requestSize() {
            return BatchLayout.directorySize(values.length)
                    + values.length * BatchLayout.itemSize(IncrementCodec.SIZE);
        }

        @Override
        public void write(ByteBuffer buffer) {
            builder.reset(buffer, 0, (int) requestSize(), values.length);
            for (long value : values) {
                IncrementCodec.encode(value, buffer, builder.reserve(IncrementCodec.SIZE));
            }
            builder.finish();
        }

        @Override
        public long[] read(ReceivedMessage response) throws ServiceException {
            if (response.itemCount() != values.length) {
                throw new ServiceException(ServiceError.PROTOCOL, "a batch of " + values.length
                        + " values answered with " + response.itemCount() + " items");
            }
            view.wrap(response.buffer(), response.payloadOffset(), response.payloadLength(), values.length);
            long[] answers = new long[values.length];
            for (int i = 0; i < answers.length; i++) {
                answers[i] = IncrementCodec.decode(response.buffer(), view.itemOffset(i), view.itemLength(i));
            }
            return answers;
        }
    }
}
