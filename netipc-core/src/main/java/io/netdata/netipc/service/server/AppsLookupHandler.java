package io.netdata.netipc.service.server;

import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;

/**
 * The business logic of an APPS_LOOKUP server: adds exactly one answer per
 * requested pid, in request order, and may set the generation.
 *
 * <p>The builder marks the items that no longer fit PAYLOAD_EXCEEDED (or a
 * lone first item OVERSIZED_ITEM) by itself, with room kept for them, so a
 * handler just adds every answer; clients retry the unanswered suffix. An
 * unknown pid is an answer ({@code addUnknown}), not a failure.
 *
 * <p>Throwing, or adding a different number of items than requested, fails
 * the request: the client gets INTERNAL_ERROR with no payload and the session
 * is closed.
 *
 * <p><b>Called again:</b> a session answers into a buffer that starts small
 * and grows to the session's response ceiling only when an answer needs it;
 * when the builder had to answer items PAYLOAD_EXCEEDED or OVERSIZED_ITEM, or ran out of room, the server calls the handler again for the same request
 * with more room. Treat a call as a query: do not count on one call per request.
 *
 * <p><b>Lifetime:</b> the request view and the builder belong to the session
 * and are valid only during the call: do not keep them.
 *
 * <p>Thread-safety: called concurrently from every session's thread (each with
 * its own builder); an implementation must be thread-safe.
 */
@FunctionalInterface
public interface AppsLookupHandler {
    void handle(AppsLookupRequestView request, AppsLookupResponseBuilder response) throws Exception;
}
