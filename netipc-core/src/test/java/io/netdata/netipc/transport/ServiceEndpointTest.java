package io.netdata.netipc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.nativeio.UnixSocketAddress;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceEndpointTest {
    private static final Path RUN_DIR = Path.of("/run/netdata");

    @Test
    void derivesTheSocketPathFromRunDirAndServiceName() {
        ServiceEndpoint endpoint = new ServiceEndpoint(RUN_DIR, "cgroups-snapshot");

        assertThat(endpoint.socketPath()).isEqualTo(Path.of("/run/netdata/cgroups-snapshot.sock"));
        assertThat(endpoint.socketFileName()).isEqualTo("cgroups-snapshot.sock");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "cgroups-snapshot", "apps_lookup.v1", "A-Z_0.9", "...", ".hidden"})
    void acceptsLettersDigitsDotsUnderscoresAndDashes(String name) {
        assertThat(ServiceEndpoint.isValidServiceName(name)).isTrue();
        assertThat(new ServiceEndpoint(RUN_DIR, name).serviceName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "../etc", "with space", "tab\t", "ünïcode", "semi;colon", "nul\0"})
    void rejectsNamesThatCouldLeaveTheRunDirectoryOrAreNotPortable(String name) {
        assertThat(ServiceEndpoint.isValidServiceName(name)).isFalse();
        assertThatThrownBy(() -> new ServiceEndpoint(RUN_DIR, name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service name");
    }

    @Test
    void acceptsTheLongestPathThatFitsSunPathAndRejectsOneByteMore() {
        String dir = "/r";
        int nameLength = UnixSocketAddress.MAX_PATH_BYTES - dir.length() - 1 - ServiceEndpoint.SOCKET_SUFFIX.length();
        String name = "s".repeat(nameLength);

        assertThat(new ServiceEndpoint(Path.of(dir), name).socketPath().toString())
                .hasSize(UnixSocketAddress.MAX_PATH_BYTES);
        assertThatThrownBy(() -> new ServiceEndpoint(Path.of(dir), name + "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than");
    }

    @Test
    void refusesARunDirectoryOutsideTheDefaultFileSystem(@TempDir Path scratch) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(scratch.resolve("other.zip"), Map.of("create", "true"))) {
            assertThatThrownBy(() -> new ServiceEndpoint(zip.getPath("/run"), "cgroups-snapshot"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default file system");
        }
    }
}
