package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.shm.ShmRegion;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import io.netdata.netipc.transport.shm.ShmRegionLayout;
import io.netdata.netipc.transport.shm.ShmStaleRegions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.constants.platform.Errno;

/**
 * Main class of the child process in {@link UdsDescriptorExhaustionTest}, started with a low
 * descriptor limit: it leaves a dead server's socket file behind, takes every free descriptor
 * with sockets, and reports what opening a listener over the dead socket and connecting a
 * session do then, whether the socket file survived, and what opening the listener does once
 * the descriptors are free again. The same for a dead server's SHM region: what stale recovery
 * and creating a region over it do without descriptors, and recovery once they are back. One line per outcome, {@code key outcome}, then {@link ChildJvm#DONE}.
 *
 * <p>Everything the exhausted calls touch is loaded first, by a rehearsal of the same calls with
 * descriptors to spare: a class whose file cannot be opened fails to load for good.
 *
 * <p>Arguments: run directory.
 */
public final class DescriptorExhaustionChild {
    /** Outcome of a call that returned normally. */
    static final String OK = "OK";
    static final String FILLERS = "fillers";
    static final String STALE_OPEN = "stale-open";
    static final String STALE_KEPT = "stale-kept";
    static final String CONNECT = "connect";
    static final String RECLAIM = "reclaim";
    static final String SHM_STALE = "shm-stale";
    static final String SHM_KEPT = "shm-kept";
    static final String SHM_CREATE = "shm-create";
    static final String SHM_RECLAIM = "shm-reclaim";
    private static final String SERVICE = "exhausted";
    /** Above Linux's largest pid_max (2^22): no process has it. */
    private static final int DEAD_PID = (1 << 22) + 1;
    private static final int SOME_GENERATION = 7;
    private static final long REGION_SESSION = 1;
    private static final ClientHandshakeConfig CLIENT = UdsTestSupport.clientConfig(1024, 1, 1024, 0);

    private DescriptorExhaustionChild() {
    }

    private interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args[0]);
        ServiceEndpoint endpoint = new ServiceEndpoint(runDir, SERVICE);
        rehearse(runDir);
        leaveDeadSocketAt(endpoint.socketPath());
        Path deadRegion = ShmRegionFiles.path(endpoint, REGION_SESSION);
        leaveDeadRegionAt(deadRegion);
        List<Integer> fillers = new ArrayList<>();
        String staleOpen;
        String connect;
        boolean kept;
        String shmStale;
        boolean shmKept;
        String shmCreate;
        try {
            fill(fillers);
            staleOpen = outcome(() -> UdsListener.open(endpoint).close());
            kept = Files.exists(endpoint.socketPath(), LinkOption.NOFOLLOW_LINKS);
            // Top up in case the JVM closed a descriptor of its own meanwhile.
            fill(fillers);
            connect = outcome(() -> UdsSession.connect(endpoint, CLIENT, UdsTestSupport.WAIT).close());
            fill(fillers);
            shmStale = ShmStaleRegions.recover(deadRegion).name();
            shmKept = Files.exists(deadRegion, LinkOption.NOFOLLOW_LINKS);
            fill(fillers);
            shmCreate = outcome(() -> createRegion(endpoint));
        } finally {
            fillers.forEach(fd -> Native.libc().close(fd));
        }
        ChildJvm.report(FILLERS, Integer.toString(fillers.size()));
        ChildJvm.report(STALE_OPEN, staleOpen);
        ChildJvm.report(STALE_KEPT, Boolean.toString(kept));
        ChildJvm.report(CONNECT, connect);
        ChildJvm.report(SHM_STALE, shmStale);
        ChildJvm.report(SHM_KEPT, Boolean.toString(shmKept));
        ChildJvm.report(SHM_CREATE, shmCreate);
        // Before the listener below, whose startup scan would reclaim the region first.
        ChildJvm.report(SHM_RECLAIM, ShmStaleRegions.recover(deadRegion).name());
        ChildJvm.report(RECLAIM, outcome(() -> UdsListener.open(endpoint).close()));
        ChildJvm.endReport();
    }

    /**
     * Runs every outcome the exhausted calls can have with descriptors to spare: a live server's
     * ADDRESS_IN_USE, a failed connect's IO with its errno, a listener opened and closed, and a
     * stale endpoint reclaimed.
     */
    private static void rehearse(Path runDir) throws Exception {
        ServiceEndpoint rehearsal = new ServiceEndpoint(runDir, "rehearsal");
        try (UdsListener live = UdsListener.open(rehearsal)) {
            outcome(() -> UdsListener.open(rehearsal).close());
        }
        outcome(() -> UdsSession.connect(new ServiceEndpoint(runDir.resolve("missing"), SERVICE), CLIENT,
                UdsTestSupport.WAIT).close());
        leaveDeadSocketAt(rehearsal.socketPath());
        outcome(() -> UdsListener.open(rehearsal).close());
        outcome(() -> {
            throw new TransportException(TransportError.IO, "rehearsal", new NativeException("socket",
                    Errno.EMFILE.intValue()));
        });
        Files.exists(rehearsal.socketPath(), LinkOption.NOFOLLOW_LINKS);
        Path region = ShmRegionFiles.path(rehearsal, REGION_SESSION);
        try (ShmRegion live = ShmRegion.create(rehearsal, REGION_SESSION, ShmRegionLayout.forAreaCapacities(1, 1))) {
            ShmStaleRegions.recover(region);
            outcome(() -> createRegion(rehearsal));
        }
        leaveDeadRegionAt(region);
        ShmStaleRegions.recover(region).name();
        Files.exists(region, LinkOption.NOFOLLOW_LINKS);
    }

    private static void createRegion(ServiceEndpoint endpoint) throws Exception {
        ShmRegion.create(endpoint, REGION_SESSION, ShmRegionLayout.forAreaCapacities(1, 1)).close();
    }

    /** Leaves a region file behind as a crashed server would: a valid header naming a dead owner. */
    private static void leaveDeadRegionAt(Path path) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(ShmRegionLayout.HEADER_LEN).order(ByteOrder.nativeOrder());
        header.putInt(ShmRegionLayout.OFF_MAGIC, (int) ShmRegionLayout.MAGIC);
        header.putShort(ShmRegionLayout.OFF_VERSION, (short) ShmRegionLayout.VERSION);
        header.putShort(ShmRegionLayout.OFF_HEADER_LEN, (short) ShmRegionLayout.HEADER_LEN);
        header.putInt(ShmRegionLayout.OFF_OWNER_PID, DEAD_PID);
        header.putInt(ShmRegionLayout.OFF_OWNER_GENERATION, SOME_GENERATION);
        Files.write(path, header.array());
    }

    /** Leaves a socket file behind as a crashed server would: bound, then closed without unlink. */
    private static void leaveDeadSocketAt(Path path) throws NativeException {
        try (NativeFd dead = new NativeFd(Native.check(UdsSocket.open(), "socket"))) {
            byte[] address = UnixSocketAddress.of(path);
            Native.check(Native.libc().bind(dead.fd(), address, address.length), "bind");
        }
    }

    /** Opens sockets into {@code fillers} until no descriptor is left. */
    private static void fill(List<Integer> fillers) {
        for (int fd = UdsSocket.open(); fd >= 0; fd = UdsSocket.open()) {
            fillers.add(fd);
        }
        if (Native.errno() != Errno.EMFILE.intValue()) {
            throw new IllegalStateException("socket failed with errno " + Native.errno() + ", not EMFILE");
        }
    }

    /** {@link #OK}, or the transport error and the errno behind it, or the class of anything else thrown. */
    private static String outcome(Call call) {
        try {
            call.run();
            return OK;
        } catch (TransportException e) {
            return e.getCause() instanceof NativeException cause ? e.error() + " " + cause.errnoName()
                    : e.error().toString();
        } catch (Exception | Error e) {
            return "threw " + e;
        }
    }
}
