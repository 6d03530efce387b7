package io.netdata.netipc.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.SimpleHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The on-the-fly UTF-8 encoding agrees with {@code String.getBytes(UTF_8)} on
 * every kind of character, lone surrogates included, for comparing and hashing.
 */
class Utf8CharsTest {
    private static final long SEED = 0x5EED_0008L;
    private static final int TEXTS = 2000;
    private static final int MAX_UNITS = 12;
    /** UTF-16 units drawn from: ASCII, two- and three-byte characters, and surrogates of both halves. */
    private static final char[] UNITS = {'a', '/', '\u0000', '\u007F', '\u0080', '\u00E9', '\u07FF', '\u0800',
        '\u20AC', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00'};

    @Test
    void encodesAsStringGetBytesDoes() {
        Random random = new Random(SEED);
        for (int t = 0; t < TEXTS; t++) {
            String text = randomText(random);
            byte[] expected = text.getBytes(StandardCharsets.UTF_8);
            ByteString bytes = ByteString.of(expected);

            assertThat(Utf8Chars.contentEquals(bytes, text)).as("%s", Arrays.toString(text.toCharArray())).isTrue();
            assertThat(Utf8Chars.contentEquals(bytes, new StringBuilder(text))).isTrue();
            assertThat(SimpleHash.of(text)).isEqualTo(SimpleHash.of(expected));
            if (expected.length > 0) {
                byte[] changed = expected.clone();
                changed[random.nextInt(changed.length)] ^= 1;
                assertThat(Utf8Chars.contentEquals(ByteString.of(changed), text)).isFalse();
                assertThat(Utf8Chars.contentEquals(ByteString.of(Arrays.copyOf(expected, expected.length - 1)), text))
                        .isFalse();
            }
            assertThat(Utf8Chars.contentEquals(ByteString.of(Arrays.copyOf(expected, expected.length + 1)), text))
                    .isFalse();
        }
    }

    @Test
    void ordersAsUnsignedBytesDo() {
        Random random = new Random(SEED);
        for (int t = 0; t < TEXTS; t++) {
            byte[] left = randomText(random).getBytes(StandardCharsets.UTF_8);
            String right = random.nextInt(4) == 0 ? new String(left, StandardCharsets.UTF_8) + randomText(random)
                    : randomText(random);

            int expected = Integer.signum(Arrays.compareUnsigned(left, right.getBytes(StandardCharsets.UTF_8)));
            assertThat(Integer.signum(Utf8Chars.compare(ByteString.of(left), right))).as(right).isEqualTo(expected);
        }
    }

    @Test
    void comparesLengthsBeforeBytes() {
        assertThat(Utf8Chars.contentEquals(ByteString.EMPTY, "")).isTrue();
        assertThat(Utf8Chars.contentEquals(ByteString.utf8("ab"), "abc")).as("fewer bytes than units").isFalse();
        assertThat(Utf8Chars.contentEquals(ByteString.of(new byte[4]), "a")).as("more than 3 bytes a unit")
                .isFalse();
        assertThat(Utf8Chars.contentEquals(ByteString.utf8("\u20AC"), "\u20AC")).isTrue();
    }

    private static String randomText(Random random) {
        char[] units = new char[random.nextInt(MAX_UNITS + 1)];
        for (int i = 0; i < units.length; i++) {
            units[i] = UNITS[random.nextInt(UNITS.length)];
        }
        return new String(units);
    }
}
