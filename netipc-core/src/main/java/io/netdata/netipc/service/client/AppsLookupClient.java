package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestEncoder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.transport.ReceivedMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Level 2 client of an APPS_LOOKUP service (upstream
 * {@code level2-typed-api.md}, "Current Lookup Service Contracts", and
 * {@code codec-apps-lookup.md}, "Typed Client Responsibilities"). One call is
 * a logical call (see {@link LogicalLookup}): answers come back in request
 * order as one view, each echoing its PID. PID keys have a fixed size of a few
 * bytes, so only a request ceiling too small for a single PID would make an
 * OVERSIZED_ITEM answer, as for any key.
 *
 * <p>Thread-safety: as {@link ServiceClient}; the returned view is valid until
 * the next call on this client or its close ({@code toOwned()} copies it).
 */
public final class AppsLookupClient extends ServiceClient {
    /** The request bytes each PID adds (directory entry and key), after the header. */
    private static final long BYTES_PER_PID = AppsLookupRequestEncoder.encodedSize(1)
            - AppsLookupRequestEncoder.encodedSize(0);

    private static final int NO_CGROUP_STATUS = 0;
    private static final int NO_ORCHESTRATOR = 0;
    private static final long NO_PPID = 0;
    private static final long NO_STARTTIME = 0;

    private final Lookup lookup = new Lookup();

    private AppsLookupClient(ClientConfig config) throws ServiceException {
        super(config, ServiceKind.APPS_LOOKUP);
    }

    /**
     * A disconnected client; {@link #refresh()} connects it.
     *
     * @throws ServiceException TRANSPORT when the platform cannot provide an abort signal
     */
    public static AppsLookupClient create(ClientConfig config) throws ServiceException {
        return new AppsLookupClient(config);
    }

    /**
     * Looks up {@code pids} (unsigned 32-bit values); answer {@code i} is for PID {@code i}.
     *
     * @throws ServiceException LIMIT, without I/O, for more PIDs than {@code maxLookupItems},
     *     and for more sub-calls or a larger stitched answer than the configuration allows;
     *     PROTOCOL for a wrong count, a wrong echoed PID or mixed generations; otherwise as any call
     * @throws IllegalArgumentException for a PID outside the unsigned 32-bit range
     */
    public AppsLookupResponseView call(long... pids) throws ServiceException {
        Objects.requireNonNull(pids, "pids");
        for (long pid : pids) {
            Checks.checkU32(pid, "pid");
        }
        return serialized(() -> {
            lookup.pids = pids;
            try {
                return lookup.run();
            } finally {
                lookup.pids = null;
            }
        });
    }

    /** The logical call over PIDs. */
    private final class Lookup extends LogicalLookup<AppsLookupResponseView, AppsLookupItem> {
        private final SubRequest subRequest = new SubRequest();
        private final AppsLookupItemView item = new AppsLookupItemView();
        private final AppsLookupResponseBuilder stitcher = new AppsLookupResponseBuilder();
        private final AppsLookupResponseView stitched = new AppsLookupResponseView();
        private final StitchBuffer stitchBuffer = new StitchBuffer();
        long[] pids;

        Lookup() {
            super(connection);
        }

        @Override
        int keyCount() {
            return pids.length;
        }

        @Override
        int fittingCount(int start, long capacity) {
            long room = (capacity - AppsLookupRequestEncoder.encodedSize(0)) / BYTES_PER_PID;
            return (int) Math.max(0, Math.min(room, pids.length - start));
        }

        @Override
        AppsLookupItem oversized(int index) {
            return new AppsLookupItem(PidLookupStatus.OVERSIZED_ITEM, NO_CGROUP_STATUS, NO_ORCHESTRATOR, pids[index],
                    NO_PPID, AppsLookupItemView.UID_UNSET, NO_STARTTIME, ByteString.EMPTY, ByteString.EMPTY,
                    ByteString.EMPTY, List.of());
        }

        @Override
        AppsLookupResponseView send(int start, int count, long deadline) throws ServiceException {
            subRequest.pids = Arrays.copyOfRange(pids, start, start + count);
            return connection.call(subRequest, deadline);
        }

        @Override
        int lastResponseBytes() {
            return subRequest.responseBytes;
        }

        @Override
        int itemCount(AppsLookupResponseView response) {
            return response.itemCount();
        }

        @Override
        long generation(AppsLookupResponseView response) {
            return response.generation();
        }

        @Override
        boolean echoes(AppsLookupResponseView response, int index, int key) {
            return response.item(index, item).pid() == pids[key];
        }

        @Override
        boolean payloadExceeded(AppsLookupResponseView response, int index) {
            return response.item(index, item).status() == PidLookupStatus.PAYLOAD_EXCEEDED;
        }

        @Override
        AppsLookupItem owned(AppsLookupResponseView response, int index) {
            return response.item(index, item).toOwned();
        }

        @Override
        AppsLookupResponseView stitch(List<AppsLookupItem> answers, long generation) throws ServiceException {
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

    /** The request for a run of PIDs. */
    private static final class SubRequest extends SingleItemExchange<AppsLookupResponseView> {
        private final AppsLookupResponseView view = new AppsLookupResponseView();
        /** The payload bytes of the response read last. */
        int responseBytes;
        long[] pids;

        @Override
        public long requestSize() {
            return AppsLookupRequestEncoder.encodedSize(pids.length);
        }

        @Override
        public void write(ByteBuffer buffer) {
            AppsLookupRequestEncoder.encode(pids, buffer, 0, (int) requestSize());
        }

        @Override
        public AppsLookupResponseView read(ReceivedMessage response) {
            responseBytes = response.payloadLength();
            return view.wrap(response.buffer(), response.payloadOffset(), response.payloadLength());
        }
    }
}
