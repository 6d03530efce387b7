package io.netdata.netipc.it;

/**
 * Reads a message count the way the reference fixture does, with C's
 * {@code atoi}: leading white space is skipped, an optional sign and the
 * decimal digits that follow are read, anything after them is ignored, and a
 * string without digits is 0. The reference never rejects a count, so neither
 * does this: {@code "abc"} and {@code "0"} both mean "no messages".
 *
 * <p>The one deliberate difference: a value outside {@code int} is undefined
 * behaviour for {@code atoi}; here it saturates at the nearest {@code int}.
 *
 * <p>Thread-safety: stateless.
 */
final class CountArgument {
    private static final int RADIX = 10;

    private CountArgument() {
    }

    /** The count {@code text} stands for. */
    static int parse(String text) {
        int i = 0;
        while (i < text.length() && isCSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        // Accumulated as a negative number, whose range includes Integer.MIN_VALUE.
        long value = 0;
        for (; i < text.length() && isDigit(text.charAt(i)); i++) {
            value = Math.max(value * RADIX - (text.charAt(i) - '0'), Integer.MIN_VALUE);
        }
        return (int) (negative ? value : Math.min(-value, Integer.MAX_VALUE));
    }

    /** C's {@code isspace} in the "C" locale. */
    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** ASCII digits only, as {@code atoi} reads them ({@link Character#isDigit} accepts other scripts). */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
