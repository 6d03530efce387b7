package io.netdata.netipc.service.server;

import java.util.function.BooleanSupplier;

/**
 * Bounds how many accepted clients a managed server handshakes at once. Each
 * handshake runs on a thread of its client's own, so that a client slow to say
 * hello delays nobody else; the bound keeps a crowd of such clients from
 * costing a thread each without limit: past it, the acceptor waits for a slot
 * and new clients wait in the listen backlog, as they did when handshakes ran
 * on the acceptor, for at most the handshake timeout.
 *
 * <p>Thread-safety: thread-safe; the acceptor takes slots, handshaking threads
 * release them, and closing wakes a waiting acceptor.
 */
final class HandshakeSlots {
    private final int limit;
    /** Slots taken, guarded by this. */
    private int taken;

    /** @param limit how many handshakes may run at once, at least 1 */
    HandshakeSlots(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one handshake slot is needed: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Takes a slot, waiting while all are taken; gives up when {@code open} turns
     * false, which must be followed by {@link #wakeAll()}.
     *
     * @return true with a slot taken; false, with none, when {@code open} turned false
     */
    synchronized boolean take(BooleanSupplier open) {
        while (open.getAsBoolean() && taken >= limit) {
            try {
                wait();
            } catch (InterruptedException e) {
                // The server stops through close(), which wakes this wait, not through interrupts.
            }
        }
        if (!open.getAsBoolean()) {
            return false;
        }
        taken++;
        return true;
    }

    /** Gives a slot back. */
    synchronized void release() {
        taken--;
        notifyAll();
    }

    /** Wakes a {@link #take} waiting, to see that the server closes. */
    synchronized void wakeAll() {
        notifyAll();
    }
}
