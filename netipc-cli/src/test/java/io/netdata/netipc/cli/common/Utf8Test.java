package io.netdata.netipc.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Utf8 decodes exactly what the JDK's strict UTF-8 decoder accepts. */
class Utf8Test {
    private static final long SEED = 0x5EED_0085L;
    private static final int SAMPLES = 200_000;
    private static final int MAX_SAMPLE_LENGTH = 6;
    /** Bytes around the boundaries of UTF-8's ranges, so that random samples hit the edge cases. */
    private static final int[] EDGE_BYTES = {0x00, 0x1F, 0x41, 0x5C, 0x7F, 0x80, 0x85, 0x8F, 0x90, 0x9F, 0xA0,
        0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5,
        0xFE, 0xFF};

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''               | true
            2f78             | true
            c3a9             | true
            c285             | true
            e282ac           | true
            f09f9880         | true
            f48fbfbf         | true
            2f78ff           | false
            c3               | false
            c0af             | false
            e080af           | false
            eda080           | false
            f4908080         | false
            f08fbfbf         | false
            80               | false
            """)
    void acceptsOnlyStrictUtf8(String hex, boolean valid) {
        assertThat(Utf8.isValid(ByteString.fromHex(hex))).isEqualTo(valid);
    }

    @Test
    void agreesWithTheJdkDecoderOnEveryTwoByteString() {
        for (int first = 0; first < 256; first++) {
            for (int second = 0; second < 256; second++) {
                byte[] bytes = {(byte) first, (byte) second};
                assertThat(Utf8.isValid(ByteString.of(bytes))).as("%02x%02x", first, second)
                        .isEqualTo(jdkAccepts(bytes));
            }
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomStringsOfEdgeBytes() {
        Random random = new Random(SEED);
        for (int sample = 0; sample < SAMPLES; sample++) {
            byte[] bytes = new byte[1 + random.nextInt(MAX_SAMPLE_LENGTH)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
            }
            assertThat(Utf8.isValid(ByteString.of(bytes))).as(ByteString.of(bytes).toHex())
                    .isEqualTo(jdkAccepts(bytes));
        }
    }

    @Test
    void decodesCodePointsAndTheirLengths() {
        ByteString text = ByteString.utf8("a\u00e9\u20ac\ud83d\ude00");

        assertThat(Utf8.codePointAt(text, 0)).isEqualTo('a');
        assertThat(Utf8.codePointAt(text, 1)).isEqualTo(0xE9);
        assertThat(Utf8.codePointAt(text, 2)).isEqualTo(Utf8.NOT_A_CHARACTER);
        assertThat(Utf8.codePointAt(text, 3)).isEqualTo(0x20AC);
        assertThat(Utf8.codePointAt(text, 6)).isEqualTo(0x1F600);
        assertThat(Utf8.length(0x7F)).isEqualTo(1);
        assertThat(Utf8.length(0x7FF)).isEqualTo(2);
        assertThat(Utf8.length(0xFFFF)).isEqualTo(3);
        assertThat(Utf8.length(0x1F600)).isEqualTo(4);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
