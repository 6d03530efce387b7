package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.inBackground;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.SessionParameters;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionError;
import io.netdata.netipc.transport.shm.ShmRegionException;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import io.netdata.netipc.transport.shm.ShmRegionLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's attach retry: a region that is not there yet is waited for (every
 * 5 ms, up to 5 s, never past the handshake deadline); what cannot get better fails
 * at once with SHM_ATTACH_FAILED.
 */
class ShmClientAttachTest {
    private static final long PAYLOAD = 1024;
    private static final long SESSION = 3;
    private static final long SHORT_NANOS = TimeUnit.MILLISECONDS.toNanos(30);

    @TempDir
    Path runDir;

    private ServiceEndpoint endpoint() {
        return new ServiceEndpoint(runDir, "attach");
    }

    private static SessionParameters parameters() {
        return new SessionParameters(Wire.PROFILE_SHM_HYBRID, PAYLOAD, 1, PAYLOAD, 1, 4096, SESSION);
    }

    @Test
    void aRegionThatNeverAppearsFailsAtTheHandshakeDeadlineWithTheRetryableCause() {
        TransportException e = failure(() -> ShmClientAttach.attach(endpoint(), parameters(),
                System.nanoTime() + SHORT_NANOS));
        assertThat(e.error()).isEqualTo(TransportError.SHM_ATTACH_FAILED);
        assertThat(e.getCause()).isInstanceOfSatisfying(ShmRegionException.class,
                cause -> assertThat(cause.error()).isEqualTo(ShmRegionError.NOT_READY));
    }

    @Test
    void aRegionThatAppearsWhileRetryingIsAttached() throws Exception {
        ShmRegionLayout layout = ShmRegionLayout.forPayloadLimits(PAYLOAD, PAYLOAD);
        // Held by this thread until the attach returns, so the file is there for it to find.
        Future<ShmRegion> attaching = inBackground(() -> ShmClientAttach.attach(endpoint(), parameters(),
                ReadinessWait.NO_DEADLINE));
        try (ShmRegion created = ShmRegion.create(endpoint(), SESSION, layout);
                ShmRegion attached = HandMadePeers.await(attaching)) {
            assertThat(attached.path()).isEqualTo(created.path());
            assertThat(attached.isOwned()).isFalse();
        }
        assertThat(ShmRegionFiles.path(endpoint(), SESSION)).doesNotExist();
    }

    @Test
    void anInterruptedClientStopsRetryingWithAborted() {
        // Bind libc first: JNR's first use writes a stub file, which an interrupt would abort.
        Native.libc().getpid();
        Thread.currentThread().interrupt();
        try {
            TransportException e = failure(() -> ShmClientAttach.attach(endpoint(), parameters(),
                    ReadinessWait.NO_DEADLINE));
            assertThat(e.error()).isEqualTo(TransportError.ABORTED);
        } finally {
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        }
    }

    @Test
    void aRegionThatCannotBeOpenedFailsAtOnce() throws Exception {
        // A directory at the region's path: open fails with something other than "missing".
        Path path = ShmRegionFiles.path(endpoint(), SESSION);
        Files.createDirectory(path);
        try {
            TransportException e = failure(() -> ShmClientAttach.attach(endpoint(), parameters(),
                    ReadinessWait.NO_DEADLINE));
            assertThat(e.error()).isEqualTo(TransportError.SHM_ATTACH_FAILED);
            assertThat(e.getCause()).isInstanceOf(TransportException.class);
        } finally {
            Files.delete(path);
        }
    }
}
