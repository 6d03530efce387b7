package io.netdata.netipc.protocol;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Deterministic generator of wire values for property-style tests.
 *
 * <p>jqwik is deliberately not a dependency of this project (see the parent POM),
 * so round-trip properties are JUnit parameterized tests over
 * {@link #cases()}: each case is a generator seeded with its case number, so a
 * failing case is reproduced by its index alone. Generators are biased towards
 * boundary values (zero, 2^31, the type's maximum, empty strings) so that every
 * run exercises them.
 */
public final class WireGen {
    /** Cases per property: enough to hit every boundary many times, small enough to run in well under a second. */
    public static final int CASE_COUNT = 200;
    /** The {@code @MethodSource} of property tests: {@link #cases()}. */
    public static final String CASES = "io.netdata.netipc.protocol.WireGen#cases";

    private static final int EDGE_ONE_IN = 6;
    private static final int[] U16_EDGES = {0, 1, 0x7FFF, 0x8000, WireBytes.U16_MAX};
    private static final long[] U32_EDGES = {0, 1, Integer.MAX_VALUE, WireBytes.U32_HIGH_BIT, WireBytes.U32_MAX};
    private static final long[] U64_EDGES = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
    private static final int MIN_NON_NUL = 1;
    private static final int MAX_BYTE = 0xFF;

    private final long seed;
    private final SplittableRandom random;

    public WireGen(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The generators of {@link #CASE_COUNT} cases; use as {@code @MethodSource(WireGen.CASES)}. */
    public static Stream<WireGen> cases() {
        return LongStream.range(0, CASE_COUNT).mapToObj(WireGen::new);
    }

    private boolean edge() {
        return random.nextInt(EDGE_ONE_IN) == 0;
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** Uniform in {@code [min, max]}. */
    public int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    public int u16() {
        return edge() ? U16_EDGES[random.nextInt(U16_EDGES.length)] : random.nextInt(WireBytes.U16_MAX + 1);
    }

    public long u32() {
        return edge() ? U32_EDGES[random.nextInt(U32_EDGES.length)] : random.nextLong(WireBytes.U32_MAX + 1);
    }

    /** Raw bits of an unsigned 64-bit value. */
    public long u64() {
        return edge() ? U64_EDGES[random.nextInt(U64_EDGES.length)] : random.nextLong();
    }

    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Arbitrary bytes (NUL included), up to {@code maxLength} long. */
    public byte[] bytes(int maxLength) {
        byte[] bytes = new byte[edge() ? 0 : between(0, maxLength)];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * A NUL-free wire string up to {@code maxLength} bytes: sometimes empty,
     * sometimes every byte value 1..255 (when it fits), otherwise random non-NUL bytes.
     */
    public ByteString wireString(int maxLength) {
        if (edge()) {
            return bool() || maxLength < MAX_BYTE ? ByteString.EMPTY : ByteString.of(WireBytes.everyNonNulByte());
        }
        return nonEmptyWireString(maxLength);
    }

    /** A non-empty NUL-free wire string of 1 to {@code maxLength} bytes. */
    public ByteString nonEmptyWireString(int maxLength) {
        byte[] bytes = new byte[between(1, maxLength)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) between(MIN_NON_NUL, MAX_BYTE);
        }
        return ByteString.of(bytes);
    }

    @Override
    public String toString() {
        return "seed " + seed;
    }
}
