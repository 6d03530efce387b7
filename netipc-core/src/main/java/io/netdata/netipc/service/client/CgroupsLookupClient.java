package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItem;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.transport.ReceivedMessage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Level 2 client of a CGROUPS_LOOKUP service (upstream
 * {@code level2-typed-api.md}, "Current Lookup Service Contracts", and
 * {@code codec-cgroups-lookup.md}, "Typed Client Responsibilities"). One call
 * is a logical call (see {@link LogicalLookup}): answers come back in request
 * order as one view; a path no request can carry is answered OVERSIZED_ITEM
 * (path echoed, no name, no labels) without being sent.
 *
 * <p>Thread-safety: as {@link ServiceClient}; the returned view is valid until
 * the next call on this client or its close ({@code toOwned()} copies it).
 */
public final class CgroupsLookupClient extends ServiceClient {
    private static final int NO_ORCHESTRATOR = 0;
    /** A request for no path: the lookup request header alone. */
    private static final long EMPTY_REQUEST_BYTES = CgroupsLookupRequestEncoder.encodedSize(List.of());

    private final Lookup lookup = new Lookup();

    private CgroupsLookupClient(ClientConfig config) throws ServiceException {
        super(config, ServiceKind.CGROUPS_LOOKUP);
    }

    /**
     * A disconnected client; {@link #refresh()} connects it.
     *
     * @throws ServiceException TRANSPORT when the platform cannot provide an abort signal
     */
    public static CgroupsLookupClient create(ClientConfig config) throws ServiceException {
        return new CgroupsLookupClient(config);
    }

    /**
     * Looks up {@code paths}; answer {@code i} is for path {@code i}.
     *
     * @throws ServiceException LIMIT, without I/O, for more paths than {@code maxLookupItems},
     *     and for more sub-calls or a larger stitched answer than the configuration allows;
     *     PROTOCOL for a wrong count, a wrong echoed path or mixed generations; PROTOCOL,
     *     without I/O, for an empty path or one containing NUL; otherwise as any call
     */
    public CgroupsLookupResponseView call(List<? extends ByteSource> paths) throws ServiceException {
        Objects.requireNonNull(paths, "paths");
        for (ByteSource path : paths) {
            if (path.length() == 0 || path.containsNul()) {
                throw new ServiceException(ServiceError.PROTOCOL, "a lookup path is empty or contains NUL");
            }
        }
        return serialized(() -> {
            lookup.paths = paths;
            try {
                return lookup.run();
            } finally {
                lookup.paths = null;
            }
        });
    }

    private static long align8(long value) {
        return (value + Long.BYTES - 1) & -Long.BYTES;
    }

    /** The logical call over paths. */
    private final class Lookup extends LogicalLookup<CgroupsLookupResponseView, CgroupsLookupItem> {
        private final SubRequest subRequest = new SubRequest();
        private final CgroupsLookupItemView item = new CgroupsLookupItemView();
        private final CgroupsLookupResponseBuilder stitcher = new CgroupsLookupResponseBuilder();
        private final CgroupsLookupResponseView stitched = new CgroupsLookupResponseView();
        private final StitchBuffer stitchBuffer = new StitchBuffer();
        List<? extends ByteSource> paths;

        Lookup() {
            super(connection);
        }

        @Override
        int keyCount() {
            return paths.size();
        }

        /**
         * Sizes add up as the encoder lays the request out: the directory grows by one
         * entry per path (8 bytes, as every directory's), every path but the last is padded to 8.
         */
        @Override
        int fittingCount(int start, long capacity) {
            long packedBefore = 0;
            int count = 0;
            while (start + count < paths.size()) {
                long keyLength = paths.get(start + count).length() + 1L;
                long size = EMPTY_REQUEST_BYTES + (count + 1L) * Wire.BATCH_ENTRY_SIZE + packedBefore + keyLength;
                if (size > capacity) {
                    break;
                }
                packedBefore += align8(keyLength);
                count++;
            }
            return count;
        }

        @Override
        CgroupsLookupItem oversized(int index) {
            return new CgroupsLookupItem(CgroupLookupStatus.OVERSIZED_ITEM, NO_ORCHESTRATOR,
                    ByteString.copyOf(paths.get(index)), ByteString.EMPTY, List.of());
        }

        @Override
        CgroupsLookupResponseView send(int start, int count, long deadline) throws ServiceException {
            subRequest.paths = paths.subList(start, start + count);
            return connection.call(subRequest, deadline);
        }

        @Override
        int lastResponseBytes() {
            return subRequest.responseBytes;
        }

        @Override
        int itemCount(CgroupsLookupResponseView response) {
            return response.itemCount();
        }

        @Override
        long generation(CgroupsLookupResponseView response) {
            return response.generation();
        }

        @Override
        boolean echoes(CgroupsLookupResponseView response, int index, int key) {
            return response.item(index, item).path().contentEquals(paths.get(key));
        }

        @Override
        boolean payloadExceeded(CgroupsLookupResponseView response, int index) {
            return response.item(index, item).status() == CgroupLookupStatus.PAYLOAD_EXCEEDED;
        }

        @Override
        CgroupsLookupItem owned(CgroupsLookupResponseView response, int index) {
            return response.item(index, item).toOwned();
        }

        @Override
        CgroupsLookupResponseView stitch(List<CgroupsLookupItem> answers, long generation)
                throws ServiceException {
            int length = stitchBuffer.encode(config().maxLookupResponseBytes(), (buffer, capacity) -> {
                stitcher.reset(buffer, 0, capacity, answers.size(), generation);
                answers.forEach(stitcher::add);
                if (stitcher.spilled()) {
                    // The builder answered an item that did not fit as an overflow item: grow instead.
                    throw new CodecException(CodecError.OVERFLOW, "an answer does not fit " + capacity + " bytes");
                }
                return stitcher.finish();
            });
            return stitched.wrap(stitchBuffer.buffer(), 0, length);
        }
    }

    /** The request for a run of paths. */
    private static final class SubRequest extends SingleItemExchange<CgroupsLookupResponseView> {
        private final CgroupsLookupResponseView view = new CgroupsLookupResponseView();
        /** The payload bytes of the response read last. */
        int responseBytes;
        List<? extends ByteSource> paths;

        @Override
        public long requestSize() {
            return CgroupsLookupRequestEncoder.encodedSize(paths);
        }

        @Override
        public void write(ByteBuffer buffer) {
            CgroupsLookupRequestEncoder.encode(paths, buffer, 0, (int) requestSize());
        }

        @Override
        public CgroupsLookupResponseView read(ReceivedMessage response) {
            responseBytes = response.payloadLength();
            return view.wrap(response.buffer(), response.payloadOffset(), response.payloadLength());
        }
    }
}
