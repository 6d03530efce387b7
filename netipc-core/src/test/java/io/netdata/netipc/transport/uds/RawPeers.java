package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import java.nio.file.Path;

/**
 * Raw SEQPACKET peers for tests outside the transport package (the managed
 * server's): a connection that never says hello, and a check that its server
 * hung up.
 */
public final class RawPeers {
    private RawPeers() {
    }

    /** A connection to the socket at {@code path} that sends nothing; the caller closes it. */
    public static NativeFd connectSilently(Path path) throws NativeException {
        return UdsTestSupport.rawConnect(path);
    }

    /**
     * Waits (at most the test wait) until the server hangs up on {@code connection}.
     *
     * @throws AssertionError when it sends a packet instead, or does not hang up in time
     */
    public static void awaitHangUp(NativeFd connection) throws NativeException {
        int packets = UdsTestSupport.drainUntilPeerCloses(connection.fd());
        if (packets != 0) {
            throw new AssertionError("the server sent " + packets + " packets before hanging up");
        }
    }
}
