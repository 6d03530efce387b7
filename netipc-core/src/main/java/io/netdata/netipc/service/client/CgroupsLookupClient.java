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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Level 2 client of a CGROUPS_LOOKUP service (upstream
 * {@code level2-typed-api.md}, "Current Lookup Service Contracts", and
 * {@code codec-cgroups-lookup.md}, "Typed Client Responsibilities"). One call
 * is a logical call: the paths are split into requests that fit the session's
 * request ceiling; items the server marks PAYLOAD_EXCEEDED are asked again in
 * the next request; a path that cannot fit any request on its own becomes an
 * OVERSIZED_ITEM answer without being sent; every answer must echo its path and
 * every sub-response must carry the same generation, or the whole call fails
 * with PROTOCOL. The answers come back in request order as one view.
 *
 * <p>Thread-safety: as {@link ServiceClient}; the returned view is valid until
 * the next call on this client or its close ({@code toOwned()} copies it).
 */
public final class CgroupsLookupClient extends ServiceClient {
    /** The first size tried for a stitched response; doubled while it does not fit. */
    private static final int STITCH_START_BYTES = 64 * 1024;
    /** Status and orchestrator of an answer made here for a path too long to send. */
    private static final int NO_ORCHESTRATOR = 0;
    /** A request for no path: the lookup request header alone. */
    private static final long EMPTY_REQUEST_BYTES = CgroupsLookupRequestEncoder.encodedSize(List.of());

    private final SubRequest subRequest = new SubRequest();
    private final CgroupsLookupResponseBuilder stitcher = new CgroupsLookupResponseBuilder();
    private final CgroupsLookupResponseView stitched = new CgroupsLookupResponseView();
    private final CgroupsLookupItemView item = new CgroupsLookupItemView();
    private ByteBuffer stitchBuffer = ByteBuffer.allocate(0);

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
        if (paths.size() > config().maxLookupItems()) {
            throw new ServiceException(ServiceError.LIMIT, paths.size() + " paths exceed maxLookupItems "
                    + config().maxLookupItems());
        }
        for (ByteSource path : paths) {
            if (path.length() == 0 || path.containsNul()) {
                throw new ServiceException(ServiceError.PROTOCOL, "a lookup path is empty or contains NUL");
            }
        }
        long deadline = connection.deadline();
        if (paths.isEmpty()) {
            // Still a round trip, as in the reference: the answer carries the provider's generation.
            subRequest.set(paths);
            CgroupsLookupResponseView response = connection.call(subRequest, deadline);
            acceptAnswers(response, paths, 0, 0, new ArrayList<>());
            return response;
        }
        List<CgroupsLookupItem> answers = new ArrayList<>();
        long generation = 0;
        boolean haveGeneration = false;
        long subcalls = 0;
        int start = 0;
        do {
            int count = fittingCount(paths, start);
            if (count == 0) {
                answers.add(oversized(paths.get(start)));
                start++;
                continue;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ServiceException(ServiceError.TIMEOUT, "the lookup's deadline passed after " + subcalls
                        + " requests");
            }
            if (++subcalls > config().maxLookupSubcalls()) {
                throw new ServiceException(ServiceError.LIMIT, "the lookup needs more than maxLookupSubcalls "
                        + config().maxLookupSubcalls() + " requests");
            }
            subRequest.set(paths.subList(start, start + count));
            CgroupsLookupResponseView response = connection.call(subRequest, deadline);
            if (haveGeneration && response.generation() != generation) {
                throw new ServiceException(ServiceError.PROTOCOL, "sub-responses of generations "
                        + Long.toUnsignedString(generation) + " and " + Long.toUnsignedString(response.generation()));
            }
            generation = response.generation();
            haveGeneration = true;
            int answered = acceptAnswers(response, paths, start, count, answers);
            if (start == 0 && answered == paths.size()) {
                // One request answered everything: the response itself is the logical answer.
                return response;
            }
            start += answered;
        } while (start < paths.size());
        return stitch(answers, generation);
    }

    /**
     * The most paths from {@code start} on whose request fits the request capacity; 0 when
     * not even the first does. Sizes add up as the encoder lays the request out: the
     * directory grows by one entry per path, and every path but the last is padded to 8.
     */
    private int fittingCount(List<? extends ByteSource> paths, int start) {
        long capacity = connection.requestCapacity();
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

    private static long align8(long value) {
        return (value + Long.BYTES - 1) & -Long.BYTES;
    }

    /**
     * Checks and keeps the answers of one sub-response: count and echoed paths; a
     * PAYLOAD_EXCEEDED answer ends the accepted prefix, and every answer after it must be
     * PAYLOAD_EXCEEDED too.
     *
     * @return how many answers were accepted
     */
    private int acceptAnswers(CgroupsLookupResponseView response, List<? extends ByteSource> paths, int start,
            int count, List<CgroupsLookupItem> answers) throws ServiceException {
        if (response.itemCount() != count) {
            throw new ServiceException(ServiceError.PROTOCOL, count + " paths answered with "
                    + response.itemCount() + " items");
        }
        int exceededAt = -1;
        for (int i = 0; i < count; i++) {
            response.item(i, item);
            if (!sameBytes(item.path(), paths.get(start + i))) {
                throw new ServiceException(ServiceError.PROTOCOL, "answer " + (start + i)
                        + " does not echo its path");
            }
            boolean exceeded = item.status() == CgroupLookupStatus.PAYLOAD_EXCEEDED;
            if (exceededAt >= 0 && !exceeded) {
                throw new ServiceException(ServiceError.PROTOCOL, "answer " + (start + i)
                        + " follows a PAYLOAD_EXCEEDED answer with status " + item.status());
            }
            if (exceeded && exceededAt < 0) {
                exceededAt = i;
            }
            if (exceededAt < 0) {
                answers.add(item.toOwned());
            }
        }
        if (exceededAt == 0) {
            throw new ServiceException(ServiceError.OVERFLOW, "the server cannot fit even one answer in its "
                    + "response budget");
        }
        return exceededAt < 0 ? count : exceededAt;
    }

    private static boolean sameBytes(ByteSource a, ByteSource b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (a.byteAt(i) != b.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The final answer for a path no request can carry (upstream: OVERSIZED_ITEM, no name, no labels). */
    private static CgroupsLookupItem oversized(ByteSource path) {
        return new CgroupsLookupItem(CgroupLookupStatus.OVERSIZED_ITEM, NO_ORCHESTRATOR, ByteString.copyOf(path),
                ByteString.EMPTY, List.of());
    }

    /** Encodes the kept answers as one response in the client's buffer and returns its view. */
    private CgroupsLookupResponseView stitch(List<CgroupsLookupItem> answers, long generation)
            throws ServiceException {
        long ceiling = config().maxLookupResponseBytes();
        long size = Math.min(STITCH_START_BYTES, ceiling);
        while (true) {
            if (stitchBuffer.capacity() < size) {
                stitchBuffer = ByteBuffer.allocate((int) size);
            }
            try {
                stitcher.reset(stitchBuffer, 0, (int) size, answers.size(), generation);
                for (CgroupsLookupItem answer : answers) {
                    stitcher.add(answer);
                }
                return stitched.wrap(stitchBuffer, 0, stitcher.finish());
            } catch (CodecException e) {
                if (e.error() != CodecError.OVERFLOW || size >= ceiling) {
                    throw new ServiceException(e.error() == CodecError.OVERFLOW ? ServiceError.LIMIT
                            : ServiceError.PROTOCOL, "the stitched answer: " + e.getMessage(), e);
                }
                size = Math.min(size * 2, Math.min(ceiling, Integer.MAX_VALUE));
            }
        }
    }

    /** The request for a run of paths. */
    private static final class SubRequest extends SingleItemExchange<CgroupsLookupResponseView> {
        private final CgroupsLookupResponseView view = new CgroupsLookupResponseView();
        private List<? extends ByteSource> paths;

        void set(List<? extends ByteSource> run) {
            this.paths = run;
        }

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
            return view.wrap(response.buffer(), response.payloadOffset(), response.payloadLength());
        }
    }
}
