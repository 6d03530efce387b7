package io.netdata.netipc.transport.uds;

import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import java.nio.file.Path;

/**
 * Child of {@link UdsShmSeparateProcessTest}: a Java client in its own process.
 * Connects with the profiles it is given and reports the session's profile; in
 * mode {@link #EXCHANGE} it then runs a counter chain against the server and
 * reports the result; in mode {@link #HOLD} it keeps the session open until it is
 * killed, so the server can see a client die.
 */
public final class ShmClientChild {
    static final String EXCHANGE = "exchange";
    static final String HOLD = "hold";
    static final String PROFILE = "profile";
    static final String CHAIN = "chain";

    private ShmClientChild() {
    }

    /** {@code args}: run directory, service, supported profiles, max payload, chain length, mode. */
    public static void main(String[] args) throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(Path.of(args[0]), args[1]);
        long profiles = Long.parseLong(args[2]);
        long maxPayload = Long.parseLong(args[3]);
        ClientHandshakeConfig config = new ClientHandshakeConfig(profiles, profiles, maxPayload, 1, maxPayload, 1,
                UdsTestSupport.TOKEN, 0);
        try (UdsSession session = UdsSession.connect(endpoint, config, UdsTestSupport.WAIT)) {
            ChildJvm.report(PROFILE, Long.toString(session.parameters().selectedProfile()));
            if (HOLD.equals(args[5])) {
                ChildJvm.endReport();
                Thread.sleep(Long.MAX_VALUE);
            }
            ChildJvm.report(CHAIN, Long.toString(SessionExchanges.incrementChain(session, Integer.parseInt(args[4]))));
        }
        ChildJvm.endReport();
    }
}
