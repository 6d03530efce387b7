package io.netdata.netipc.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netdata.netipc.protocol.fuzz.Walkers.BatchWalk;
import io.netdata.netipc.protocol.fuzz.Walkers.MessageWalk;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the committed seed corpus honest: it must be exactly what
 * {@link SeedCorpusGenerator} produces today, its {@code valid-} seeds must
 * decode in full and its {@code bad-} seeds must be rejected, every target
 * must have seeds, and the whole corpus must stay small.
 */
class SeedCorpusTest {
    private static final SortedMap<String, byte[]> SEEDS = SeedCorpusGenerator.generate();
    private static final int MIN_SEEDS_PER_TARGET = 10;
    private static final long MAX_CORPUS_BYTES = 300 * 1024;

    @Test
    void committedCorpusMatchesTheGenerator() throws IOException {
        for (Map.Entry<String, byte[]> seed : SEEDS.entrySet()) {
            try (InputStream committed = SeedCorpusTest.class.getResourceAsStream(seed.getKey())) {
                assertThat(committed).as("seed %s is committed; regenerate the corpus (see SeedCorpusGenerator)",
                        seed.getKey()).isNotNull();
                assertThat(committed.readAllBytes()).as("seed %s is up to date; regenerate the corpus "
                        + "(see SeedCorpusGenerator)", seed.getKey()).isEqualTo(seed.getValue());
            }
        }
    }

    @Test
    void everyTargetHasSeedsAndTheCorpusStaysSmall() {
        long total = 0;
        for (FuzzTarget target : FuzzTarget.values()) {
            long count = SEEDS.keySet().stream().filter(key -> key.startsWith(target.seedDirectory() + "/")).count();
            assertThat(count).as("seeds of %s", target).isGreaterThanOrEqualTo(MIN_SEEDS_PER_TARGET);
            assertThat(SEEDS.keySet()).as("valid seeds of %s", target)
                    .anyMatch(key -> key.startsWith(target.seedDirectory() + "/valid-"));
        }
        for (byte[] seed : SEEDS.values()) {
            total += seed.length;
        }
        assertThat(total).as("total corpus bytes").isLessThanOrEqualTo(MAX_CORPUS_BYTES);
    }

    @Test
    void everyTargetIsDrivenByAFuzzTestOfTheSameName() throws ReflectiveOperationException {
        for (FuzzTarget target : FuzzTarget.values()) {
            Class<?> testClass = Class.forName(SeedCorpusTest.class.getPackageName() + "." + target.testClass);
            Method method = testClass.getDeclaredMethod(target.method, byte[].class);
            assertThat(method.isAnnotationPresent(FuzzTest.class)).as("%s is a @FuzzTest", method).isTrue();
        }
    }

    /** {@code valid-} seeds decode without any {@code CodecException}; {@code bad-} seeds are rejected. */
    @TestFactory
    Stream<DynamicTest> seedClassesHoldTheirPromise() {
        return SEEDS.entrySet().stream()
                .filter(seed -> fileName(seed.getKey()).startsWith("valid-") || fileName(seed.getKey()).startsWith("bad-"))
                .map(seed -> DynamicTest.dynamicTest(seed.getKey(), () -> {
                    FuzzTarget target = targetOf(seed.getKey());
                    byte[] bytes = seed.getValue();
                    Outcome outcome = Outcome.of(() -> target.walk(ViewPool.fresh(), ByteBuffer.wrap(bytes), 0,
                            bytes.length));
                    boolean decodedInFull = outcome.ok() && decodedInFull(outcome.value());
                    assertThat(decodedInFull).as("%s decoded in full: %s", seed.getKey(), outcome)
                            .isEqualTo(fileName(seed.getKey()).startsWith("valid-"));
                }));
    }

    /** False when any part of a walk result was rejected (a payload, a batch item, a snapshot item). */
    private static boolean decodedInFull(Object walked) {
        if (walked instanceof MessageWalk message) {
            Object payload = message.payload();
            return payload instanceof Outcome outcome ? outcome.ok() && decodedInFull(outcome.value())
                    : decodedInFull(payload);
        }
        if (walked instanceof BatchWalk batch) {
            return batch.decoded() == null
                    || batch.decoded().stream().allMatch(item -> item.ok() && decodedInFull(item.value()));
        }
        if (walked instanceof String marker) {
            return marker.equals(Walkers.NO_PAYLOAD_CODEC);
        }
        return !(walked instanceof Walkers.PartialSnapshot);
    }

    private static FuzzTarget targetOf(String key) {
        for (FuzzTarget target : FuzzTarget.values()) {
            if (key.startsWith(target.seedDirectory() + "/")) {
                return target;
            }
        }
        throw new IllegalArgumentException(key);
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
