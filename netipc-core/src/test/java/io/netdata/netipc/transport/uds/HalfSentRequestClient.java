package io.netdata.netipc.transport.uds;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Main class of the child process in {@link UdsMidStreamDisconnectTest}: a
 * client that connects and handshakes with a real {@link UdsSession}, writes
 * by hand only the first packet of a chunked request, reports that on
 * standard output and then waits to be killed. If its parent goes away first,
 * standard input closes and it exits on its own.
 *
 * <p>Arguments: run directory, service name, payload length of the request.
 */
public final class HalfSentRequestClient {
    /** The line the child prints once the first packet is on the wire. */
    static final String HALF_SENT = "half-sent";
    static final long MESSAGE_ID = 31;

    private HalfSentRequestClient() {
    }

    public static void main(String[] args) throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(Path.of(args[0]), args[1]);
        int payload = Integer.parseInt(args[2]);
        ClientHandshakeConfig config = UdsTestSupport.clientConfig(payload, 1, payload, 0);
        try (UdsSession session = UdsSession.connect(endpoint, config, Duration.ofSeconds(60))) {
            int packet = (int) session.parameters().packetSize();
            byte[] first = Packets.message(Wire.KIND_REQUEST, 0, payload, 1, MESSAGE_ID,
                    new byte[packet - Wire.HEADER_LEN]);
            UdsTestSupport.sendPacket(session.fd(), first);
            System.out.println(HALF_SENT + " " + packet);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Nothing is ever written: this only ends when the parent closes the pipe.
            }
        }
    }
}
