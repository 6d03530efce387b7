package io.netdata.netipc.service.client;

import static org.assertj.core.api.Assertions.assertThat;
import static io.netdata.netipc.service.client.ServiceAssertions.assertFails;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CGROUPS_LOOKUP client's logical calls: split to the request ceiling,
 * PAYLOAD_EXCEEDED suffixes asked again, OVERSIZED_ITEM for a path no request
 * carries, and the whole call refused on a wrong count, echo or generation.
 */
class CgroupsLookupClientTest {
    private static final String SERVICE = "cgroups-lookup";
    private static final long TOKEN = 99;
    private static final long SERVER_MAX_REQUEST = 1 << 16;
    private static final long GENERATION = 7;
    private static final long SMALL_RESPONSE = 4096;
    private static final int ORCHESTRATOR = 1;
    private static final int THREADS = 8;
    private static final int LOOKUPS_PER_THREAD = 50;
    private static final int PATHS_PER_LOOKUP = 12;
    private static final List<LookupLabel> LABELS = List.of(new LookupLabel(ByteString.utf8("app"),
            ByteString.utf8("netdata")));

    @TempDir
    Path runDir;

    private RespondingTestServer server;
    private CgroupsLookupClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A server answering like the reference: every path known, echoed, its budget enforced by the builder. */
    private void startServer(long maxResponse, Generation generation, Echo echo) throws Exception {
        server = RespondingTestServer.start(new ServiceEndpoint(runDir, SERVICE), new ServerHandshakeConfig(
                Wire.PROFILE_BASELINE, 0, SERVER_MAX_REQUEST, maxResponse, TOKEN, 0), (request, answer, capacity) -> {
                    CgroupsLookupRequestView paths = new CgroupsLookupRequestView().wrap(request.buffer(),
                            request.payloadOffset(), request.payloadLength());
                    CgroupsLookupResponseBuilder builder = new CgroupsLookupResponseBuilder().reset(answer, 0,
                            capacity, paths.itemCount() + echo.extraItems, generation.next());
                    builder.setPayloadExceededSuffixBytes(
                            echo.extraItems == 0 ? CgroupsLookupResponseBuilder.payloadExceededSuffixBytes(paths)
                                    : null);
                    BytesView path = new BytesView();
                    for (int i = 0; i < paths.itemCount(); i++) {
                        ByteString echoed = echo.wrongPath ? ByteString.utf8("/elsewhere")
                                : ByteString.copyOf(paths.path(i, path));
                        builder.add(CgroupLookupStatus.KNOWN, ORCHESTRATOR, echoed, nameOf(echoed), LABELS);
                    }
                    for (int i = 0; i < echo.extraItems; i++) {
                        builder.add(CgroupLookupStatus.KNOWN, ORCHESTRATOR, ByteString.utf8("/extra"),
                                ByteString.utf8("extra"), LABELS);
                    }
                    return builder.finish();
                });
    }

    private static ByteString nameOf(ByteString path) {
        return ByteString.utf8("name of " + path.asString());
    }

    /** The generation each answer carries. */
    private static final class Generation {
        private final AtomicLong value = new AtomicLong(GENERATION);
        private final boolean changes;

        Generation(boolean changes) {
            this.changes = changes;
        }

        long next() {
            return changes ? value.getAndIncrement() : value.get();
        }
    }

    /** How the server echoes: faithfully, with a wrong path, or with extra items. */
    private record Echo(boolean wrongPath, int extraItems) {
        static final Echo FAITHFUL = new Echo(false, 0);
    }

    private CgroupsLookupClient client(Consumer<ClientConfig.Builder> settings) throws ServiceException {
        ClientConfig.Builder builder = ClientConfig.builder(runDir, SERVICE).authToken(TOKEN);
        settings.accept(builder);
        client = CgroupsLookupClient.create(builder.build());
        client.refresh();
        assertThat(client.ready()).as("%s", client.status()).isTrue();
        return client;
    }

    private static List<ByteString> paths(int count, int length) {
        return IntStream.range(0, count).mapToObj(i -> ByteString.utf8(String.format("/%0" + (length - 1) + "d", i)))
                .toList();
    }

    private static void assertAnswers(CgroupsLookupResponseView answers, List<ByteString> paths) {
        assertThat(answers.itemCount()).isEqualTo(paths.size());
        assertThat(answers.generation()).isEqualTo(GENERATION);
        CgroupsLookupItemView item = new CgroupsLookupItemView();
        for (int i = 0; i < paths.size(); i++) {
            answers.item(i, item);
            assertThat(item.path().toByteString()).isEqualTo(paths.get(i));
            assertThat(item.status()).isEqualTo(CgroupLookupStatus.KNOWN);
            assertThat(item.name().toByteString()).isEqualTo(nameOf(paths.get(i)));
            assertThat(item.labelCount()).isOne();
        }
    }

    @Test
    void aLookupThatFitsIsOneRoundTrip() throws Exception {
        startServer(1 << 16, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> { });
        List<ByteString> paths = paths(5, 20);

        assertAnswers(c.call(paths), paths);
        assertThat(c.status().callCount()).isOne();
    }

    @Test
    void noPathsIsStillOneRoundTripCarryingTheGeneration() throws Exception {
        startServer(1 << 16, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> { });

        CgroupsLookupResponseView answers = c.call(List.of());

        assertThat(answers.itemCount()).isZero();
        assertThat(answers.generation()).isEqualTo(GENERATION);
    }

    @Test
    void pathsBeyondTheRequestCeilingAreSplitAndStitchedInOrder() throws Exception {
        startServer(1 << 16, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxRequestPayloadBytes(256));
        List<ByteString> paths = paths(50, 30);

        assertAnswers(c.call(paths), paths);
        assertThat(c.status().callCount()).isGreaterThan(5);
    }

    @Test
    void answersTheServerCouldNotFitAreAskedAgain() throws Exception {
        // Room for every path as a PAYLOAD_EXCEEDED answer, not for all the full answers.
        startServer(SMALL_RESPONSE, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxRequestPayloadBytes(SERVER_MAX_REQUEST));
        List<ByteString> paths = paths(40, 24);

        assertAnswers(c.call(paths), paths);
        assertThat(c.status().callCount()).as("PAYLOAD_EXCEEDED suffixes resent").isGreaterThan(1);
    }

    @Test
    void aPathNoRequestCanCarryIsAnOversizedAnswerAndTheOthersAreStillLookedUp() throws Exception {
        startServer(1 << 16, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxRequestPayloadBytes(128));
        ByteString tooLong = ByteString.utf8("/" + "x".repeat(200));
        List<ByteString> paths = List.of(ByteString.utf8("/a"), tooLong, ByteString.utf8("/b"));

        CgroupsLookupResponseView answers = c.call(paths);

        assertThat(answers.itemCount()).isEqualTo(3);
        CgroupsLookupItemView item = answers.item(1);
        assertThat(item.status()).isEqualTo(CgroupLookupStatus.OVERSIZED_ITEM);
        assertThat(item.path().toByteString()).isEqualTo(tooLong);
        assertThat(answers.item(0).status()).isEqualTo(CgroupLookupStatus.KNOWN);
        assertThat(answers.item(2).name().toByteString()).isEqualTo(nameOf(ByteString.utf8("/b")));
    }

    @Test
    void subResponsesOfDifferentGenerationsFailTheWholeCall() throws Exception {
        startServer(1 << 16, new Generation(true), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxRequestPayloadBytes(128));

        assertFails(() -> c.call(paths(20, 30)), ServiceError.PROTOCOL);
    }

    @Test
    void anAnswerThatDoesNotEchoItsPathFailsTheCall() throws Exception {
        startServer(1 << 16, new Generation(false), new Echo(true, 0));
        CgroupsLookupClient c = client(b -> { });

        assertFails(() -> c.call(paths(3, 10)), ServiceError.PROTOCOL);
    }

    @Test
    void moreAnswersThanPathsFailTheCall() throws Exception {
        startServer(1 << 16, new Generation(false), new Echo(false, 1));
        CgroupsLookupClient c = client(b -> { });

        assertFails(() -> c.call(paths(3, 10)), ServiceError.PROTOCOL);
    }

    @Test
    void theLogicalCeilingsAreEnforced() throws Exception {
        startServer(1 << 16, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxLookupItems(10).maxLookupSubcalls(1).maxRequestPayloadBytes(128));

        assertFails(() -> c.call(paths(11, 10)), ServiceError.LIMIT);
        assertFails(() -> c.call(paths(10, 30)), ServiceError.LIMIT);
        assertFails(() -> c.call(List.of(ByteString.EMPTY)), ServiceError.PROTOCOL);
        assertThat(c.ready()).as("refused before any I/O").isTrue();
    }

    @Test
    void aStitchedAnswerLargerThanTheCeilingIsALimit() throws Exception {
        startServer(SMALL_RESPONSE, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxLookupResponseBytes(512).maxRequestPayloadBytes(SERVER_MAX_REQUEST));

        assertFails(() -> c.call(paths(40, 24)), ServiceError.LIMIT);
    }

    @Test
    void threadsSharingOneClientEachGetTheirOwnAnswers() throws Exception {
        startServer(1 << 16, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxRequestPayloadBytes(256));

        ConcurrentWorkers.lookUpTogether(c, THREADS, LOOKUPS_PER_THREAD, worker -> {
            List<ByteString> paths = IntStream.range(0, PATHS_PER_LOOKUP)
                    .mapToObj(i -> ByteString.utf8("/worker-" + worker + "/cgroup-" + i)).toList();
            return check -> {
                CgroupsLookupResponseView answers = c.call(paths);
                if (check) {
                    assertAnswers(answers, paths);
                }
            };
        });
    }

    @Test
    void aClientNotReadyFailsWithoutIoEvenWhenNoPathFitsARequest() throws Exception {
        client = CgroupsLookupClient.create(ClientConfig.builder(runDir, SERVICE).authToken(TOKEN)
                .maxRequestPayloadBytes(64).build());
        ByteString tooLong = ByteString.utf8("/" + "x".repeat(200));

        assertFails(() -> client.call(List.of(tooLong)), ServiceError.NOT_READY);
        assertFails(() -> client.call(List.of()), ServiceError.NOT_READY);
        assertThat(client.status().errorCount()).isEqualTo(2);
    }

    @Test
    void whenNoPathFitsARequestAnEmptyRequestStillBringsTheGeneration() throws Exception {
        startServer(1 << 16, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxRequestPayloadBytes(64));
        List<ByteString> paths = List.of(ByteString.utf8("/" + "x".repeat(200)), ByteString.utf8("/" + "y".repeat(100)));

        CgroupsLookupResponseView answers = c.call(paths);

        assertThat(answers.generation()).isEqualTo(GENERATION);
        assertThat(answers.itemCount()).isEqualTo(2);
        for (int i = 0; i < paths.size(); i++) {
            assertThat(answers.item(i).status()).isEqualTo(CgroupLookupStatus.OVERSIZED_ITEM);
            assertThat(answers.item(i).path().toByteString()).isEqualTo(paths.get(i));
        }
        assertThat(c.status().callCount()).as("one empty request").isOne();
    }

    @Test
    void theResponseCeilingBoundsAnAnswerOfOneResponseToo() throws Exception {
        startServer(1 << 16, new Generation(false), Echo.FAITHFUL);
        CgroupsLookupClient c = client(b -> b.maxLookupResponseBytes(128));

        assertFails(() -> c.call(paths(5, 20)), ServiceError.LIMIT);
        assertThat(c.ready()).as("the session is kept").isTrue();
        assertThat(c.call(paths(1, 2)).itemCount()).isOne();
    }
}
