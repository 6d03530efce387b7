package io.netdata.netipc.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Sock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sockaddr_un} building, and agreement with the JDK on what file a path names. */
class UnixSocketAddressTest {
    @TempDir
    Path dir;

    @Test
    void aSocketBoundToANonAsciiPathIsTheFileTheJdkSeesUnderThatPath() throws Exception {
        Path path = dir.resolve("caf\u00e9-\u00fcber.sock");
        try (NativeFd socket = new NativeFd(Native.check(Native.libc().socket(AddressFamily.AF_UNIX.intValue(),
                Sock.SOCK_SEQPACKET.intValue(), 0), "socket"))) {
            byte[] address = UnixSocketAddress.of(path);
            Native.check(Native.libc().bind(socket.fd(), address, address.length), "bind");
            assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).as("a socket, not a file").isFalse();
        } finally {
            Files.deleteIfExists(path);
        }
    }

    @Test
    void theFamilyLeadsAndThePathFollowsNulTerminated() {
        byte[] address = UnixSocketAddress.of(Path.of("/run/x.sock"));
        assertThat(address).hasSize(UnixSocketAddress.SIZE);
        int family = (address[0] & 0xFF) | (address[1] & 0xFF) << 8;
        assertThat(family).isEqualTo(AddressFamily.AF_UNIX.intValue());
        byte[] path = "/run/x.sock".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < path.length; i++) {
            assertThat(address[UnixSocketAddress.FAMILY_SIZE + i]).isEqualTo(path[i]);
        }
        assertThat(address[UnixSocketAddress.FAMILY_SIZE + path.length]).isZero();
    }

    @Test
    void refusesAPathLongerThanSunPath() {
        Path tooLong = Path.of("/" + "a".repeat(UnixSocketAddress.MAX_PATH_BYTES));
        assertThat(UnixSocketAddress.fits(tooLong)).isFalse();
        assertThatThrownBy(() -> UnixSocketAddress.of(tooLong)).isInstanceOf(IllegalArgumentException.class);
        Path longest = Path.of("/" + "a".repeat(UnixSocketAddress.MAX_PATH_BYTES - 1));
        assertThat(UnixSocketAddress.fits(longest)).isTrue();
    }

    @Test
    void fileNamesUseTheJdksFileNameCharsetAndFallBackToUtf8() {
        assertThat(UnixSocketAddress.fileNameCharset("ISO-8859-1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(UnixSocketAddress.fileNameCharset(null)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(UnixSocketAddress.fileNameCharset("no-such-charset")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(UnixSocketAddress.fileNameCharset("not a charset name!")).isEqualTo(StandardCharsets.UTF_8);
        Charset jdk = UnixSocketAddress.fileNameCharset(System.getProperty(
                UnixSocketAddress.FILE_NAME_ENCODING_PROPERTY));
        assertThat(UnixSocketAddress.pathBytes(Path.of("/r/\u00e9"))).isEqualTo("/r/\u00e9".getBytes(jdk));
    }
}
