package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseBuilder;

/**
 * The business logic of a CGROUPS_SNAPSHOT server: fills the response builder
 * the server set up (header fields with {@code setHeader}, then one
 * {@code add} per cgroup).
 *
 * <p>A builder that runs out of room throws {@code CodecException} OVERFLOW:
 * let it propagate. The client then gets LIMIT_EXCEEDED, the session is
 * closed, and a server whose response ceiling is learned offers twice as much
 * to the client's next session. Any other exception fails the request: the
 * client gets INTERNAL_ERROR with no payload and the session is closed.
 *
 * <p><b>Called again:</b> a session answers into a buffer that starts small
 * and grows to the session's response ceiling only when an answer needs it;
 * when the builder runs out of room, the server calls the handler again for the same request
 * with more room. Treat a call as a query: do not count on one call per request.
 *
 * <p><b>Lifetime:</b> the request view and the builder belong to the session
 * and are valid only during the call: do not keep them.
 *
 * <p>Thread-safety: called concurrently from every session's thread (each with
 * its own builder); an implementation must be thread-safe.
 */
@FunctionalInterface
public interface CgroupsSnapshotHandler {
    void handle(CgroupsSnapshotRequestView request, CgroupsSnapshotResponseBuilder response) throws Exception;
}
