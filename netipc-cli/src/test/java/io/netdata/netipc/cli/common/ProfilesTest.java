package io.netdata.netipc.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.Wire;
import org.junit.jupiter.api.Test;

class ProfilesTest {
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
