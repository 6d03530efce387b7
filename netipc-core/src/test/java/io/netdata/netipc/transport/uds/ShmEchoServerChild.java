package io.netdata.netipc.transport.uds;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child of {@link UdsShmSeparateProcessTest}: a Java server in its own process.
 * Reports {@link #LISTENING} once it accepts, then serves one session: an INCREMENT
 * request of 8 bytes gets its value plus one, anything else is echoed with its
 * flags and item count. When the client hangs up it closes everything and reports
 * how many requests it served, the profile the session used, and how many region
 * files are left in the run directory.
 */
public final class ShmEchoServerChild {
    static final String LISTENING = "listening";
    static final String SERVED = "served";
    static final String PROFILE = "profile";
    static final String ENDED_WITH = "ended-with";
    static final String REGIONS_LEFT = "regions-left";

    private ShmEchoServerChild() {
    }

    /** {@code args}: run directory, service name, supported profiles, max request payload, max response payload. */
    public static void main(String[] args) throws Exception {
        ServiceEndpoint endpoint = new ServiceEndpoint(Path.of(args[0]), args[1]);
        long profiles = Long.parseLong(args[2]);
        ServerHandshakeConfig config = new ServerHandshakeConfig(profiles, profiles, Long.parseLong(args[3]),
                Long.parseLong(args[4]), UdsTestSupport.TOKEN, 0);
        long served = 0;
        TransportError ended = null;
        long profile = 0;
        try (UdsListener listener = UdsListener.open(endpoint, config)) {
            ChildJvm.report(LISTENING, endpoint.socketPath().toString());
            ChildJvm.endReport();
            try (UdsSession session = listener.accept(UdsTestSupport.WAIT, null)) {
                profile = session.parameters().selectedProfile();
                ByteBuffer answer = SessionExchanges.incrementAnswerBuffer();
                while (true) {
                    ReceivedMessage request;
                    try {
                        request = session.receive(UdsTestSupport.WAIT, null);
                    } catch (TransportException e) {
                        ended = e.error();
                        break;
                    }
                    if (request.code() == Wire.METHOD_INCREMENT && request.payloadLength() == Long.BYTES) {
                        SessionExchanges.answerIncrement(session, request, answer);
                    } else {
                        session.sendResponse(request.code(), request.flags(), Packets.OK, request.itemCount(),
                                request.messageId(), request.buffer(), request.payloadOffset(),
                                request.payloadLength());
                    }
                    served++;
                }
            }
        }
        ChildJvm.report(SERVED, Long.toString(served));
        ChildJvm.report(PROFILE, Long.toString(profile));
        ChildJvm.report(ENDED_WITH, String.valueOf(ended));
        try (var entries = Files.list(endpoint.runDir())) {
            ChildJvm.report(REGIONS_LEFT, Long.toString(entries.filter(f -> f.toString().endsWith(".ipcshm")).count()));
        }
        ChildJvm.endReport();
    }
}
