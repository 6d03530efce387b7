package io.netdata.netipc.service.client;

import static org.assertj.core.api.Assertions.assertThat;
import static io.netdata.netipc.service.client.ServiceAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseBuilder;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The APPS_LOOKUP client's logical calls over the shared {@link LogicalLookup} loop. */
class AppsLookupClientTest {
    private static final String SERVICE = "apps-lookup";
    private static final long TOKEN = 98;
    private static final long SERVER_MAX_REQUEST = 1 << 16;
    private static final long GENERATION = 11;
    private static final long SMALL_RESPONSE = 4096;
    private static final long PARENT = 1;
    private static final long UID = 1000;
    private static final int THREADS = 8;
    private static final int LOOKUPS_PER_THREAD = 50;
    private static final int PIDS_PER_LOOKUP = 20;
    private static final long WORKER_STRIDE = 1000;
    /** A request ceiling that holds the request header and no PID. */
    private static final long NO_PID_FITS = 16;

    @TempDir
    Path runDir;

    private RespondingTestServer server;
    private AppsLookupClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Answers every PID as a known process, echoing it (or PID + 1 when told to lie). */
    private void startServer(long maxResponse, boolean changingGeneration, boolean wrongEcho) throws Exception {
        AtomicLong generation = new AtomicLong(GENERATION);
        server = RespondingTestServer.start(new ServiceEndpoint(runDir, SERVICE), new ServerHandshakeConfig(
                Wire.PROFILE_BASELINE, 0, SERVER_MAX_REQUEST, maxResponse, TOKEN, 0), (request, answer, capacity) -> {
                    AppsLookupRequestView pids = new AppsLookupRequestView().wrap(request.buffer(),
                            request.payloadOffset(), request.payloadLength());
                    AppsLookupResponseBuilder builder = new AppsLookupResponseBuilder().reset(answer, 0, capacity,
                            pids.itemCount(), changingGeneration ? generation.getAndIncrement() : generation.get());
                    builder.setPayloadExceededSuffixBytes(
                            AppsLookupResponseBuilder.payloadExceededSuffixBytes(pids.itemCount()));
                    for (int i = 0; i < pids.itemCount(); i++) {
                        long pid = wrongEcho ? pids.pid(i) + 1 : pids.pid(i);
                        builder.add(PidLookupStatus.KNOWN, AppsCgroupStatus.UNKNOWN_RETRY_LATER, 0, pid, PARENT, UID, pid * 10,
                                ByteString.utf8("proc-" + pid), ByteString.EMPTY, ByteString.EMPTY, List.of());
                    }
                    return builder.finish();
                });
    }

    private AppsLookupClient client(Consumer<ClientConfig.Builder> settings) throws ServiceException {
        ClientConfig.Builder builder = ClientConfig.builder(runDir, SERVICE).authToken(TOKEN);
        settings.accept(builder);
        client = AppsLookupClient.create(builder.build());
        client.refresh();
        assertThat(client.ready()).as("%s", client.status()).isTrue();
        return client;
    }

    private static void assertAnswers(AppsLookupResponseView answers, long[] pids) {
        assertThat(answers.itemCount()).isEqualTo(pids.length);
        assertThat(answers.generation()).isEqualTo(GENERATION);
        AppsLookupItemView item = new AppsLookupItemView();
        for (int i = 0; i < pids.length; i++) {
            answers.item(i, item);
            assertThat(item.pid()).isEqualTo(pids[i]);
            assertThat(item.status()).isEqualTo(PidLookupStatus.KNOWN);
            assertThat(item.comm().asString()).isEqualTo("proc-" + pids[i]);
            assertThat(item.starttime()).isEqualTo(pids[i] * 10);
        }
    }

    @Test
    void aLookupThatFitsIsOneRoundTrip() throws Exception {
        startServer(1 << 16, false, false);
        AppsLookupClient c = client(b -> { });
        long[] pids = {1, 42, 4_000_000};

        assertAnswers(c.call(pids), pids);
        assertThat(c.status().callCount()).isOne();
        assertThat(c.call().itemCount()).isZero();
    }

    @Test
    void pidsBeyondTheRequestCeilingAreSplitAndStitchedInOrder() throws Exception {
        startServer(1 << 16, false, false);
        AppsLookupClient c = client(b -> b.maxRequestPayloadBytes(128));
        long[] pids = LongStream.rangeClosed(1, 50).toArray();

        assertAnswers(c.call(pids), pids);
        assertThat(c.status().callCount()).isGreaterThan(5);
    }

    @Test
    void answersTheServerCouldNotFitAreAskedAgain() throws Exception {
        startServer(SMALL_RESPONSE, false, false);
        AppsLookupClient c = client(b -> b.maxRequestPayloadBytes(SERVER_MAX_REQUEST));
        // 54 PIDs: their PAYLOAD_EXCEEDED answers fit 4 KiB, their full answers do not.
        long[] pids = LongStream.rangeClosed(1, 54).toArray();

        assertAnswers(c.call(pids), pids);
        assertThat(c.status().callCount()).isGreaterThan(1);
    }

    @Test
    void aWrongEchoOrMixedGenerationsFailTheCall() throws Exception {
        startServer(1 << 16, false, true);
        AppsLookupClient liar = client(b -> { });
        assertFails(() -> liar.call(1, 2, 3), ServiceError.PROTOCOL);
        liar.close();
        server.close();

        startServer(1 << 16, true, false);
        AppsLookupClient drifting = client(b -> b.maxRequestPayloadBytes(128));
        assertFails(() -> drifting.call(LongStream.rangeClosed(1, 50).toArray()), ServiceError.PROTOCOL);
    }

    @Test
    void theCeilingsAndPidRangeAreCheckedBeforeAnyIo() throws Exception {
        startServer(1 << 16, false, false);
        AppsLookupClient c = client(b -> b.maxLookupItems(4));

        assertFails(() -> c.call(1, 2, 3, 4, 5), ServiceError.LIMIT);
        assertThatThrownBy(() -> c.call(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.status().callCount()).isZero();
    }

    @Test
    void threadsSharingOneClientEachGetTheirOwnAnswers() throws Exception {
        startServer(1 << 16, false, false);
        AppsLookupClient c = client(b -> b.maxRequestPayloadBytes(128));

        ConcurrentWorkers.lookUpTogether(c, THREADS, LOOKUPS_PER_THREAD, worker -> {
            long first = (worker + 1) * WORKER_STRIDE;
            long[] pids = LongStream.range(first, first + PIDS_PER_LOOKUP).toArray();
            return check -> {
                AppsLookupResponseView answers = c.call(pids);
                if (check) {
                    assertAnswers(answers, pids);
                }
            };
        });
    }

    @Test
    void aClientNotReadyFailsWithoutIoEvenWhenNoPidFitsARequest() throws Exception {
        client = AppsLookupClient.create(ClientConfig.builder(runDir, SERVICE).authToken(TOKEN)
                .maxRequestPayloadBytes(NO_PID_FITS).build());

        assertFails(() -> client.call(1, 2), ServiceError.NOT_READY);
        assertThat(client.status().errorCount()).isOne();
    }

    @Test
    void whenNoPidFitsARequestAnEmptyRequestStillBringsTheGeneration() throws Exception {
        startServer(1 << 16, false, false);
        AppsLookupClient c = client(b -> b.maxRequestPayloadBytes(NO_PID_FITS));

        AppsLookupResponseView answers = c.call(7, 8);

        assertThat(answers.generation()).isEqualTo(GENERATION);
        assertThat(answers.itemCount()).isEqualTo(2);
        assertThat(answers.item(0).status()).isEqualTo(PidLookupStatus.OVERSIZED_ITEM);
        assertThat(answers.item(1).pid()).isEqualTo(8);
        assertThat(c.status().callCount()).as("one empty request").isOne();
    }

    @Test
    void theResponseCeilingBoundsAnAnswerOfOneResponseToo() throws Exception {
        startServer(1 << 16, false, false);
        AppsLookupClient c = client(b -> b.maxLookupResponseBytes(128));

        assertFails(() -> c.call(1, 2, 3, 4), ServiceError.LIMIT);
        assertThat(c.ready()).as("the session is kept").isTrue();
    }
}
