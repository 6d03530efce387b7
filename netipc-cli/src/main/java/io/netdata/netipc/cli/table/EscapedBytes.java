package io.netdata.netipc.cli.table;

import io.netdata.netipc.cli.common.Utf8;
import io.netdata.netipc.protocol.ByteSource;
import java.util.HexFormat;

/**
 * How a table shows a wire string: bytes, which need not be UTF-8 (cgroup
 * paths and names are file names). Decoding them as UTF-8 would print U+FFFD
 * for every stray byte, so that distinct strings ({@code /x\xff} and
 * {@code /x\xfe}) read alike; this shows them losslessly instead:
 * <ul>
 *   <li>a valid UTF-8 character that is no control character, as itself;
 *   <li>a byte that starts no valid character, and each byte of a control
 *       character, as {@code \xNN} (lowercase hex), which also keeps the
 *       table's layout and the terminal safe;
 *   <li>a backslash as {@code \\}, since names hold literal backslashes
 *       (systemd's {@code \x2d} escapes) that must read apart from escaped
 *       bytes.
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
public final class EscapedBytes {
    private static final char BACKSLASH = '\\';
    private static final String ESCAPED_BACKSLASH = "\\\\";
    private static final String BYTE_ESCAPE = "\\x";
    private static final HexFormat HEX = HexFormat.of();

    private EscapedBytes() {
    }

    /** {@code bytes} as a table shows them. */
    public static String of(ByteSource bytes) {
        StringBuilder shown = new StringBuilder(bytes.length());
        for (int i = 0, n = bytes.length(); i < n;) {
            int codePoint = Utf8.codePointAt(bytes, i);
            if (codePoint == Utf8.NOT_A_CHARACTER) {
                appendEscapes(shown, bytes, i, 1);
                i++;
                continue;
            }
            int length = Utf8.length(codePoint);
            if (Character.isISOControl(codePoint)) {
                appendEscapes(shown, bytes, i, length);
            } else if (codePoint == BACKSLASH) {
                shown.append(ESCAPED_BACKSLASH);
            } else {
                shown.appendCodePoint(codePoint);
            }
            i += length;
        }
        return shown.toString();
    }

    private static void appendEscapes(StringBuilder shown, ByteSource bytes, int from, int count) {
        for (int i = from; i < from + count; i++) {
            shown.append(BYTE_ESCAPE).append(HEX.toHexDigits(bytes.byteAt(i)));
        }
    }
}
