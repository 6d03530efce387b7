package io.netdata.netipc.transport.shm;

import io.netdata.netipc.transport.TransportException;

/**
 * What a reader consults each time it is about to sleep, and again after each
 * bounded sleep ({@link ShmWaitPolicy#waitSliceNanos()}): whether to stop waiting.
 * The session layer puts its reasons here: an abort signal (ABORTED), a local
 * close (CLOSED), or the session's UDS socket reporting the peer's hang-up
 * (PEER_CLOSED), which is how a dead peer is noticed before the deadline.
 *
 * <p>It is not consulted while a message is already waiting: a published message
 * is delivered even if an abort came in meanwhile, which keeps checks (often a
 * system call) off the fast path.
 *
 * <p>Thread-safety: called on the reading thread only.
 */
@FunctionalInterface
public interface ShmAbortCheck {
    /** Never stops a wait: only the deadline ends it. */
    ShmAbortCheck NONE = () -> { };

    /**
     * Returns normally to keep waiting.
     *
     * @throws TransportException the reason to stop, which the reader passes on unchanged
     */
    void check() throws TransportException;
}
