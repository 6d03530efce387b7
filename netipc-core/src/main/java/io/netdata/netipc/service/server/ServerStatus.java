package io.netdata.netipc.service.server;

/**
 * A managed server's counters at one moment, for diagnostics and metrics.
 *
 * <p>Thread-safety: immutable.
 *
 * @param running whether the server still accepts clients
 * @param activeSessions sessions being served now
 * @param sharedMemorySessions those of them whose messages travel through shared memory (the
 *     others use the baseline socket profile): the profile mix
 * @param acceptedSessions sessions handshaken and served since start
 * @param refusedSessions clients handshaken but hung up on because {@code maxSessions} were being served
 * @param acceptFailures clients lost before they could be served: the system refused to accept one
 *     (descriptors exhausted, say), or its handshake failed (a wrong token, no common profile, a timeout)
 * @param requests requests answered with status OK (a batch counts once)
 * @param failedRequests requests answered with an error status (INTERNAL_ERROR, BAD_ENVELOPE,
 *     LIMIT_EXCEEDED, UNSUPPORTED)
 * @param requestCeiling the request payload ceiling offered to the next session
 * @param responseCeiling the response payload ceiling offered to the next session
 */
public record ServerStatus(boolean running, int activeSessions, int sharedMemorySessions, long acceptedSessions,
        long refusedSessions, long acceptFailures, long requests, long failedRequests, long requestCeiling,
        long responseCeiling) {
}
