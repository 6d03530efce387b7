package io.netdata.netipc.it;

import java.nio.ByteBuffer;

/**
 * One file of the interop codec fixture: its name, how to encode it with the
 * codec, and which checks the decode step applies to its bytes.
 *
 * <p>Thread-safety: immutable.
 */
record InteropFixture(String fileName, Encoder encoder, Verifier verifier) {

    /** Writes the message at index 0 of a buffer and returns its length. */
    @FunctionalInterface
    interface Encoder {
        int encode(ByteBuffer buffer);
    }

    /** Decodes {@code [0, length)} of {@code message} and counts each check in {@code checks}. */
    @FunctionalInterface
    interface Verifier {
        void verify(ByteBuffer message, int length, CheckTally checks);
    }
}
