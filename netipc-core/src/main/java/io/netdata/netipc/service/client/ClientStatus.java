package io.netdata.netipc.service.client;

/**
 * A snapshot of a client context for diagnostics and logging (upstream
 * {@code level2-typed-api.md}, "State model": "not for hot-path decisions").
 *
 * <p>Thread-safety: immutable record.
 *
 * @param state the connection state when the snapshot was taken
 * @param connectCount connections made by {@code refresh()} from a disconnected state
 * @param reconnectCount connections made again after a READY session broke
 * @param callCount calls that succeeded
 * @param errorCount calls that failed
 * @param sharedMemory whether the current session carries messages through shared memory
 * @param lastError why the last failed call or connection attempt failed, or null
 * @param lastErrorMessage its message, or null
 */
public record ClientStatus(ClientState state, long connectCount, long reconnectCount, long callCount,
        long errorCount, boolean sharedMemory, ServiceError lastError, String lastErrorMessage) {
}
