package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.it.InProcessFixture.Run;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.SessionRole;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import io.netdata.netipc.transport.shm.ShmRegionLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SHM interop fixture run in-process: server and client on two threads,
 * and each side against a peer played by the test that breaks the contract.
 */
class InteropShmTest {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final long PEER_TIMEOUT_SECONDS = 30;
    private static final long READY_POLL_MILLIS = 10;
    private static final String NL = System.lineSeparator();
    private static final int STATUS_OK = TransportStatus.OK.code();
    /** A region version no implementation speaks. */
    private static final int FOREIGN_VERSION = ShmRegionLayout.VERSION + 1;

    @TempDir
    Path work;

    private Path runDir;
    private ExecutorService peerThread;

    private static InProcessFixture fixture() {
        return new InProcessFixture(InteropShm::run);
    }

    private Future<Run> startServer(String service) throws InterruptedException {
        return fixture().startServer(peerThread, "server", runDir.toString(), service);
    }

    /** What a test-played server answers to the client's request. */
    @FunctionalInterface
    private interface Responder {
        void answer(ShmChannel server, ReceivedMessage request) throws Exception;
    }

    /** Plays the server on the peer thread: creates the region, answers one request, removes the region. */
    private Future<?> fakeServer(String service, Responder responder) throws InterruptedException {
        Future<?> served = peerThread.submit(() -> {
            try (ShmChannel server = new ShmChannel(create(service), SessionRole.SERVER,
                    InteropShmConfig.AREA_CAPACITY_BYTES - Wire.HEADER_LEN, InteropShmConfig.MAX_ITEMS)) {
                responder.answer(server, server.receive(InteropShmConfig.RECEIVE_TIMEOUT.toMillis()));
            }
            return null;
        });
        waitForRegion(service);
        return served;
    }

    @BeforeEach
    void setUp() throws IOException {
        runDir = InteropFiles.privateDirectory(work.resolve("run"));
        peerThread = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        peerThread.shutdownNow();
        assertThat(peerThread.awaitTermination(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(runDir).isEmptyDirectory();
    }

    @Test
    void echoesOneMessage() throws Exception {
        Future<Run> serverRun = startServer("echo");

        Run client = fixture().run("client", runDir.toString(), "echo");

        assertThat(client).isEqualTo(new Run(0, "PASS" + NL, ""));
        assertThat(serverRun.get(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new Run(0, "READY" + NL, ""));
    }

    @Test
    void clientStartedBeforeTheServerWaitsForTheRegion() throws Exception {
        Future<Run> clientRun = peerThread.submit(() -> fixture().run("client", runDir.toString(), "early"));
        // Give the client time to find no region and retry.
        Thread.sleep(InteropShmConfig.ATTACH_RETRY_INTERVAL.toMillis() * 5);

        Run server = fixture().run("server", runDir.toString(), "early");

        assertThat(server).isEqualTo(new Run(0, "READY" + NL, ""));
        assertThat(clientRun.get(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new Run(0, "PASS" + NL, ""));
    }

    @Test
    void serverEchoesEveryHeaderFieldButKindAndStatus() throws Exception {
        Future<Run> serverRun = startServer("fields");
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
        int flags = Wire.FLAG_BATCH;
        long items = InteropShmConfig.MAX_ITEMS;

        try (ShmChannel client = new ShmChannel(attach("fields"), SessionRole.CLIENT,
                InteropShmConfig.AREA_CAPACITY_BYTES - Wire.HEADER_LEN, InteropShmConfig.MAX_ITEMS)) {
            client.send(flags, Wire.METHOD_STRING_REVERSE, STATUS_OK, items, Long.MIN_VALUE, payload, 0, 3);
            ReceivedMessage echo = client.receive(InteropShmConfig.RECEIVE_TIMEOUT.toMillis());

            assertThat(echo.kind()).isEqualTo(Wire.KIND_RESPONSE);
            assertThat(echo.flags()).isEqualTo(flags);
            assertThat(echo.code()).isEqualTo(Wire.METHOD_STRING_REVERSE);
            assertThat(echo.transportStatus()).isEqualTo(STATUS_OK);
            assertThat(echo.itemCount()).isEqualTo(items);
            assertThat(echo.messageId()).isEqualTo(Long.MIN_VALUE);
            assertThat(echo.payloadBytes()).containsExactly(1, 2, 3);
        }
        assertThat(serverRun.get(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS).exitCode()).isZero();
    }

    @Test
    void serverRejectsAZeroLengthPublication() throws Exception {
        Future<Run> serverRun = startServer("zero");

        try (ShmRegion region = attach("zero")) {
            ByteBuffer mapped = region.mapping().acquire();
            try {
                ByteBuffer words = mapped.duplicate().order(ByteOrder.nativeOrder());
                words.putInt(ShmRegionLayout.OFF_REQ_LEN, 0);
                words.putLong(ShmRegionLayout.OFF_REQ_SEQ, 1);
            } finally {
                region.mapping().release();
            }
            // No futex wake: the server notices the sequence at its next bounded sleep.
            Run server = serverRun.get(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(server.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
            assertThat(server.out()).isEqualTo("READY" + NL);
            assertThat(server.err()).startsWith("server: receive failed: PROTOCOL_VIOLATION");
        }
    }

    @Test
    void clientReportsEachMismatchOfTheEcho() throws Exception {
        Future<?> fakeServer = fakeServer("wrong", (server, request) -> {
            ByteBuffer shorter = ByteBuffer.wrap(new byte[request.payloadLength() - 1]);
            server.send(0, request.code(), STATUS_OK, 1, request.messageId() + 1, shorter, 0,
                    shorter.capacity());
        });

        Run client = fixture().run("client", runDir.toString(), "wrong");

        assertThat(client.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
        assertThat(client.out()).isEqualTo("FAIL" + NL);
        assertThat(client.err()).contains("client: expected message_id 12345, got 12346",
                "client: payload length mismatch: 255 vs 256");
        fakeServer.get(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void clientReportsAPayloadThatDiffers() throws Exception {
        Future<?> fakeServer = fakeServer("flipped", (server, request) -> {
            byte[] flipped = request.payloadBytes();
            flipped[0] ^= 1;
            server.send(0, request.code(), STATUS_OK, 1, request.messageId(), ByteBuffer.wrap(flipped), 0,
                    flipped.length);
        });

        Run client = fixture().run("client", runDir.toString(), "flipped");

        assertThat(client).isEqualTo(new Run(InteropShm.EXIT_FAILED, "FAIL" + NL, "client: payload data mismatch" + NL));
        fakeServer.get(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void clientRejectsAResponseLongerThanTheEcho() throws Exception {
        Future<?> fakeServer = fakeServer("long", (server, request) -> {
            ByteBuffer longer = ByteBuffer.allocate(request.payloadLength() + 1);
            server.send(0, request.code(), STATUS_OK, 1, request.messageId(), longer, 0, longer.capacity());
        });

        Run client = fixture().run("client", runDir.toString(), "long");

        assertThat(client.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
        assertThat(client.out()).isEmpty();
        assertThat(client.err()).startsWith("client: receive failed: ");
        fakeServer.get(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void clientGivesUpAtOnceOnARegionOfAnotherVersion() throws Exception {
        try (ShmRegion region = create("foreign")) {
            ByteBuffer mapped = region.mapping().acquire();
            try {
                mapped.duplicate().order(ByteOrder.nativeOrder()).putShort(ShmRegionLayout.OFF_VERSION,
                        (short) FOREIGN_VERSION);
            } finally {
                region.mapping().release();
            }

            Run client = fixture().run("client", runDir.toString(), "foreign");

            assertThat(client.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
            assertThat(client.out()).isEmpty();
            assertThat(client.err()).startsWith("client: attach failed: BAD_VERSION: region version " + FOREIGN_VERSION);
        }
    }

    @Test
    void clientGivesUpWhenNoRegionAppears() {
        Run client = fixture().run("client", runDir.toString(), "absent");

        assertThat(client.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
        assertThat(client.out()).isEmpty();
        assertThat(client.err()).startsWith("client: attach failed: NOT_READY: no region at ");
    }

    @Test
    void serverRefusesAPathHeldByALiveRegion() throws Exception {
        try (ShmRegion held = create("held")) {
            Run server = fixture().run("server", runDir.toString(), "held");

            assertThat(server.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
            assertThat(server.out()).isEmpty();
            assertThat(server.err()).startsWith("server: shm create failed: ADDRESS_IN_USE: a live region holds ");
            assertThat(held.path()).exists();
        }
    }

    @Test
    void invalidServiceNameFailsBothSides() {
        Run server = fixture().run("server", runDir.toString(), "../escape");
        Run client = fixture().run("client", runDir.toString(), "../escape");

        assertThat(server.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
        assertThat(server.err()).startsWith("server: shm create failed: invalid service name");
        assertThat(client.exitCode()).isEqualTo(InteropShm.EXIT_FAILED);
        assertThat(client.out()).isEmpty();
        assertThat(client.err()).startsWith("client: attach failed: invalid service name");
    }

    @Test
    void argumentsAreCheckedBeforeAnythingIsCreated() throws IOException {
        Path shared = Files.createDirectory(work.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        Run tooFew = fixture().run("server", runDir.toString());
        Run tooMany = fixture().run("server", runDir.toString(), "svc", "extra");
        Run badDir = fixture().run("no-such-mode", shared.toString(), "svc");
        Run badMode = fixture().run("serve", runDir.toString(), "svc");

        assertThat(tooFew).isEqualTo(new Run(1, "", "Usage: interop_shm <server|client> <run_dir> <service_name>"
                + NL));
        assertThat(tooMany).isEqualTo(tooFew);
        assertThat(badDir.exitCode()).isEqualTo(1);
        assertThat(badDir.err()).contains("writable by group or others").doesNotContain("Unknown mode");
        assertThat(shared).isEmptyDirectory();
        assertThat(badMode).isEqualTo(new Run(1, "", "Unknown mode: serve" + NL));
    }

    private ShmRegion create(String service) throws Exception {
        return ShmRegion.create(new ServiceEndpoint(runDir, service), InteropShmConfig.SESSION_ID,
                ShmRegionLayout.forAreaCapacities(InteropShmConfig.AREA_CAPACITY_BYTES,
                        InteropShmConfig.AREA_CAPACITY_BYTES));
    }

    private ShmRegion attach(String service) throws Exception {
        return ShmRegion.attach(new ServiceEndpoint(runDir, service), InteropShmConfig.SESSION_ID,
                EchoExchange.PAYLOAD_BYTES, EchoExchange.PAYLOAD_BYTES);
    }

    /** Waits until a test-played server has created its region. */
    private void waitForRegion(String service) throws InterruptedException {
        Path region = ShmRegionFiles.path(new ServiceEndpoint(runDir, service), InteropShmConfig.SESSION_ID);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.exists(region)) {
            assertThat(System.nanoTime() - deadline).as("no region at %s", region).isNegative();
            Thread.sleep(READY_POLL_MILLIS);
        }
    }
}
