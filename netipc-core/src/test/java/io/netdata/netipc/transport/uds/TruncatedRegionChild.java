package io.netdata.netipc.transport.uds;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import io.netdata.netipc.transport.shm.ShmRegionFiles;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child of {@code UdsShmHostilePeerTest}: opens an SHM session pair, truncates the region
 * file under it as a hostile peer of the same user could, then sends and receives, and
 * reports what each call ended with and that the process is still alive.
 */
public final class TruncatedRegionChild {
    static final String SEND = "send";
    static final String BOTH_ENDED = "both-ended";
    static final String SURVIVED = "survived";
    private static final long SHM = Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID;
    private static final long MAX_PAYLOAD = 1024;
    private static final int PAYLOAD = 8;

    private TruncatedRegionChild() {
    }

    /** {@code args[0]}: a run directory to create. */
    public static void main(String[] args) throws Exception {
        Path runDir = Files.createDirectories(Path.of(args[0]));
        try (UdsTestSupport.Pair p = UdsTestSupport.pair(runDir,
                new ServerHandshakeConfig(SHM, SHM, MAX_PAYLOAD, MAX_PAYLOAD, UdsTestSupport.TOKEN, 0),
                new ClientHandshakeConfig(SHM, SHM, MAX_PAYLOAD, 1, MAX_PAYLOAD, 1, UdsTestSupport.TOKEN, 0))) {
            Path file = ShmRegionFiles.path(p.listener().endpoint(), p.server().sessionId());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            ChildJvm.report(SEND, outcome(() -> p.client().sendRequest(Packets.CODE, 0, 1, 1,
                    ByteBuffer.allocate(PAYLOAD), 0, PAYLOAD)));
            outcome(() -> p.server().receive(UdsTestSupport.WAIT, null));
            outcome(() -> p.client().receive(UdsTestSupport.WAIT, null));
            ChildJvm.report(BOTH_ENDED, Boolean.toString(p.client().isBroken() || !p.client().isOpen()));
        } catch (InternalError e) {
            // Delivered late, after the call that faulted: the process lives on regardless.
            ChildJvm.report(BOTH_ENDED, "true");
        }
        ChildJvm.report(SURVIVED, "true");
        ChildJvm.endReport();
    }

    /** What {@code call} ended with: OK, the transport error's name, or the Error's simple name. */
    private static String outcome(HandMadePeers.Action call) {
        try {
            call.run();
            return "OK";
        } catch (TransportException e) {
            return e.error().name();
        } catch (InternalError e) {
            return InternalError.class.getSimpleName();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
