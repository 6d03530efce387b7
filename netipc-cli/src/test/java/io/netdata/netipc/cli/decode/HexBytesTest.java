package io.netdata.netipc.cli.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HexBytesTest {
    private static final int BYTE_MASK = 0xFF;

    private final HexBytes hex = new HexBytes();

    @Test
    void parsesBothCases() {
        assertThat(hex.parse("00ff7fAb")).isTrue();

        assertThat(bytes()).containsExactly(0x00, 0xFF, 0x7F, 0xAB);
    }

    @Test
    void parsesEmptyText() {
        assertThat(hex.parse("")).isTrue();
        assertThat(hex.length()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "abc", "0g", "g0", "0x00", "00 ", "+1", "\u0660\u0661", "\uff10\uff11"})
    void rejectsAnythingButAnEvenNumberOfAsciiHexDigits(String text) {
        assertThat(hex.parse(text)).isFalse();
    }

    @Test
    void growsAndKeepsOnlyTheLastParse() {
        String big = "5a".repeat(10_000);

        assertThat(hex.parse(big)).isTrue();
        assertThat(hex.length()).isEqualTo(10_000);
        assertThat(hex.parse("01")).isTrue();
        assertThat(bytes()).containsExactly(0x01);
    }

    private int[] bytes() {
        ByteBuffer buffer = hex.buffer();
        return IntStream.range(0, hex.length()).map(i -> buffer.get(i) & BYTE_MASK).toArray();
    }
}
