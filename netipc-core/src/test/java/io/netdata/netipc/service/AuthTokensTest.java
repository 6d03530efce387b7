package io.netdata.netipc.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthTokensTest {
    @Test
    void decimalAndHexadecimalTokensCoverAllSixtyFourBits() {
        assertThat(AuthTokens.parse("0", "t")).isZero();
        assertThat(AuthTokens.parse(" 12345\n", "t")).isEqualTo(12345);
        assertThat(AuthTokens.parse("0xC0FFEE", "t")).isEqualTo(0xC0FFEE);
        assertThat(AuthTokens.parse("0Xffffffffffffffff", "t")).isEqualTo(-1L);
        assertThat(AuthTokens.parse("18446744073709551615", "t")).isEqualTo(-1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "-1", "+1", "0x+1", "12a", "18446744073709551616", "0x1ffffffffffffffff",
        "secret-token"})
    void anythingElseIsRefusedWithoutRepeatingTheToken(String text) {
        assertThatThrownBy(() -> AuthTokens.parse(text, "--auth-token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--auth-token")
                .satisfies(e -> {
                    if (text.length() > 2) {
                        assertThat(e.getMessage()).doesNotContain(text);
                    }
                });
    }
}
