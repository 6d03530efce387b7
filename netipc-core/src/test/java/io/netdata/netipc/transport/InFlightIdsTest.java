package io.netdata.netipc.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.transport.InFlightIds.AddResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's in-flight id set: an open-addressing table of primitive longs
 * with linear probing and deletion by backward shift, capped at
 * {@link InFlightIds#MAX_IN_FLIGHT} ids (2^20: a table of 2^21 slots, about
 * 18 MiB of arrays, cheap enough to fill in a test).
 */
class InFlightIdsTest {
    /** Slots of a fresh set; it holds up to half as many ids before growing. */
    private static final int INITIAL_SLOTS = 16;

    @Test
    void aNewSetIsEmpty() {
        InFlightIds ids = new InFlightIds();
        assertThat(ids.isEmpty()).isTrue();
        assertThat(ids.size()).isZero();
        assertThat(ids.contains(0)).isFalse();
        assertThat(ids.remove(0)).isFalse();
        assertThat(ids.drain()).isEmpty();
    }

    @Test
    void addContainsAndRemoveTrackOneId() {
        InFlightIds ids = new InFlightIds();
        assertThat(ids.add(42)).isEqualTo(AddResult.ADDED);
        assertThat(ids.contains(42)).isTrue();
        assertThat(ids.contains(43)).isFalse();
        assertThat(ids.size()).isEqualTo(1);
        assertThat(ids.isEmpty()).isFalse();
        assertThat(ids.remove(43)).isFalse();
        assertThat(ids.remove(42)).isTrue();
        assertThat(ids.remove(42)).as("already removed").isFalse();
        assertThat(ids.contains(42)).isFalse();
        assertThat(ids.isEmpty()).isTrue();
    }

    @Test
    void aDuplicateIsRefusedAndLeavesTheSetAsItWas() {
        InFlightIds ids = new InFlightIds();
        ids.add(7);
        ids.add(8);
        assertThat(ids.add(7)).isEqualTo(AddResult.DUPLICATE);
        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.remove(7)).isTrue();
        assertThat(ids.add(7)).as("free again once removed").isEqualTo(AddResult.ADDED);
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(longs = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL, 1L << 32, -4242})
    void zeroNegativeAndExtremeIdsAreOrdinaryIds(long id) {
        InFlightIds ids = new InFlightIds();
        assertThat(ids.contains(id)).isFalse();
        assertThat(ids.add(id)).isEqualTo(AddResult.ADDED);
        assertThat(ids.add(id)).isEqualTo(AddResult.DUPLICATE);
        assertThat(ids.contains(id)).isTrue();
        assertThat(ids.contains(id + 1)).isFalse();
        assertThat(ids.drain()).containsExactly(id);
        assertThat(ids.contains(id)).isFalse();
    }

    @Test
    void zeroIsNotConfusedWithAnEmptySlot() {
        // An empty slot also holds the value 0; only the occupancy flag tells them apart.
        InFlightIds ids = new InFlightIds();
        ids.add(1);
        assertThat(ids.contains(0)).isFalse();
        assertThat(ids.remove(0)).isFalse();
        ids.add(0);
        assertThat(ids.contains(0)).isTrue();
        assertThat(ids.remove(1)).isTrue();
        assertThat(ids.contains(0)).isTrue();
        assertThat(ids.drain()).containsExactly(0L);
    }

    @Test
    void drainReturnsEveryIdOnceAndEmptiesTheSet() {
        InFlightIds ids = new InFlightIds();
        for (long id = -50; id < 50; id++) {
            ids.add(id * 1_000_003);
        }
        long[] drained = ids.drain();
        assertThat(drained).hasSize(100).doesNotHaveDuplicates();
        for (long id = -50; id < 50; id++) {
            assertThat(drained).contains(id * 1_000_003);
        }
        assertThat(ids.isEmpty()).isTrue();
        assertThat(ids.contains(0)).isFalse();
        assertThat(ids.drain()).isEmpty();
        assertThat(ids.add(0)).as("usable after a drain").isEqualTo(AddResult.ADDED);
        assertThat(ids.drain()).containsExactly(0L);
    }

    @Test
    void theTableGrowsFarBeyondItsInitialSizeAndKeepsEveryId() {
        InFlightIds ids = new InFlightIds();
        int count = 100_000;
        for (long id = 0; id < count; id++) {
            assertThat(ids.add(id)).isEqualTo(AddResult.ADDED);
        }
        assertThat(ids.size()).isEqualTo(count);
        for (long id = 0; id < count; id++) {
            assertThat(ids.contains(id)).isTrue();
        }
        assertThat(ids.contains(count)).isFalse();
        assertThat(ids.contains(-1)).isFalse();
        for (long id = 0; id < count; id += 2) {
            assertThat(ids.remove(id)).isTrue();
        }
        for (long id = 0; id < count; id++) {
            assertThat(ids.contains(id)).as("id %d", id).isEqualTo(id % 2 == 1);
        }
        for (long id = 1; id < count; id += 2) {
            assertThat(ids.remove(id)).isTrue();
        }
        assertThat(ids.isEmpty()).isTrue();
    }

    @Test
    void aFullSetRefusesNewIdsStillTellsDuplicatesAndTakesOneAgainAfterARemoval() {
        InFlightIds ids = new InFlightIds();
        for (long id = 0; id < InFlightIds.MAX_IN_FLIGHT; id++) {
            ids.add(id);
        }
        assertThat(ids.size()).isEqualTo(InFlightIds.MAX_IN_FLIGHT);
        long next = InFlightIds.MAX_IN_FLIGHT;
        assertThat(ids.add(next)).isEqualTo(AddResult.FULL);
        assertThat(ids.contains(next)).isFalse();
        assertThat(ids.add(5)).as("a present id is a duplicate even when full").isEqualTo(AddResult.DUPLICATE);
        assertThat(ids.size()).isEqualTo(InFlightIds.MAX_IN_FLIGHT);
        assertThat(ids.remove(5)).isTrue();
        assertThat(ids.add(next)).isEqualTo(AddResult.ADDED);
        assertThat(ids.add(next + 1)).isEqualTo(AddResult.FULL);
        assertThat(ids.contains(next)).isTrue();
        assertThat(ids.contains(5)).isFalse();
    }

    /**
     * The home slot of {@code id} in a table of {@code slots} slots, by the
     * murmur3 64-bit finalizer the set documents. Only used to aim ids at the
     * end of the table; every assertion goes through the public API, so a
     * change of hash makes these tests less pointed, never wrong.
     */
    private static int home(long id, int slots) {
        long h = id;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & (slots - 1);
    }

    /** The first {@code count} non-negative ids whose home is {@code slot} in a fresh set. */
    private static List<Long> idsWithHome(int slot, int count) {
        List<Long> found = new ArrayList<>();
        for (long id = 0; found.size() < count; id++) {
            if (home(id, INITIAL_SLOTS) == slot) {
                found.add(id);
            }
        }
        return found;
    }

    /** Every ordering of {@code values}. */
    private static List<List<Long>> permutations(List<Long> values) {
        if (values.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Long>> all = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            List<Long> rest = new ArrayList<>(values);
            Long first = rest.remove(i);
            for (List<Long> tail : permutations(rest)) {
                List<Long> ordering = new ArrayList<>();
                ordering.add(first);
                ordering.addAll(tail);
                all.add(ordering);
            }
        }
        return all;
    }

    @Test
    void removalsInsideProbeRunsThatWrapPastTheEndOfTheTableKeepEveryOtherIdReachable() {
        // Two ids homed at the last slot, one just before it, and two at the first slots: their runs
        // wrap from slot 15 into slots 0, 1, 2 and collide with the ids that live there. Every order of
        // insertion and every order of removal must leave the rest findable.
        List<Long> ids = new ArrayList<>();
        ids.addAll(idsWithHome(INITIAL_SLOTS - 1, 2));
        ids.addAll(idsWithHome(INITIAL_SLOTS - 2, 1));
        ids.addAll(idsWithHome(0, 1));
        ids.addAll(idsWithHome(1, 1));
        List<List<Long>> orders = permutations(ids);
        for (List<Long> insertion : orders) {
            for (List<Long> removal : orders) {
                InFlightIds set = new InFlightIds();
                insertion.forEach(set::add);
                Set<Long> expected = new HashSet<>(ids);
                for (Long id : removal) {
                    assertThat(set.remove(id)).isTrue();
                    expected.remove(id);
                    for (Long other : ids) {
                        assertThat(set.contains(other)).as("insert %s, remove %s: %d", insertion, removal, other)
                                .isEqualTo(expected.contains(other));
                    }
                    assertThat(set.size()).isEqualTo(expected.size());
                }
            }
        }
    }

    @Test
    void reAddingIntoAWrappedRunAfterRemovalsFindsEachIdOnce() {
        List<Long> last = idsWithHome(INITIAL_SLOTS - 1, 4);
        InFlightIds set = new InFlightIds();
        last.forEach(set::add);
        assertThat(set.remove(last.get(1))).isTrue();
        assertThat(set.add(last.get(3))).isEqualTo(AddResult.DUPLICATE);
        assertThat(set.add(last.get(1))).isEqualTo(AddResult.ADDED);
        assertThat(set.drain()).containsExactlyInAnyOrder(toArray(last));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 0xC0FFEE})
    void randomOperationsAgreeWithAHashSet(long seed) {
        Random random = new Random(seed);
        InFlightIds set = new InFlightIds();
        Set<Long> reference = new HashSet<>();
        for (int step = 0; step < 50_000; step++) {
            // A small universe makes duplicates, misses and long probe runs common; the range moves
            // up over the run so the table keeps growing.
            long id = randomId(random, step);
            int op = random.nextInt(1000);
            String at = "seed " + seed + " step " + step + " id " + id;
            if (op < 550) {
                AddResult expected = reference.add(id) ? AddResult.ADDED : AddResult.DUPLICATE;
                assertThat(set.add(id)).as(at).isEqualTo(expected);
            } else if (op < 900) {
                assertThat(set.remove(id)).as(at).isEqualTo(reference.remove(id));
            } else if (op < 998) {
                assertThat(set.contains(id)).as(at).isEqualTo(reference.contains(id));
            } else {
                long[] drained = set.drain();
                assertThat(drained).as(at).hasSize(reference.size());
                assertThat(drained).as(at).containsExactlyInAnyOrder(toArray(reference));
                reference.clear();
            }
            assertThat(set.size()).as(at).isEqualTo(reference.size());
            assertThat(set.isEmpty()).as(at).isEqualTo(reference.isEmpty());
        }
        for (Long id : reference) {
            assertThat(set.contains(id)).isTrue();
        }
    }

    private static long[] toArray(Collection<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static long randomId(Random random, int step) {
        return switch (random.nextInt(10)) {
            case 0 -> -random.nextInt(64);
            case 1 -> Long.MIN_VALUE + random.nextInt(4);
            case 2 -> Long.MAX_VALUE - random.nextInt(4);
            default -> random.nextInt(64 + step / 10);
        };
    }
}
