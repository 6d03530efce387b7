package io.netdata.netipc.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link ByteSource} of any length up to {@link Integer#MAX_VALUE} that needs
 * no storage: every byte is {@link #FILL}. It lets tests drive size arithmetic to
 * the u32 and int limits; copying it is a test failure, because encoders must
 * reject such sizes before writing anything.
 */
public final class HugeByteSource implements ByteSource {
    public static final byte FILL = 'x';

    private final int length;

    public HugeByteSource(int length) {
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return FILL;
    }

    @Override
    public void copyTo(ByteBuffer target, int at) {
        throw new AssertionError("a " + length + "-byte source must be rejected before it is copied");
    }

    @Override
    public boolean containsNul() {
        return false;
    }
}
