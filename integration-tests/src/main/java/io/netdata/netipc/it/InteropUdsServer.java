package io.netdata.netipc.it;

import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.uds.UdsListener;
import io.netdata.netipc.transport.uds.UdsSession;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The server side of {@code interop_uds}: listens, announces {@code READY},
 * accepts exactly one client and echoes its requests back as responses with
 * the same code, flags, item count, message id and payload.
 *
 * <p>Thread-safety: not thread-safe; one instance serves one run.
 */
final class InteropUdsServer {
    /** The line a test script waits for before it starts the client. */
    static final String READY = "READY";
    private static final int STATUS_OK = TransportStatus.OK.code();

    private final PrintStream out;
    private final PrintStream err;

    InteropUdsServer(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** {@code server}: echoes one request; exits 1 if anything fails. */
    int echoOne(Path runDir, String service) {
        return serve(runDir, service, session -> {
            try {
                echo(session);
                return InteropUds.EXIT_OK;
            } catch (EchoFailure e) {
                err.println("server: " + e.getMessage());
                return InteropUds.EXIT_FAILED;
            }
        });
    }

    /**
     * {@code pipeline-server}: echoes {@code count} requests. A failure ends the
     * loop but, as in the reference, not with exit 1: the pipeline client's
     * verdict is the test's result.
     */
    int echoPipeline(Path runDir, String service, int count) {
        return serve(runDir, service, session -> {
            for (int i = 0; i < count; i++) {
                try {
                    echo(session);
                } catch (EchoFailure e) {
                    err.println("server: " + e.indexed(i));
                    break;
                }
            }
            return InteropUds.EXIT_OK;
        });
    }

    /** What a server does with its one session; returns the exit code. */
    @FunctionalInterface
    private interface SessionWork {
        int run(UdsSession session);
    }

    private int serve(Path runDir, String service, SessionWork work) {
        UdsListener listener;
        try {
            listener = UdsListener.open(InteropUdsConfig.endpoint(runDir, service), InteropUdsConfig.SERVER);
        } catch (TransportException | IllegalArgumentException e) {
            err.println("server: listen failed: " + e.getMessage());
            return InteropUds.EXIT_FAILED;
        }
        try (listener) {
            out.println(READY);
            // The script reading our output may be waiting on this line: never leave it in a buffer.
            out.flush();
            UdsSession session;
            try {
                session = listener.accept();
            } catch (TransportException e) {
                err.println("server: accept failed: " + e.getMessage());
                return InteropUds.EXIT_FAILED;
            }
            try (session) {
                return work.run(session);
            }
        }
    }

    /** Receives one request and sends it back as the response. */
    private static void echo(UdsSession session) throws EchoFailure {
        ReceivedMessage request;
        try {
            request = session.receive();
        } catch (TransportException e) {
            throw new EchoFailure("receive", e);
        }
        try {
            // The payload is sent straight from the receive buffer, which stays valid until the next receive.
            session.sendResponse(request.code(), request.flags(), STATUS_OK, request.itemCount(),
                    request.messageId(), request.buffer(), request.payloadOffset(), request.payloadLength());
        } catch (TransportException e) {
            throw new EchoFailure("send", e);
        }
    }

    /** A failed step of an echo; the message reads like the reference's diagnostics. */
    private static final class EchoFailure extends Exception {
        private static final long serialVersionUID = 1L;

        private final String step;
        private final String reason;

        EchoFailure(String step, TransportException cause) {
            super(step + " failed: " + cause.getMessage(), cause, false, false);
            this.step = step;
            this.reason = cause.getMessage();
        }

        /** The message for the {@code index}-th echo of a pipeline. */
        String indexed(int index) {
            return step + "[" + index + "] failed: " + reason;
        }
    }
}
