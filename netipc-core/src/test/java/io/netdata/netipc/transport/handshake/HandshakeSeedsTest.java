package io.netdata.netipc.transport.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.testsupport.SeedCorpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Keeps the seed corpus of {@link HandshakeFuzzTest} committed, current and true to its file names. */
class HandshakeSeedsTest {
    private static final SortedMap<String, byte[]> SEEDS = HandshakeSeeds.generate();

    @Test
    void committedCorpusMatchesTheGenerator() throws IOException {
        SeedCorpus.assertCommitted(HandshakeFuzzTest.class, SEEDS);
    }

    @TestFactory
    Stream<DynamicTest> validSeedsAreAcceptedAndBadSeedsRefusedEverywhere() {
        return SEEDS.entrySet().stream()
                .filter(seed -> name(seed).startsWith("valid-") || name(seed).startsWith("bad-"))
                .map(seed -> DynamicTest.dynamicTest(seed.getKey(), () -> {
                    boolean valid = name(seed).startsWith("valid-");
                    if (seed.getKey().contains("/" + HandshakeSeeds.SERVER_HELLO + "/")) {
                        for (ServerHandshakeConfig config : HandshakeFuzzTest.SERVERS) {
                            assertThat(serverAccepts(seed.getValue(), config)).as("%s under %s", seed.getKey(),
                                    config).isEqualTo(valid);
                        }
                    } else {
                        for (Hello hello : HandshakeFuzzTest.HELLOS) {
                            assertThat(clientAccepts(seed.getValue(), hello)).as("%s after %s", seed.getKey(),
                                    hello).isEqualTo(valid);
                        }
                    }
                }));
    }

    private static boolean serverAccepts(byte[] packet, ServerHandshakeConfig config) {
        return ServerHandshake.evaluate(ByteBuffer.wrap(packet), 0, packet.length, config,
                HandshakeFuzzTest.SERVER_PACKET, HandshakeFuzzTest.SESSION_ID) instanceof ServerDecision.Accept;
    }

    private static boolean clientAccepts(byte[] packet, Hello hello) {
        return HandshakeFuzzTest.ClientOutcome.of(ByteBuffer.wrap(packet), 0, packet.length, hello).error() == null;
    }

    private static String name(Map.Entry<String, byte[]> seed) {
        return seed.getKey().substring(seed.getKey().lastIndexOf('/') + 1);
    }
}
