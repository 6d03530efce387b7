package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequest;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.service.ServiceKind;
import io.netdata.netipc.transport.ReceivedMessage;
import java.nio.ByteBuffer;

/**
 * Level 2 client of a CGROUPS_SNAPSHOT service: asks for the whole snapshot
 * and returns a view of it borrowed from the client's receive buffer. A
 * snapshot larger than the negotiated response ceiling makes the server answer
 * LIMIT_EXCEEDED; the client then reconnects proposing twice the ceiling, up to
 * the growth limits of the specification. Every item is checked before the call
 * returns: a malformed one fails the call with PROTOCOL.
 *
 * <p>Thread-safety: as {@link ServiceClient}; the returned view is valid until
 * the next call on this client or its close ({@code toOwned()} copies it).
 */
public final class CgroupsSnapshotClient extends ServiceClient {
    private final SnapshotExchange exchange = new SnapshotExchange();
    /** The call's body, made once. */
    private final Call<CgroupsSnapshotResponseView> snapshotCall = () -> connection.call(exchange);

    private CgroupsSnapshotClient(ClientConfig config) throws ServiceException {
        super(config, ServiceKind.CGROUPS_SNAPSHOT);
    }

    /**
     * A disconnected client; {@link #refresh()} connects it.
     *
     * @throws ServiceException TRANSPORT when the platform cannot provide an abort signal
     */
    public static CgroupsSnapshotClient create(ClientConfig config) throws ServiceException {
        return new CgroupsSnapshotClient(config);
    }

    /** The current snapshot, borrowed until the next call. */
    public CgroupsSnapshotResponseView call() throws ServiceException {
        return serialized(snapshotCall);
    }

    /** The standard request; the answer decoded into a reused view. */
    private static final class SnapshotExchange extends SingleItemExchange<CgroupsSnapshotResponseView> {
        private final CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView();

        @Override
        public long requestSize() {
            return CgroupsSnapshotRequestView.SIZE;
        }

        @Override
        public void write(ByteBuffer buffer) {
            CgroupsSnapshotRequest.STANDARD.encodeTo(buffer, 0);
        }

        @Override
        public CgroupsSnapshotResponseView read(ReceivedMessage response) {
            view.wrap(response.buffer(), response.payloadOffset(), response.payloadLength());
            // Items decode lazily: check each now, so a malformed one fails this call (and drops the
            // session, as for any protocol error) instead of surfacing later in the caller's hands. The
            // buffer is the session's private copy, so the caller's reads reuse these checks.
            return view.checkItems();
        }
    }
}
