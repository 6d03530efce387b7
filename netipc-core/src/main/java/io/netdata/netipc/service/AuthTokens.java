package io.netdata.netipc.service;

import java.util.Locale;

/**
 * Parses authentication tokens: an unsigned 64-bit value written in decimal or
 * in hexadecimal with a {@code 0x} prefix. Error messages never repeat the
 * token.
 *
 * <p>Thread-safety: stateless.
 */
public final class AuthTokens {
    private static final String HEX_PREFIX = "0x";
    private static final int HEX_RADIX = 16;
    private static final int DECIMAL_RADIX = 10;

    private AuthTokens() {
    }

    /**
     * @param text the token, surrounding white space ignored
     * @param origin where it came from, for the error message
     * @return the token's 64 bits
     * @throws IllegalArgumentException naming {@code origin}, not the token
     */
    public static long parse(String text, String origin) {
        String token = text.strip();
        boolean hex = token.toLowerCase(Locale.ROOT).startsWith(HEX_PREFIX);
        String digits = hex ? token.substring(HEX_PREFIX.length()) : token;
        // parseUnsignedLong accepts a leading '+', which a token never has.
        if (digits.isEmpty() || digits.charAt(0) == '+') {
            throw invalid(origin);
        }
        try {
            return Long.parseUnsignedLong(digits, hex ? HEX_RADIX : DECIMAL_RADIX);
        } catch (NumberFormatException e) {
            throw invalid(origin);
        }
    }

    private static IllegalArgumentException invalid(String origin) {
        return new IllegalArgumentException("the auth token from " + origin
                + " is not an unsigned 64-bit number (decimal, or hexadecimal with 0x)");
    }
}
