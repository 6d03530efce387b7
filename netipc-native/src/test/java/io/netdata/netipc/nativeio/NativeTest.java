package io.netdata.netipc.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jnr.constants.platform.Access;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Sock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeTest {
    private static final int PAYLOAD_SIZE = 64;

    @Test
    void bindsLibcAndReportsThisProcess() {
        assertThat((long) Native.libc().getpid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void movesBytesThroughASeqpacketPairWithoutCopyingBuffers() throws NativeException {
        LibC libc = Native.libc();
        int[] fds = new int[2];
        Native.check(libc.socketpair(AddressFamily.AF_UNIX.intValue(), Sock.SOCK_SEQPACKET.intValue(), 0, fds),
                "socketpair");
        try {
            ByteBuffer out = ByteBuffer.allocateDirect(PAYLOAD_SIZE);
            ByteBuffer in = ByteBuffer.allocateDirect(PAYLOAD_SIZE);
            byte[] message = "netipc".getBytes(StandardCharsets.US_ASCII);
            out.put(0, message);
            long sent = Native.check(libc.send(fds[0], Native.address(out), message.length, 0), "send");
            long received = Native.check(libc.recv(fds[1], Native.address(in), PAYLOAD_SIZE, 0), "recv");
            byte[] got = new byte[(int) received];
            in.get(0, got);
            assertThat(sent).isEqualTo(message.length);
            assertThat(got).isEqualTo(message);
        } finally {
            libc.close(fds[0]);
            libc.close(fds[1]);
        }
    }

    @Test
    void failedCallCarriesErrnoAndItsName(@TempDir Path dir) {
        byte[] missing = (dir.resolve("missing").toString() + "\0").getBytes(StandardCharsets.UTF_8);
        assertThat(Files.exists(dir.resolve("missing"))).isFalse();
        assertThatThrownBy(() -> Native.check(Native.libc().unlink(missing), "unlink missing"))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT.intValue());
                    assertThat(e.errnoName()).isEqualTo("ENOENT");
                    assertThat(e.is(Errno.ENOENT)).isTrue();
                    assertThat(e.is(Errno.EACCES)).isFalse();
                    assertThat(e.operation()).isEqualTo("unlink missing");
                    assertThat(e).hasMessageContaining("ENOENT");
                });
    }

    @Test
    void accessNamesTheFileBySocketAddressBytes(@TempDir Path dir) throws Exception {
        Path present = Files.writeString(dir.resolve("présent"), "x");
        Path absent = dir.resolve("absent");
        byte[] cString = UnixSocketAddress.cString(present);
        byte[] address = UnixSocketAddress.of(present);

        assertThat(cString[cString.length - 1]).as("NUL-terminated").isZero();
        assertThat(Arrays.copyOfRange(address, UnixSocketAddress.FAMILY_SIZE,
                UnixSocketAddress.FAMILY_SIZE + cString.length)).as("the bytes of sun_path").isEqualTo(cString);
        assertThat(Native.libc().access(cString, Access.F_OK.intValue())).isZero();
        assertThatThrownBy(() -> Native.check(Native.libc().access(UnixSocketAddress.cString(absent),
                Access.F_OK.intValue()), "access")).isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.is(Errno.ENOENT)).isTrue());
    }

    @Test
    void longResultsFollowTheSameConvention() throws NativeException {
        assertThat(Native.check(5L, "ok")).isEqualTo(5L);
        Native.libc().close(-1);
        assertThatThrownBy(() -> Native.check(-1L, "close -1"))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.EBADF)).isTrue());
    }

    @Test
    void namesUnknownErrnoValues() {
        assertThat(NativeException.errnoName(Integer.MAX_VALUE)).isEqualTo("E?" + Integer.MAX_VALUE);
    }

    @Test
    void addressNeedsADirectBuffer() {
        assertThatThrownBy(() -> Native.address(ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class);
        ByteBuffer direct = ByteBuffer.allocateDirect(8);
        assertThat(Native.address(direct)).isNotZero();
    }
}
