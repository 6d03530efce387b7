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
