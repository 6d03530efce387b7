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
