package io.netdata.netipc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared byte-access and validation helpers under every codec. */
class InternalHelpersTest {
    private static final byte[] SEQUENCE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static ByteBuffer sequence() {
        return ByteBuffer.wrap(SEQUENCE.clone());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void readsAndWritesInHostOrderWhateverTheBufferOrder(BufferKind kind) {
        BufferKind.Region region = kind.region(Long.BYTES);
        ByteBuffer buffer = region.buffer();
        int at = region.offset();
        ByteBuffer expected = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());

        NativeBytes.putU64(buffer, at, 0x0102_0304_0506_0708L);
        assertThat(region.bytes(Long.BYTES)).isEqualTo(expected.putLong(0, 0x0102_0304_0506_0708L).array());
        assertThat(NativeBytes.u64(buffer, at)).isEqualTo(0x0102_0304_0506_0708L);

        NativeBytes.putU32(buffer, at, WireBytes.U32_MAX);
        assertThat(NativeBytes.u32(buffer, at)).isEqualTo(WireBytes.U32_MAX);

        NativeBytes.putU32Pair(buffer, at, 0x0102_0304L, 0xF5F6_F7F8L);
        expected.putInt(0, 0x0102_0304).putInt(Integer.BYTES, 0xF5F6_F7F8);
        assertThat(region.bytes(Long.BYTES)).isEqualTo(expected.array());
        assertThat(NativeBytes.u32(buffer, at)).isEqualTo(0x0102_0304L);
        assertThat(NativeBytes.u32(buffer, at + Integer.BYTES)).isEqualTo(0xF5F6_F7F8L);

        NativeBytes.putU16(buffer, at, WireBytes.U16_MAX);
        assertThat(NativeBytes.u16(buffer, at)).isEqualTo(WireBytes.U16_MAX);

        NativeBytes.putU8(buffer, at, 0xFF);
        assertThat(NativeBytes.u8(buffer, at)).isEqualTo(0xFF);
        assertThat(region.guardsIntact()).isTrue();
    }

    @ParameterizedTest(name = "move {2} bytes from {0} to {1}")
    @CsvSource({
        "0, 5, 3, '0,1,2,3,4,0,1,2,8,9'",
        "2, 0, 5, '2,3,4,5,6,5,6,7,8,9'",
        "0, 2, 5, '0,1,0,1,2,3,4,7,8,9'",
        "3, 3, 4, '0,1,2,3,4,5,6,7,8,9'",
        "1, 4, 0, '0,1,2,3,4,5,6,7,8,9'"})
    void moveHasMemmoveSemantics(int from, int to, int length, String expected) {
        ByteBuffer buffer = sequence();
        NativeBytes.move(buffer, from, to, length);
        assertThat(buffer.array()).isEqualTo(bytes(expected));
    }

    private static byte[] bytes(String csv) {
        String[] parts = csv.split(",");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = Byte.parseByte(parts[i]);
        }
        return bytes;
    }

    @Test
    void zeroesOnlyTheRange() {
        ByteBuffer target = sequence();
        NativeBytes.zero(target, 1, 2);
        assertThat(target.array()).startsWith(0, 0, 0, 3);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void moveHasMemmoveSemanticsInEveryKindOfBuffer(BufferKind kind) {
        int length = 40;
        for (int[] move : new int[][] {{0, 9, 31}, {9, 0, 31}, {3, 4, 36}, {4, 3, 36}, {0, 20, 20}}) {
            BufferKind.Region region = kind.region(length);
            byte[] expected = new byte[length];
            for (int i = 0; i < length; i++) {
                region.buffer().put(region.offset() + i, (byte) i);
                expected[i] = (byte) i;
            }
            System.arraycopy(expected.clone(), move[0], expected, move[1], move[2]);
            NativeBytes.move(region.buffer(), region.offset() + move[0], region.offset() + move[1], move[2]);
            assertThat(region.bytes(length)).isEqualTo(expected);
            assertThat(region.guardsIntact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void rangesCompareByContentAtEveryLengthAndMismatchPosition(BufferKind kind) {
        int longest = 3 * Long.BYTES + 3;
        for (int length = 0; length <= longest; length++) {
            byte[] content = new byte[length];
            for (int i = 0; i < length; i++) {
                content[i] = (byte) (i * 7 + 1);
            }
            BufferKind.Region region = kind.regionWith(content);
            ByteBuffer readOnly = region.buffer().asReadOnlyBuffer();
            BufferKind.Region other = BufferKind.HEAP_DEFAULT_ORDER.regionWith(content);
            for (ByteBuffer buffer : new ByteBuffer[] {region.buffer(), readOnly}) {
                assertThat(NativeBytes.rangeEquals(buffer, region.offset(), content)).isTrue();
                assertThat(NativeBytes.rangeEquals(buffer, region.offset(), other.buffer(), other.offset(), length))
                        .isTrue();
                assertThat(NativeBytes.rangeEquals(other.buffer(), other.offset(), buffer, region.offset(), length))
                        .isTrue();
                for (int at = 0; at < length; at++) {
                    byte[] differs = content.clone();
                    differs[at] ^= (byte) 0x80;
                    BufferKind.Region changed = BufferKind.DIRECT_DEFAULT_ORDER.regionWith(differs);
                    assertThat(NativeBytes.rangeEquals(buffer, region.offset(), differs)).isFalse();
                    assertThat(NativeBytes.rangeEquals(buffer, region.offset(), changed.buffer(), changed.offset(),
                            length)).isFalse();
                }
            }
        }
    }

    @Test
    void rangeComparesHonourTheArrayOffsetOfASlicedHeapBuffer() {
        byte[] content = "/sys/fs/cgroup/bench/cg-12".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int length : new int[] {1, Long.BYTES, content.length}) {
            byte[] expected = java.util.Arrays.copyOf(content, length);
            ByteBuffer sliced = slicedHeap(expected);
            ByteBuffer otherSliced = slicedHeap(expected);
            assertThat(sliced.arrayOffset()).isPositive();
            assertThat(NativeBytes.rangeEquals(sliced, 0, expected)).isTrue();
            assertThat(NativeBytes.rangeEquals(sliced, 0, otherSliced, 0, length)).isTrue();
            byte[] differs = expected.clone();
            differs[length - 1] ^= 1;
            assertThat(NativeBytes.rangeEquals(sliced, 0, differs)).isFalse();
            assertThat(NativeBytes.rangeEquals(sliced, 0, slicedHeap(differs), 0, length)).isFalse();
            assertThat(NativeBytes.rangeEquals(slicedHeap(differs), 0, sliced, 0, length)).isFalse();
        }
    }

    /** {@code content} at index 0 of a heap buffer sliced out of a larger array whose head differs. */
    private static ByteBuffer slicedHeap(byte[] content) {
        byte[] backing = new byte[SLICE_HEAD + content.length + SLICE_HEAD];
        java.util.Arrays.fill(backing, (byte) 0x5A);
        System.arraycopy(content, 0, backing, SLICE_HEAD, content.length);
        return ByteBuffer.wrap(backing).slice(SLICE_HEAD, content.length + SLICE_HEAD);
    }

    @ParameterizedTest
    @CsvSource({"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void pairedFieldsLayOutLikeTwoStoresInEitherOrder(String orderName) {
        ByteOrder order = "LITTLE_ENDIAN".equals(orderName) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer twoStores = ByteBuffer.allocate(Long.BYTES).order(order);
        ByteBuffer oneStore = ByteBuffer.allocate(Long.BYTES).order(order);

        twoStores.putInt(0, 0x0102_0304).putInt(Integer.BYTES, 0xF5F6_F7F8);
        oneStore.putLong(0, NativeBytes.u32PairBits(order, 0x0102_0304L, 0xF5F6_F7F8L));
        assertThat(oneStore.array()).isEqualTo(twoStores.array());

        // Bits above each field's 32 are dropped, as putU32 drops them.
        twoStores.putInt(0, -1).putInt(Integer.BYTES, 0x0000_0007);
        oneStore.putLong(0, NativeBytes.u32PairBits(order, -1L, 0x1_0000_0007L));
        assertThat(oneStore.array()).isEqualTo(twoStores.array());

        twoStores.putShort(0, (short) 0x0102).putShort(Short.BYTES, (short) 0xF5F6);
        oneStore.putInt(0, (int) NativeBytes.u16PairBits(order, 0x0102, 0xF5F6));
        assertThat(java.util.Arrays.copyOf(oneStore.array(), Integer.BYTES))
                .isEqualTo(java.util.Arrays.copyOf(twoStores.array(), Integer.BYTES));
        twoStores.putShort(0, (short) -1).putShort(Short.BYTES, (short) 0);
        oneStore.putInt(0, (int) NativeBytes.u16PairBits(order, -1, 0x1_0000));
        assertThat(java.util.Arrays.copyOf(oneStore.array(), Integer.BYTES))
                .isEqualTo(java.util.Arrays.copyOf(twoStores.array(), Integer.BYTES));
    }

    @Test
    void rangeComparesStayInsideTheLimit() {
        ByteBuffer buffer = ByteBuffer.allocate(16).limit(8);
        assertThatThrownBy(() -> NativeBytes.rangeEquals(buffer, 4, new byte[5]))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> NativeBytes.rangeEquals(buffer, 0, ByteBuffer.allocate(16), 12, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(NativeBytes.rangeEquals(buffer, 8, new byte[0])).isTrue();
    }

    @Test
    void viewsAndStringsCompareByContentWhateverTheirKinds() {
        ByteString owned = ByteString.utf8("/sys/fs/cgroup/bench/cg-12");
        ByteBuffer heap = ByteBuffer.wrap(("xx" + owned).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.capacity()).put(0, heap, 0, heap.capacity());
        BytesView onHeap = new BytesView().wrap(heap, 2, owned.length());
        BytesView onDirect = new BytesView().wrap(direct, 2, owned.length());
        BytesView readOnly = new BytesView().wrap(heap.asReadOnlyBuffer(), 2, owned.length());
        for (BytesView view : new BytesView[] {onHeap, onDirect, readOnly}) {
            assertThat(view.contentEquals(owned)).isTrue();
            assertThat(owned.contentEquals(view)).isTrue();
            assertThat(view.contentEquals(onDirect)).isTrue();
            assertThat(view.contentEquals(ByteString.utf8("/sys/fs/cgroup/bench/cg-13"))).isFalse();
            assertThat(view.contentEquals(new BytesView().wrap(heap, 1, owned.length()))).isFalse();
        }
        assertThat(new BytesView().contentEquals(ByteString.EMPTY)).isTrue();
        assertThat(ByteString.EMPTY.contentEquals(new BytesView())).isTrue();
        assertThat(new BytesView().contentEquals(new BytesView())).isTrue();
    }

    @Test
    void findsNulOnlyInsideTheRange() {
        assertThat(NativeBytes.containsNul(sequence(), 1, SEQUENCE.length - 1)).isFalse();
        assertThat(NativeBytes.containsNul(sequence(), 0, 1)).isTrue();
        assertThat(NativeBytes.containsNul(sequence(), 0, 0)).isFalse();
    }

    /** Bytes that trap a word-wise zero test: high bits set, ones, and values next to them. */
    private static final byte[] NON_NUL_TRAPS = {(byte) 0x80, 0x01, (byte) 0xFF, 0x7F, (byte) 0x81, 0x02,
        (byte) 0xFE};
    private static final int LONGEST_SCANNED = 3 * Long.BYTES + 1;
    private static final int RANDOM_WORDS = 100_000;
    /** Bytes before (and after) the content of a sliced heap buffer, so that its array offset is not 0. */
    private static final int SLICE_HEAD = 3;

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void findsANulAtEveryPositionOfEveryLengthAmongTrapBytes(BufferKind kind) {
        for (int length = 0; length <= LONGEST_SCANNED; length++) {
            for (int nul = -1; nul < length; nul++) {
                byte[] content = new byte[length];
                for (int i = 0; i < length; i++) {
                    content[i] = NON_NUL_TRAPS[(i + length) % NON_NUL_TRAPS.length];
                }
                if (nul >= 0) {
                    content[nul] = 0;
                }
                BufferKind.Region region = kind.regionWith(content);
                boolean expected = nul >= 0;
                assertThat(NativeBytes.containsNul(region.buffer(), region.offset(), length))
                        .as("length %d, NUL at %d", length, nul).isEqualTo(expected);
                assertThat(NativeBytes.containsNul(region.buffer().asReadOnlyBuffer(), region.offset(), length))
                        .isEqualTo(expected);
                assertThat(new BytesView().wrap(region.buffer(), region.offset(), length).containsNul())
                        .isEqualTo(expected);
                assertThat(ByteString.of(content).containsNul()).isEqualTo(expected);
                assertThat(NativeBytes.containsNul(region.bytes(length), 0, length)).isEqualTo(expected);
            }
        }
    }

    @Test
    void theWordTestAgreesWithAByteByByteScan() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < RANDOM_WORDS; i++) {
            long word = random.nextLong();
            // Bias towards the bytes that trap the test: each byte zero or a trap one time in four.
            for (int b = 0; b < Long.BYTES; b++) {
                int pick = random.nextInt(NON_NUL_TRAPS.length * 4 + 1);
                long value = pick == 0 ? 0 : pick <= NON_NUL_TRAPS.length ? NON_NUL_TRAPS[pick - 1] & 0xFF
                        : (word >>> (b * Byte.SIZE)) & 0xFF;
                word = word & ~(0xFFL << (b * Byte.SIZE)) | value << (b * Byte.SIZE);
            }
            boolean expected = false;
            for (int b = 0; b < Long.BYTES; b++) {
                expected |= ((word >>> (b * Byte.SIZE)) & 0xFF) == 0;
            }
            assertThat(NativeBytes.hasZeroByte(word)).as("%016x", word).isEqualTo(expected);
        }
    }

    @Test
    void nulScansStayInsideTheLimit() {
        ByteBuffer buffer = ByteBuffer.allocate(16).limit(8);
        assertThatThrownBy(() -> NativeBytes.containsNul(buffer, 4, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> NativeBytes.containsNul(new byte[8], 4, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(NativeBytes.containsNul(buffer, 8, 0)).isFalse();
        assertThat(new BytesView().containsNul()).as("unwrapped").isFalse();
    }

    @Test
    void aByteStringAnswersTheSameNulQuestionEveryTime() {
        ByteString with = ByteString.utf8("a\0b");
        ByteString without = ByteString.utf8("ab");
        for (int i = 0; i < 2; i++) {
            assertThat(with.containsNul()).isTrue();
            assertThat(without.containsNul()).isFalse();
            assertThat(ByteString.EMPTY.containsNul()).isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 8", "7, 8", "8, 8", "9, 16", "4294967295, 4294967296"})
    void alignsUpToEightBytes(long value, long aligned) {
        assertThat(Checks.align8(value)).isEqualTo(aligned);
        assertThat(Checks.isAligned(aligned)).isTrue();
    }

    @Test
    void rangeChecksUnsignedFields() {
        assertThat(Checks.checkU32(WireBytes.U32_MAX, "f")).isEqualTo(WireBytes.U32_MAX);
        assertThat(Checks.checkU16(WireBytes.U16_MAX, "f")).isEqualTo(WireBytes.U16_MAX);
        assertThatThrownBy(() -> Checks.checkU32(-1, "f")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checks.checkU32(WireBytes.U32_MAX + 1, "f"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checks.checkU16(-1, "f")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checks.checkU16(WireBytes.U16_MAX + 1, "f"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requireLengthReportsTruncation() {
        Checks.requireLength(4, 4, "x");
        CodecAssertions.assertRejects(CodecError.TRUNCATED, () -> Checks.requireLength(3, 4, "x"));
    }
}
