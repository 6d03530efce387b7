package io.netdata.netipc.cache;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.internal.Utf8Chars;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The lookup index of one snapshot, by {@code hash + name}, with a worst case
 * bounded whatever hashes the producer sends.
 *
 * <p>The hashes are the producer's: a producer that sends one hash for many
 * names, or hashes that share their low bits, would turn a plain hash table
 * into a list, built in quadratic time under the refresh lock and searched
 * linearly by every lookup. The reference mixes a hash of the name itself into
 * the slot; that costs a pass over the name on every lookup and still leaves
 * duplicate names, and names crafted to collide in that hash, in one chain.
 * Here instead:
 *
 * <ul>
 *   <li><b>Probing</b> (every honest producer): open addressing over the hash
 *       spread by Fibonacci hashing (so hashes differing only in high bits spread
 *       too), at most half full. An item is placed at most
 *       {@link #MAX_DISPLACEMENT} slots past its home, behind at most
 *       {@link #MAX_EQUAL_HASHES} items of its hash, so a lookup visits at most
 *       {@code MAX_DISPLACEMENT + 1} slots and compares at most
 *       {@code MAX_EQUAL_HASHES + 1} names, found or not.</li>
 *   <li><b>Sorted</b> (a snapshot that would break either bound, which random
 *       32-bit hashes do not do at any realistic size): the items sorted by hash,
 *       then name bytes, searched by bisection: {@code O(log n)} comparisons a
 *       lookup and {@code O(n log n)} to build, whatever the producer sent.</li>
 * </ul>
 *
 * <p>Either way a lookup allocates nothing, and among items with equal hash and
 * name it finds the producer's first.
 *
 * <p>Thread-safety: immutable once built.
 */
final class CgroupsIndex {
    /** The most slots an item may sit past its home slot (random hashes stay far below it). */
    static final int MAX_DISPLACEMENT = 64;
    /** The most items of one hash a probe may pass (equal 32-bit hashes are rare among honest names). */
    static final int MAX_EQUAL_HASHES = 8;
    /** The table is kept at most half full, so probes stay short. */
    private static final int LOAD_FACTOR_INVERSE = 2;
    /** 2^64 divided by the golden ratio: multiplying by it spreads every bit of a key into the high bits. */
    private static final long FIBONACCI = 0x9E3779B97F4A7C15L;
    private static final int BYTE_MASK = 0xFF;
    private static final Comparator<CachedCgroup> ORDER = Comparator.comparingLong(CachedCgroup::hash)
            .thenComparing(CachedCgroup::name);

    /** Probing: the item per slot (null when empty) and its hash beside it; null when sorted. */
    private final CachedCgroup[] slots;
    private final long[] slotHashes;
    private final int mask;
    /** Probing: how far right the mixed hash shifts to leave the slot number. */
    private final int shift;
    /** Sorted: the items in {@link #ORDER} and their hashes; null when probing. */
    private final CachedCgroup[] sorted;
    private final long[] sortedHashes;

    private CgroupsIndex(CachedCgroup[] slots, CachedCgroup[] sorted) {
        this.slots = slots;
        this.slotHashes = slots != null ? hashesOf(slots) : null;
        this.mask = slots != null ? slots.length - 1 : 0;
        this.shift = slots != null ? Long.SIZE - Integer.numberOfTrailingZeros(slots.length) : 0;
        this.sorted = sorted;
        this.sortedHashes = sorted != null ? hashesOf(sorted) : null;
    }

    /** Indexes {@code items}: a probing table when the bounds hold, sorted order otherwise. */
    static CgroupsIndex of(List<CachedCgroup> items) {
        CachedCgroup[] table = probingTable(items);
        if (table != null) {
            return new CgroupsIndex(table, null);
        }
        CachedCgroup[] ordered = items.toArray(new CachedCgroup[0]);
        // Arrays.sort of objects is stable: the producer's first of equal items stays first.
        Arrays.sort(ordered, ORDER);
        return new CgroupsIndex(null, ordered);
    }

    /** True when the items are searched in sorted order (a producer that broke the probing bounds). */
    boolean isSorted() {
        return sorted != null;
    }

    /** The item with {@code hash} and exactly the bytes of {@code name}, or null. */
    CachedCgroup get(long hash, ByteSource name) {
        return slots != null ? probe(hash, name, false) : search(hash, name, false);
    }

    /** The item with {@code hash} whose name is the UTF-8 encoding of {@code name}, or null. */
    CachedCgroup get(long hash, CharSequence name) {
        return slots != null ? probe(hash, name, true) : search(hash, name, true);
    }

    /**
     * The table, or null when an item would sit more than {@link #MAX_DISPLACEMENT} slots past its home or
     * behind more than {@link #MAX_EQUAL_HASHES} items of its hash: building stops there, so it costs at most
     * {@code MAX_DISPLACEMENT + 1} steps an item.
     */
    private static CachedCgroup[] probingTable(List<CachedCgroup> items) {
        int size = Integer.highestOneBit(Math.max(1, items.size() * LOAD_FACTOR_INVERSE - 1)) << 1;
        int shift = Long.SIZE - Integer.numberOfTrailingZeros(size);
        CachedCgroup[] table = new CachedCgroup[size];
        for (CachedCgroup item : items) {
            int slot = home(item.hash(), shift);
            int equalHashes = 0;
            for (int displacement = 0; table[slot] != null; displacement++) {
                if (displacement == MAX_DISPLACEMENT
                        || (table[slot].hash() == item.hash() && ++equalHashes > MAX_EQUAL_HASHES)) {
                    return null;
                }
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = item;
        }
        return table;
    }

    /** The home slot of {@code hash}: the top bits of its Fibonacci product, which every bit of it moves. */
    private static int home(long hash, int shift) {
        return (int) ((hash * FIBONACCI) >>> shift);
    }

    private static long[] hashesOf(CachedCgroup[] items) {
        long[] hashes = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            hashes[i] = items[i] != null ? items[i].hash() : 0;
        }
        return hashes;
    }

    /** Probing: every item of {@code hash} sits within {@link #MAX_DISPLACEMENT} slots of its home. */
    private CachedCgroup probe(long hash, Object name, boolean text) {
        int slot = home(hash, shift);
        for (int visited = 0; visited <= MAX_DISPLACEMENT; visited++, slot = (slot + 1) & mask) {
            CachedCgroup candidate = slots[slot];
            if (candidate == null) {
                return null;
            }
            if (slotHashes[slot] == hash && sameName(candidate, name, text)) {
                return candidate;
            }
        }
        return null;
    }

    /** Sorted: bisection to the first item not before {@code hash + name}, then whether it is that key. */
    private CachedCgroup search(long hash, Object name, boolean text) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (compare(middle, hash, name, text) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low < sorted.length && compare(low, hash, name, text) == 0 ? sorted[low] : null;
    }

    /** Compares the sorted item at {@code index} with the key {@code hash + name}, in {@link #ORDER}. */
    private int compare(int index, long hash, Object name, boolean text) {
        int byHash = Long.compare(sortedHashes[index], hash);
        return byHash != 0 ? byHash : compareName(sorted[index], name, text);
    }

    /**
     * Whether an item's name is the looked-up one: {@code name} is a {@link CharSequence}
     * (its UTF-8 encoding) when {@code text}, a {@link ByteSource} otherwise.
     */
    private static boolean sameName(CachedCgroup item, Object name, boolean text) {
        return text ? Utf8Chars.contentEquals(item.name(), (CharSequence) name)
                : item.name().contentEquals((ByteSource) name);
    }

    /** Compares an item's name with a looked-up one (as {@link #sameName}), in the byte order of {@link #ORDER}. */
    private static int compareName(CachedCgroup item, Object name, boolean text) {
        return text ? Utf8Chars.compare(item.name(), (CharSequence) name)
                : compareBytes(item.name(), (ByteSource) name);
    }

    /** Unsigned lexicographic order, a prefix first (that of {@code ByteString.compareTo}). */
    private static int compareBytes(ByteSource left, ByteSource right) {
        int common = Math.min(left.length(), right.length());
        for (int i = 0; i < common; i++) {
            int difference = (left.byteAt(i) & BYTE_MASK) - (right.byteAt(i) & BYTE_MASK);
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(left.length(), right.length());
    }
}
