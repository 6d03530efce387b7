package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.testsupport.SeedCorpus;
import io.netdata.netipc.transport.TransportError;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Keeps the seed corpus of {@link ShmRegionFuzzTest} committed, current and true to its file names. */
class ShmRegionSeedsTest {
    private static final SortedMap<String, byte[]> SEEDS = ShmRegionSeeds.generate();

    @Test
    void committedCorpusMatchesTheGenerator() throws IOException {
        SeedCorpus.assertCommitted(ShmRegionFuzzTest.class, SEEDS);
    }

    @TestFactory
    Stream<DynamicTest> validSeedsAreAcceptedAndBadSeedsRefused() {
        return SEEDS.entrySet().stream()
                .filter(seed -> name(seed).startsWith("valid-") || name(seed).startsWith("bad-"))
                .map(seed -> DynamicTest.dynamicTest(seed.getKey(), () -> {
                    boolean valid = name(seed).startsWith("valid-");
                    if (seed.getKey().contains("/" + ShmRegionSeeds.ATTACH_HEADER + "/")) {
                        ShmRegionError[] verdicts = ShmRegionFuzzTest.attach(seed.getValue());
                        assertThat(verdicts).as("verdicts under every ceiling pair")
                                .allMatch(verdict -> (verdict == null) == valid);
                    } else {
                        TransportError[] outcomes = ShmRegionFuzzTest.consume(seed.getValue());
                        boolean refused = Arrays.stream(outcomes).anyMatch(outcome -> outcome != null
                                && outcome != TransportError.TIMEOUT);
                        boolean delivered = Arrays.stream(outcomes).anyMatch(Objects::isNull);
                        assertThat(refused).as("outcomes %s", Arrays.toString(outcomes)).isEqualTo(!valid);
                        if (valid) {
                            assertThat(delivered).as("a valid snapshot delivers a message").isTrue();
                        }
                    }
                }));
    }

    private static String name(Map.Entry<String, byte[]> seed) {
        return seed.getKey().substring(seed.getKey().lastIndexOf('/') + 1);
    }
}
