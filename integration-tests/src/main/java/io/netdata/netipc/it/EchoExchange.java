package io.netdata.netipc.it;

import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The single request of the {@code client} mode of every interop fixture (UDS
 * and SHM, in every language) and the check of its echo: an INCREMENT request
 * with message id 12345, one item and the payload bytes 0, 1, ..., 255, which
 * the server returns as a response with everything else unchanged.
 *
 * <p>Thread-safety: stateless.
 */
final class EchoExchange {
    static final long MESSAGE_ID = 12345;
    static final int PAYLOAD_BYTES = 256;
    static final int METHOD = Wire.METHOD_INCREMENT;
    static final int FLAGS = 0;
    static final long ITEM_COUNT = 1;

    private static final int BYTE_MASK = 0xFF;

    private EchoExchange() {
    }

    /** A fresh copy of the request payload. */
    static ByteBuffer payload() {
        byte[] bytes = new byte[PAYLOAD_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i & BYTE_MASK);
        }
        return ByteBuffer.wrap(bytes);
    }

    /**
     * Checks the echo of the request; reports each mismatch on {@code err}, in the
     * reference's words, and returns whether there was none.
     */
    static boolean check(ReceivedMessage response, byte[] sent, PrintStream err) {
        boolean ok = true;
        if (response.kind() != Wire.KIND_RESPONSE) {
            err.println("client: expected RESPONSE, got " + response.kind());
            ok = false;
        }
        if (response.messageId() != MESSAGE_ID) {
            err.println("client: expected message_id " + MESSAGE_ID + ", got "
                    + Long.toUnsignedString(response.messageId()));
            ok = false;
        }
        byte[] received = response.payloadBytes();
        if (received.length != sent.length) {
            err.println("client: payload length mismatch: " + received.length + " vs " + sent.length);
            ok = false;
        } else if (!Arrays.equals(received, sent)) {
            err.println("client: payload data mismatch");
            ok = false;
        }
        return ok;
    }
}
