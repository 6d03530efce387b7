package io.netdata.netipc.nativeio;

/**
 * How a {@link ReadinessWait} ended.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum WaitResult {
    /** The descriptor is readable, or its peer hung up or failed (the next read tells which). */
    READY,
    /** The deadline passed first. */
    TIMEOUT,
    /** The abort signal was set. */
    ABORTED
}
