package io.netdata.netipc.cli.common;

import io.netdata.netipc.protocol.ByteSource;

/**
 * Strict UTF-8 decoding, one character at a time, of bytes that need not be
 * UTF-8 (file names, wire strings). The tool uses it to tell such bytes apart
 * from text: to show them losslessly, and to undo systemd escapes only where
 * they spell characters. It reads a {@link ByteSource} in place and allocates
 * nothing, since a host's snapshot may hold a hundred thousand names.
 *
 * <p>Strict as {@link java.nio.charset.StandardCharsets#UTF_8}'s decoder is:
 * no overlong forms, no surrogates, nothing above U+10FFFF.
 *
 * <p>Thread-safety: stateless.
 */
public final class Utf8 {
    /** What {@link #codePointAt} returns where no valid character starts. */
    public static final int NOT_A_CHARACTER = -1;

    private static final int BYTE_MASK = 0xFF;
    private static final int LAST_ONE_BYTE = 0x7F;
    /**
     * The lead bytes of two-, three- and four-byte sequences; 0xC0, 0xC1 and
     * 0xF5 up would only start overlong or too large forms.
     */
    private static final int FIRST_TWO_BYTE_LEAD = 0xC2;
    private static final int FIRST_THREE_BYTE_LEAD = 0xE0;
    private static final int FIRST_FOUR_BYTE_LEAD = 0xF0;
    private static final int LAST_FOUR_BYTE_LEAD = 0xF4;
    /** The payload bits of a lead byte, by sequence length (index 2, 3, 4). */
    private static final int[] LEAD_PAYLOAD = {0, 0, 0x1F, 0x0F, 0x07};
    /** The smallest code point of a sequence of that length: below it, the form is overlong. */
    private static final int[] SMALLEST = {0, 0, 0x80, 0x800, 0x1_0000};
    private static final int CONTINUATION_TAG_MASK = 0xC0;
    private static final int CONTINUATION_TAG = 0x80;
    private static final int CONTINUATION_PAYLOAD = 0x3F;
    private static final int CONTINUATION_BITS = 6;
    private static final int LAST_TWO_BYTE = 0x7FF;
    private static final int LAST_THREE_BYTE = 0xFFFF;
    private static final int ONE_BYTE = 1;
    private static final int TWO_BYTES = 2;
    private static final int THREE_BYTES = 3;
    private static final int FOUR_BYTES = 4;

    private Utf8() {
    }

    /**
     * The code point of the valid UTF-8 character that starts at {@code from},
     * or {@link #NOT_A_CHARACTER}; {@link #length(int)} says how many bytes it
     * takes.
     */
    public static int codePointAt(ByteSource bytes, int from) {
        int lead = bytes.byteAt(from) & BYTE_MASK;
        if (lead <= LAST_ONE_BYTE) {
            return lead;
        }
        int length = sequenceLength(lead);
        if (length == 0 || from + length > bytes.length()) {
            return NOT_A_CHARACTER;
        }
        int codePoint = lead & LEAD_PAYLOAD[length];
        for (int i = 1; i < length; i++) {
            int next = bytes.byteAt(from + i) & BYTE_MASK;
            if ((next & CONTINUATION_TAG_MASK) != CONTINUATION_TAG) {
                return NOT_A_CHARACTER;
            }
            codePoint = codePoint << CONTINUATION_BITS | next & CONTINUATION_PAYLOAD;
        }
        boolean valid = codePoint >= SMALLEST[length] && codePoint <= Character.MAX_CODE_POINT
                && !(codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
        return valid ? codePoint : NOT_A_CHARACTER;
    }

    /** How many bytes UTF-8 takes for {@code codePoint}. */
    public static int length(int codePoint) {
        if (codePoint <= LAST_ONE_BYTE) {
            return ONE_BYTE;
        }
        if (codePoint <= LAST_TWO_BYTE) {
            return TWO_BYTES;
        }
        return codePoint <= LAST_THREE_BYTE ? THREE_BYTES : FOUR_BYTES;
    }

    /** Whether all of {@code bytes} is valid UTF-8: whether decoding them as text loses nothing. */
    public static boolean isValid(ByteSource bytes) {
        for (int i = 0, n = bytes.length(); i < n;) {
            int codePoint = codePointAt(bytes, i);
            if (codePoint == NOT_A_CHARACTER) {
                return false;
            }
            i += length(codePoint);
        }
        return true;
    }

    /** The length of the sequence {@code lead} starts, or 0 when it starts none. */
    private static int sequenceLength(int lead) {
        if (lead < FIRST_TWO_BYTE_LEAD || lead > LAST_FOUR_BYTE_LEAD) {
            return 0;
        }
        if (lead < FIRST_THREE_BYTE_LEAD) {
            return TWO_BYTES;
        }
        return lead < FIRST_FOUR_BYTE_LEAD ? THREE_BYTES : FOUR_BYTES;
    }
}
