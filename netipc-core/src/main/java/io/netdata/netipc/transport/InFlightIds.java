package io.netdata.netipc.transport;

import java.util.Arrays;

/**
 * The set of request message ids a client session awaits responses for: an
 * open-addressing hash set of primitive {@code long}s (every 64-bit value is a
 * valid id, 0 included), so adding and removing allocate nothing once the table
 * has grown to the pipelining depth in use.
 *
 * <p>Thread-safety: not thread-safe; owned by one session.
 */
public final class InFlightIds {
    /**
     * The most ids one session may have in flight; a client beyond it is leaking
     * requests, and the cap bounds the table at a few tens of megabytes.
     */
    public static final int MAX_IN_FLIGHT = 1 << 20;

    private static final int INITIAL_CAPACITY = 16;
    /** The table grows when it would be more than half full, which keeps probe runs short. */
    private static final int LOAD_DIVISOR = 2;
    private static final long MIX_1 = 0xff51afd7ed558ccdL;
    private static final long MIX_2 = 0xc4ceb9fe1a85ec53L;
    private static final int MIX_SHIFT = 33;

    private long[] ids = new long[INITIAL_CAPACITY];
    private boolean[] occupied = new boolean[INITIAL_CAPACITY];
    private int size;

    /** Outcome of {@link #add}. */
    public enum AddResult {
        ADDED, DUPLICATE, FULL
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(long id) {
        return slotOf(id) >= 0;
    }

    /** Adds {@code id} unless it is already present or the set holds {@link #MAX_IN_FLIGHT} ids. */
    public AddResult add(long id) {
        if (contains(id)) {
            return AddResult.DUPLICATE;
        }
        if (size >= MAX_IN_FLIGHT) {
            return AddResult.FULL;
        }
        if ((size + 1) * LOAD_DIVISOR > ids.length) {
            grow();
        }
        insert(id);
        size++;
        return AddResult.ADDED;
    }

    /** Removes {@code id}; false when it was not present. */
    public boolean remove(long id) {
        int slot = slotOf(id);
        if (slot < 0) {
            return false;
        }
        deleteAt(slot);
        size--;
        return true;
    }

    /** Removes every id and returns them, in no particular order. */
    public long[] drain() {
        long[] drained = new long[size];
        int next = 0;
        for (int i = 0; i < ids.length; i++) {
            if (occupied[i]) {
                drained[next++] = ids[i];
            }
        }
        Arrays.fill(occupied, false);
        size = 0;
        return drained;
    }

    private int slotOf(long id) {
        int mask = ids.length - 1;
        for (int slot = home(id, mask); occupied[slot]; slot = (slot + 1) & mask) {
            if (ids[slot] == id) {
                return slot;
            }
        }
        return -1;
    }

    private void insert(long id) {
        int mask = ids.length - 1;
        int slot = home(id, mask);
        while (occupied[slot]) {
            slot = (slot + 1) & mask;
        }
        ids[slot] = id;
        occupied[slot] = true;
    }

    /** Linear-probing deletion without tombstones: shifts later members of the run back. */
    private void deleteAt(int slot) {
        int mask = ids.length - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (occupied[next]) {
            int home = home(ids[next], mask);
            boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                ids[hole] = ids[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        occupied[hole] = false;
    }

    private void grow() {
        long[] oldIds = ids;
        boolean[] oldOccupied = occupied;
        ids = new long[oldIds.length * 2];
        occupied = new boolean[oldIds.length * 2];
        for (int i = 0; i < oldIds.length; i++) {
            if (oldOccupied[i]) {
                insert(oldIds[i]);
            }
        }
    }

    /** The murmur3 finalizer spreads sequential ids over the table. */
    private static int home(long id, int mask) {
        long h = id;
        h ^= h >>> MIX_SHIFT;
        h *= MIX_1;
        h ^= h >>> MIX_SHIFT;
        h *= MIX_2;
        h ^= h >>> MIX_SHIFT;
        return (int) h & mask;
    }
}
