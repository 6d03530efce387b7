package io.netdata.netipc.transport.uds;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.testsupport.SeedCorpus;
import io.netdata.netipc.transport.TransportError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the seed corpus of {@link UdsReceiveFuzzTest} committed, current and true to its file names. */
class UdsReceiveSeedsTest {
    private static final SortedMap<String, byte[]> SEEDS = UdsReceiveSeeds.generate();

    @TempDir
    static Path runDir;
    private static UdsListener listener;

    @BeforeAll
    static void openListener() throws Exception {
        listener = HandMadePeers.victimListener(runDir);
    }

    @AfterAll
    static void closeListener() {
        listener.close();
    }

    @Test
    void committedCorpusMatchesTheGenerator() throws IOException {
        SeedCorpus.assertCommitted(UdsReceiveFuzzTest.class, SEEDS);
    }

    @TestFactory
    Stream<DynamicTest> validSeedsAreDeliveredAndBadSeedsBreakTheSession() {
        return SEEDS.entrySet().stream()
                .filter(seed -> name(seed).startsWith("valid-") || name(seed).startsWith("bad-"))
                .map(seed -> DynamicTest.dynamicTest(seed.getKey(), () -> {
                    boolean client = seed.getKey().contains("/" + UdsReceiveSeeds.CLIENT_SESSION + "/");
                    UdsReceiveFuzzTest.Outcome outcome;
                    try (HandMadePeers.Victim victim = client ? HandMadePeers.clientVictim(listener)
                            : HandMadePeers.serverVictim(listener)) {
                        outcome = UdsReceiveFuzzTest.attack(victim, UdsReceiveFuzzTest.packets(seed.getValue()));
                    }
                    if (name(seed).startsWith("valid-")) {
                        assertThat(outcome.delivered()).as("messages delivered").isPositive();
                        assertThat(outcome.end()).isEqualTo(TransportError.PEER_CLOSED);
                    } else {
                        assertThat(outcome.end()).isIn(TransportError.PROTOCOL_VIOLATION,
                                TransportError.LIMIT_EXCEEDED);
                    }
                }));
    }

    private static String name(Map.Entry<String, byte[]> seed) {
        return seed.getKey().substring(seed.getKey().lastIndexOf('/') + 1);
    }
}
