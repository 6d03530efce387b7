package io.netdata.netipc.service.internal;

import java.time.Duration;

/**
 * The checks and defaults the Level 2 configurations share. Internal: not part
 * of the public API.
 *
 * <p>Thread-safety: stateless.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** {@code value}, or {@code fallback} when it is zero. */
    public static long orDefault(long value, long fallback) {
        return value == 0 ? fallback : value;
    }

    /** {@code value}, or {@code fallback} when it is null or zero. */
    public static Duration orDefault(Duration value, Duration fallback) {
        return value == null || value.isZero() ? fallback : value;
    }

    /** {@code value}, or {@code limit} when it is longer. */
    public static Duration atMost(Duration value, Duration limit) {
        return value.compareTo(limit) > 0 ? limit : value;
    }

    /**
     * @return {@code timeout} (null allowed)
     * @throws IllegalArgumentException when it is negative
     */
    public static Duration requireNotNegative(Duration timeout, String what) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + timeout);
        }
        return timeout;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException when it is negative
     */
    public static int requireNotNegative(int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }
}
