package io.netdata.netipc.it;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every file of the interop codec fixture, in the order they are written.
 *
 * <p>Thread-safety: immutable.
 */
final class InteropFixtures {
    /** Room for the largest fixture message. */
    static final int BUFFER_CAPACITY = 8192;

    private static final List<InteropFixture> ALL = Stream.of(
                    EnvelopeFixtures.fixtures(),
                    CgroupsSnapshotFixtures.fixtures(),
                    CgroupsLookupFixtures.fixtures(),
                    AppsLookupFixtures.fixtures())
            .flatMap(List::stream)
            .toList();

    private InteropFixtures() {
    }

    static List<InteropFixture> all() {
        return ALL;
    }
}
