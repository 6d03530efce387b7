package io.netdata.netipc.service.client;

import io.netdata.netipc.protocol.Wire;

/**
 * The size of a Level 1 batch payload (upstream {@code level1-wire-envelope.md},
 * batch directory): the directory of 8-byte entries, padded to 8, then every
 * item padded to 8.
 *
 * <p>Thread-safety: stateless.
 */
final class BatchLayout {
    private static final int ALIGNMENT = 8;

    private BatchLayout() {
    }

    /** The directory of {@code items} entries, padded. */
    static long directorySize(int items) {
        return align((long) items * Wire.BATCH_ENTRY_SIZE);
    }

    /** One item of {@code length} bytes, padded. */
    static long itemSize(long length) {
        return align(length);
    }

    private static long align(long value) {
        return (value + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
