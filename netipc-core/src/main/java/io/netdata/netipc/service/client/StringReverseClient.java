package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.StringReverseEncoder;
import io.netdata.netipc.protocol.StringReverseView;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.transport.ReceivedMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Level 2 client of a STRING_REVERSE service: sends a byte string, receives
 * the server's answer (the reference servers reverse the bytes). The wire
 * carries bytes; the {@code String} methods use UTF-8, so a non-ASCII text
 * reversed byte by byte comes back with replacement characters: use
 * {@link #callBytes} to see the exact bytes.
 *
 * <p>Thread-safety: as {@link ServiceClient}.
 */
public final class StringReverseClient extends ServiceClient {
    private final SingleExchange single = new SingleExchange();
    private final BatchExchange batch = new BatchExchange();

    private StringReverseClient(ClientConfig config) throws ServiceException {
        super(config, ServiceKind.STRING_REVERSE);
    }

    /**
     * A disconnected client; {@link #refresh()} connects it.
     *
     * @throws ServiceException TRANSPORT when the platform cannot provide an abort signal
     */
    public static StringReverseClient create(ClientConfig config) throws ServiceException {
        return new StringReverseClient(config);
    }

    /** Sends the UTF-8 bytes of {@code text}; returns the answer decoded as UTF-8. */
    public String call(String text) throws ServiceException {
        return callBytes(ByteString.utf8(Objects.requireNonNull(text, "text"))).asString();
    }

    /** Sends {@code bytes}; returns an owned copy of the answer. */
    public ByteString callBytes(ByteSource bytes) throws ServiceException {
        Objects.requireNonNull(bytes, "bytes");
        return serialized(() -> {
            single.request = bytes;
            try {
                return connection.call(single);
            } finally {
                single.request = null;
            }
        });
    }

    /**
     * Sends all {@code texts} in one Level 1 batch message (a single text goes as an
     * ordinary message); answers are correlated by position.
     *
     * @throws ServiceException LIMIT, without I/O, for more texts than the configured
     *     {@code maxRequestBatchItems}; otherwise as {@link #call(String)}
     */
    public List<String> callBatch(List<String> texts) throws ServiceException {
        Objects.requireNonNull(texts, "texts");
        if (texts.size() == 1) {
            return List.of(call(texts.get(0)));
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        List<ByteString> requests = new ArrayList<>(texts.size());
        for (String text : texts) {
            requests.add(ByteString.utf8(Objects.requireNonNull(text, "text")));
        }
        return serialized(() -> {
            if (texts.size() > config().maxRequestBatchItems()) {
                throw new ServiceException(ServiceError.LIMIT, "a batch of " + texts.size()
                        + " texts exceeds maxRequestBatchItems " + config().maxRequestBatchItems());
            }
            batch.requests = requests;
            try {
                List<String> answers = new ArrayList<>(requests.size());
                for (ByteString answer : connection.call(batch)) {
                    answers.add(answer.asString());
                }
                return answers;
            } finally {
                batch.requests = null;
            }
        });
    }

    /** One string as an ordinary message. */
    private static final class SingleExchange extends SingleItemExchange<ByteString> {
        private final StringReverseView view = new StringReverseView();
        ByteSource request;

        @Override
        public long requestSize() {
            return StringReverseEncoder.encodedSize(request.length());
        }

        @Override
        public void write(ByteBuffer buffer) {
            StringReverseEncoder.encode(request, buffer, 0, (int) requestSize());
        }

        @Override
        public ByteString read(ReceivedMessage response) {
            return view.wrap(response.buffer(), response.payloadOffset(), response.payloadLength()).toOwned();
        }
    }

    /** Several strings as one batch message. */
    private static final class BatchExchange implements Exchange<List<ByteString>> {
        private final BatchBuilder builder = new BatchBuilder();
        private final BatchView batchView = new BatchView();
        private final StringReverseView view = new StringReverseView();
        List<ByteString> requests;

        @Override
        public int flags() {
            return Wire.FLAG_BATCH;
        }

        @Override
        public long itemCount() {
            return requests.size();
        }

        @Override
        public long requestSize() {
            long size = BatchLayout.directorySize(requests.size());
            for (ByteString request : requests) {
                size += BatchLayout.itemSize(StringReverseEncoder.encodedSize(request.length()));
            }
            return size;
        }

        @Override
        public void write(ByteBuffer buffer) {
            int capacity = (int) requestSize();
            builder.reset(buffer, 0, capacity, requests.size());
            for (ByteString request : requests) {
                int length = (int) StringReverseEncoder.encodedSize(request.length());
                StringReverseEncoder.encode(request, buffer, builder.reserve(length), length);
            }
            builder.finish();
        }

        @Override
        public List<ByteString> read(ReceivedMessage response) throws ServiceException {
            if (response.itemCount() != requests.size()) {
                throw new ServiceException(ServiceError.PROTOCOL, "a batch of " + requests.size()
                        + " strings answered with " + response.itemCount() + " items");
            }
            batchView.wrap(response.buffer(), response.payloadOffset(), response.payloadLength(), requests.size());
            List<ByteString> answers = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                answers.add(view.wrap(response.buffer(), batchView.itemOffset(i), batchView.itemLength(i)).toOwned());
            }
            return answers;
        }
    }
}
