package io.netdata.netipc.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.Wire;
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

    @Test
    void profileListsNameTheBaselineAndSharedMemory() {
        assertThat(Profiles.parse("uds")).isEqualTo(Wire.PROFILE_BASELINE);
        assertThat(Profiles.parse(" SHM , uds")).isEqualTo(Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID);
        assertThatThrownBy(() -> Profiles.parse("uds,futex")).hasMessageContaining("futex");
        assertThatThrownBy(() -> Profiles.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Profiles.name(Wire.PROFILE_SHM_HYBRID)).isEqualTo("shm");
        assertThat(Profiles.name(Wire.PROFILE_BASELINE)).isEqualTo("uds");
        assertThat(Profiles.name(Wire.PROFILE_SHM_FUTEX)).isEqualTo("0x4");
    }
}
