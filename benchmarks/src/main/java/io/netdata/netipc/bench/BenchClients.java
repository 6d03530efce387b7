package io.netdata.netipc.bench;

import io.netdata.netipc.protocol.BatchBuilder;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.service.client.CgroupsSnapshotClient;
import io.netdata.netipc.service.client.ClientConfig;
import io.netdata.netipc.service.client.ServiceError;
import io.netdata.netipc.service.client.ServiceException;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.uds.UdsSession;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark clients. Each verifies every answer while it measures (the
 * INCREMENT counter chain, the snapshot's 16 items): a wrong answer ends the
 * run with a message and exit status 1, and is never counted. The first part
 * of the duration warms the JIT up and is not measured.
 *
 * <p>Thread-safety: one run per thread.
 */
final class BenchClients {
    /** The warm-up is a fifth of the duration, at most this long. */
    private static final long MAX_WARMUP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int WARMUP_DIVISOR = 5;
    private static final int SINGLE_ITEM = 1;
    private static final int NO_FLAGS = 0;

    private BenchClients() {
    }

    /** A wrong answer: the run fails. */
    static final class WrongAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        WrongAnswer(String message) {
            super(message);
        }
    }

    /** One timed exchange; returns the items it answered. */
    @FunctionalInterface
    interface Exchange {
        long run() throws Exception;

        /** Called once, between the warm-up and the measured window's first exchange. */
        default void startMeasuring() {
        }
    }

    /** Runs {@code exchange} paced at {@code targetPerSecond} for {@code durationSeconds}, warm-up first. */
    static Measurement measure(int durationSeconds, long targetPerSecond, Exchange exchange) throws Exception {
        return measure(BenchClock.SYSTEM, durationSeconds, targetPerSecond, exchange);
    }

    /**
     * {@link #measure(int, long, Exchange)} on {@code clock}. The warm-up and the measured window are
     * paced each from its own start: a slow warm-up (class loading, the interpreter) leaves the limiter
     * behind, and a limiter that went on would catch up with an unpaced burst inside the window.
     */
    static Measurement measure(BenchClock clock, int durationSeconds, long targetPerSecond, Exchange exchange)
            throws Exception {
        long duration = TimeUnit.SECONDS.toNanos(durationSeconds);
        long warmup = warmupNanos(durationSeconds);
        Measurement measurement = new Measurement(clock);
        RateLimiter limiter = new RateLimiter(targetPerSecond, clock);
        long started = clock.nanoTime();
        while (clock.nanoTime() - started < warmup) {
            limiter.await();
            exchange.run();
        }
        exchange.startMeasuring();
        measurement.start();
        limiter.start();
        long end = started + duration;
        while (clock.nanoTime() - end < 0) {
            limiter.await();
            long t0 = clock.nanoTime();
            long answered = exchange.run();
            measurement.record(clock.nanoTime() - t0, answered);
        }
        measurement.stop();
        return measurement;
    }

    /** The unmeasured warm-up before a run of {@code durationSeconds}: a fifth of it, at most one second. */
    static long warmupNanos(int durationSeconds) {
        return Math.min(MAX_WARMUP_NANOS, TimeUnit.SECONDS.toNanos(durationSeconds) / WARMUP_DIVISOR);
    }

    static UdsSession connect(Path runDir, String service, ClientHandshakeConfig config) throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, service);
        TransportException last = null;
        for (int i = 0; i < BenchConstants.CONNECT_ATTEMPTS; i++) {
            try {
                return UdsSession.connect(endpoint, config);
            } catch (TransportException e) {
                last = e;
                Thread.sleep(BenchConstants.CONNECT_PAUSE_MILLIS);
            }
        }
        throw new IllegalStateException("not ready after retries: " + last.getMessage(), last);
    }

    /** INCREMENT ping-pong over Level 1, as the reference client: the answer must be counter + 1. */
    static Measurement pingPong(Path runDir, String service, long profiles, int duration, long rate)
            throws Exception {
        ClientHandshakeConfig config = new ClientHandshakeConfig(profiles, profiles,
                BenchConstants.REQUEST_PAYLOAD_BYTES, SINGLE_ITEM, BenchConstants.RESPONSE_PAYLOAD_BYTES,
                SINGLE_ITEM, BenchConstants.AUTH_TOKEN, 0);
        try (UdsSession session = connect(runDir, service, config)) {
            requireTransport(profiles, session.usesSharedMemory());
            ByteBuffer request = ByteBuffer.allocateDirect(IncrementCodec.SIZE);
            long[] counter = {0};
            return measure(duration, rate, () -> {
                long value = counter[0];
                IncrementCodec.encode(value, request, 0);
                session.sendRequest(Wire.METHOD_INCREMENT, NO_FLAGS, SINGLE_ITEM, value + 1, request, 0,
                        IncrementCodec.SIZE);
                ReceivedMessage answer = session.receive();
                checkOk(answer, value + 1);
                long got = IncrementCodec.decode(answer.buffer(), answer.payloadOffset(), answer.payloadLength());
                if (got != value + 1) {
                    throw new WrongAnswer("increment of " + value + " answered " + got);
                }
                counter[0] = value + 1;
                return SINGLE_ITEM;
            });
        }
    }

    /**
     * INCREMENT batches of 2 to 1000 items over Level 1, their sizes the reference's sequence
     * ({@link BatchSizes}), restarted when the measured window starts so that it measures the same
     * batches as the reference's client; every item must be its request + 1. Throughput counts items,
     * as the reference's does.
     */
    static Measurement batchPingPong(Path runDir, String service, long profiles, int duration, long rate)
            throws Exception {
        ClientHandshakeConfig config = new ClientHandshakeConfig(profiles, profiles,
                BenchConstants.BATCH_BUFFER_BYTES, BenchConstants.MAX_BATCH_ITEMS, BenchConstants.BATCH_BUFFER_BYTES,
                BenchConstants.MAX_BATCH_ITEMS, BenchConstants.AUTH_TOKEN, 0);
        try (UdsSession session = connect(runDir, service, config)) {
            requireTransport(profiles, session.usesSharedMemory());
            return measure(duration, rate, new BatchExchange(session));
        }
    }

    /** One batch per exchange; the counter chain goes on across batches. */
    private static final class BatchExchange implements Exchange {
        private final UdsSession session;
        private final ByteBuffer request = ByteBuffer.allocateDirect((int) BenchConstants.BATCH_BUFFER_BYTES);
        private final BatchBuilder builder = new BatchBuilder();
        private final BatchView answers = new BatchView();
        private final byte[] item = new byte[IncrementCodec.SIZE];
        private final ByteBuffer itemBuffer = ByteBuffer.wrap(item);
        private final BatchSizes sizes = new BatchSizes();
        private long counter;

        BatchExchange(UdsSession session) {
            this.session = session;
        }

        @Override
        public void startMeasuring() {
            sizes.restart();
        }

        @Override
        public long run() throws Exception {
            int size = sizes.next();
            builder.reset(request, 0, request.capacity(), size);
            for (int i = 0; i < size; i++) {
                IncrementCodec.encode(counter + i, itemBuffer, 0);
                builder.add(item);
            }
            int length = builder.finish();
            session.sendRequest(Wire.METHOD_INCREMENT, Wire.FLAG_BATCH, size, counter + 1, request, 0, length);
            ReceivedMessage answer = session.receive();
            checkBatchOk(answer, counter + 1, size);
            answer.batch(answers);
            for (int i = 0; i < size; i++) {
                long got = IncrementCodec.decode(answer.buffer(), answers.itemOffset(i), answers.itemLength(i));
                if (got != counter + i + 1) {
                    throw new WrongAnswer("batch item " + i + ": expected " + (counter + i + 1) + ", got " + got);
                }
            }
            counter += size;
            return size;
        }
    }

    /**
     * Refuses a session over the socket where the scenario offered shared memory: both sides of an SHM
     * scenario support it, so a session without it would be measured under the wrong scenario's name.
     */
    static void requireTransport(long profiles, boolean sharedMemory) {
        if ((profiles & Wire.PROFILE_SHM_HYBRID) != 0 && !sharedMemory) {
            throw new IllegalStateException("shared memory offered, but the session runs over the socket");
        }
    }

    /** {@link #checkOk}, and an answer of {@code size} items, as many as the batch asked. */
    static void checkBatchOk(ReceivedMessage answer, long messageId, int size) throws WrongAnswer {
        checkOk(answer, messageId);
        if (answer.itemCount() != size) {
            throw new WrongAnswer(size + " items asked, " + answer.itemCount() + " answered");
        }
    }

    /** An INCREMENT answer with status OK to the request {@code messageId}. */
    static void checkOk(ReceivedMessage answer, long messageId) throws WrongAnswer {
        if (answer.transportStatus() != TransportStatus.OK.code() || answer.messageId() != messageId
                || answer.code() != Wire.METHOD_INCREMENT) {
            throw new WrongAnswer("answer status " + answer.transportStatus() + ", id " + answer.messageId()
                    + ", code " + answer.code() + " for request " + messageId);
        }
    }

    /** CGROUPS_SNAPSHOT over Level 2; every answer must be the reference's 16 items. */
    static Measurement snapshot(Path runDir, String service, long profiles, int duration, long rate)
            throws Exception {
        ClientConfig config = ClientConfig.builder(runDir, service).authToken(BenchConstants.AUTH_TOKEN)
                .supportedProfiles(profiles).preferredProfiles(profiles)
                .maxRequestPayloadBytes(BenchConstants.REQUEST_PAYLOAD_BYTES)
                .maxResponsePayloadBytes(BenchConstants.RESPONSE_PAYLOAD_BYTES).build();
        ByteString[] names = BenchConstants.snapshotNames();
        ByteString[] paths = BenchConstants.snapshotPaths();
        try (CgroupsSnapshotClient client = CgroupsSnapshotClient.create(config)) {
            for (int i = 0; i < BenchConstants.CONNECT_ATTEMPTS && !client.ready(); i++) {
                if (!client.refresh() && !client.ready()) {
                    Thread.sleep(BenchConstants.CONNECT_PAUSE_MILLIS);
                }
            }
            if (!client.ready()) {
                throw new IllegalStateException("not ready after retries: " + client.status());
            }
            requireTransport(profiles, client.status().sharedMemory());
            CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
            long[] lastGeneration = {0};
            return measure(duration, rate, () -> {
                CgroupsSnapshotResponseView view = client.call();
                lastGeneration[0] = checkSnapshot(view, item, names, paths, lastGeneration[0]);
                return SINGLE_ITEM;
            });
        } catch (ServiceException e) {
            // A response that broke the method's contract is a wrong answer; a timeout or a lost
            // transport is a failed run of another kind, reported as what it is.
            if (e.error() == ServiceError.PROTOCOL) {
                throw new WrongAnswer("snapshot call failed: " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Checks one snapshot against the reference server's: systemd_enabled 1, a generation above the
     * last one seen (the reference's grows with every request it answers), and its 16 items with every
     * field. Returns the generation.
     */
    static long checkSnapshot(CgroupsSnapshotResponseView view, CgroupsSnapshotItemView item, ByteString[] names,
            ByteString[] paths, long lastGeneration) throws WrongAnswer {
        if (view.itemCount() != BenchConstants.SNAPSHOT_ITEMS) {
            throw new WrongAnswer("snapshot: " + view.itemCount() + " items, not " + BenchConstants.SNAPSHOT_ITEMS);
        }
        if (view.systemdEnabled() != BenchConstants.SNAPSHOT_SYSTEMD_ENABLED) {
            throw new WrongAnswer("snapshot: systemd_enabled " + view.systemdEnabled());
        }
        if (Long.compareUnsigned(view.generation(), lastGeneration) <= 0) {
            throw new WrongAnswer("snapshot: generation " + Long.toUnsignedString(view.generation())
                    + " after " + Long.toUnsignedString(lastGeneration));
        }
        for (int i = 0; i < BenchConstants.SNAPSHOT_ITEMS; i++) {
            view.item(i, item);
            if (item.hash() != BenchConstants.SNAPSHOT_FIRST_HASH + i
                    || item.options() != BenchConstants.SNAPSHOT_OPTIONS
                    || item.enabled() != BenchConstants.snapshotEnabled(i)
                    || !item.name().contentEquals(names[i]) || !item.path().contentEquals(paths[i])) {
                throw new WrongAnswer("snapshot item " + i + " is not the reference's: hash " + item.hash()
                        + ", options " + item.options() + ", enabled " + item.enabled() + ", name " + item.name()
                        + ", path " + item.path());
            }
        }
        return view.generation();
    }
}
