package io.netdata.netipc.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativePlatformTest {

    @ParameterizedTest
    @CsvSource({"Linux,amd64", "Linux,x86_64", "Linux,aarch64", "linux,AMD64"})
    void acceptsLinuxOnSupportedArchitectures(String os, String arch) {
        assertThat(NativePlatform.isSupported(os, arch)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"Mac OS X,aarch64", "Windows 11,amd64", "FreeBSD,amd64", "Linux,riscv64", "Linux,s390x", "Linux,x86"})
    void rejectsOtherSystemsAndArchitectures(String os, String arch) {
        assertThat(NativePlatform.isSupported(os, arch)).isFalse();
    }

    @Test
    void rejectsMissingProperties() {
        assertThat(NativePlatform.isSupported(null, "amd64")).isFalse();
        assertThat(NativePlatform.isSupported("Linux", null)).isFalse();
    }

    @Test
    void thisMachineIsSupported() {
        assertThatCode(NativePlatform::ensureSupported).doesNotThrowAnyException();
        assertThat(NativePlatform.describe()).contains(System.getProperty("os.arch"));
    }
}
