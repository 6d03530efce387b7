package io.netdata.netipc.it;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportException;
import io.netdata.netipc.transport.uds.UdsSession;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The client side of {@code interop_uds}: sends INCREMENT requests that the
 * server echoes, and checks every response's kind, message id and payload.
 * It prints {@code PASS} or {@code FAIL} once it has read the responses; when
 * it cannot connect or send it reports on standard error only, as the
 * reference does.
 *
 * <p>Thread-safety: not thread-safe; one instance serves one run.
 */
final class InteropUdsClient {
    static final String PASS = "PASS";
    static final String FAIL = "FAIL";

    /** Each pipelined request carries its 1-based sequence number, as one 64-bit value. */
    static final int PIPELINE_PAYLOAD_BYTES = Long.BYTES;

    private static final int FLAGS_NONE = 0;
    private static final long ONE_ITEM = 1;

    private final PrintStream out;
    private final PrintStream err;

    InteropUdsClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** {@code client}: the {@link EchoExchange} request; checks the echo. */
    int echoOne(Path runDir, String service) {
        ByteBuffer payload = EchoExchange.payload();
        boolean ok;
        try (UdsSession session = connect(runDir, service)) {
            if (session == null) {
                return InteropUds.EXIT_FAILED;
            }
            try {
                send(session, EchoExchange.MESSAGE_ID, payload);
            } catch (TransportException e) {
                err.println("client: send failed: " + e.getMessage());
                return InteropUds.EXIT_FAILED;
            }
            ReceivedMessage response;
            try {
                response = session.receive();
            } catch (TransportException e) {
                err.println("client: receive failed: " + e.getMessage());
                return InteropUds.EXIT_FAILED;
            }
            ok = EchoExchange.check(response, payload.array(), err);
        }
        return verdict(ok);
    }

    /**
     * {@code pipeline-client}: sends all {@code count} requests before reading any
     * response, so that the server finds many requests queued on the session;
     * then checks that the responses come back in order.
     */
    int pipeline(Path runDir, String service, int count) {
        // The value is written in the host's byte order, as the reference fixtures do.
        ByteBuffer payload = ByteBuffer.allocate(PIPELINE_PAYLOAD_BYTES).order(ByteOrder.nativeOrder());
        boolean ok = true;
        try (UdsSession session = connect(runDir, service)) {
            if (session == null) {
                return InteropUds.EXIT_FAILED;
            }
            for (int i = 0; i < count; i++) {
                long sequence = sequenceNumber(i);
                payload.putLong(0, sequence);
                try {
                    send(session, sequence, payload);
                } catch (TransportException e) {
                    err.println("client: send[" + i + "] failed: " + e.getMessage());
                    return InteropUds.EXIT_FAILED;
                }
            }
            for (int i = 0; i < count; i++) {
                ReceivedMessage response;
                try {
                    response = session.receive();
                } catch (TransportException e) {
                    err.println("client: receive[" + i + "] failed: " + e.getMessage());
                    ok = false;
                    break;
                }
                ok &= checkPipelined(i, response);
            }
        }
        return verdict(ok);
    }

    /** The message id and payload value of the {@code index}-th pipelined request. */
    private static long sequenceNumber(int index) {
        return index + 1L;
    }

    /** Connects with the interop handshake values; null (after reporting why) when that fails. */
    private UdsSession connect(Path runDir, String service) {
        try {
            return UdsSession.connect(InteropUdsConfig.endpoint(runDir, service), InteropUdsConfig.CLIENT,
                    InteropUdsConfig.HANDSHAKE_TIMEOUT);
        } catch (TransportException | IllegalArgumentException e) {
            err.println("client: connect failed: " + e.getMessage());
            return null;
        }
    }

    private static void send(UdsSession session, long messageId, ByteBuffer payload) throws TransportException {
        session.sendRequest(Wire.METHOD_INCREMENT, FLAGS_NONE, ONE_ITEM, messageId, payload, 0, payload.capacity());
    }

    /** Checks the {@code index}-th pipelined response; reports each mismatch on standard error. */
    private boolean checkPipelined(int index, ReceivedMessage response) {
        String prefix = "client: [" + index + "] ";
        long expected = sequenceNumber(index);
        boolean ok = true;
        if (response.kind() != Wire.KIND_RESPONSE) {
            err.println(prefix + "expected RESPONSE, got " + response.kind());
            ok = false;
        }
        if (response.messageId() != expected) {
            err.println(prefix + "message_id " + Long.toUnsignedString(response.messageId()) + ", want " + expected);
            ok = false;
        }
        if (response.payloadLength() != PIPELINE_PAYLOAD_BYTES) {
            err.println(prefix + "payload len " + response.payloadLength() + ", want " + PIPELINE_PAYLOAD_BYTES);
            ok = false;
        } else {
            long value = response.buffer().duplicate().order(ByteOrder.nativeOrder())
                    .getLong(response.payloadOffset());
            if (value != expected) {
                err.println(prefix + "payload " + Long.toUnsignedString(value) + ", want " + expected);
                ok = false;
            }
        }
        return ok;
    }

    /** Prints the verdict line; returns the matching exit code. */
    private int verdict(boolean ok) {
        out.println(ok ? PASS : FAIL);
        out.flush();
        return ok ? InteropUds.EXIT_OK : InteropUds.EXIT_FAILED;
    }
}
