package io.netdata.netipc.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Sock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One packet from one or two native memory ranges, over a SEQPACKET socket pair. */
class GatherSendTest {
    private static final int CAPACITY = 256;

    private NativeFd sender;
    private NativeFd receiver;
    private final GatherSend gather = new GatherSend();
    private final ByteBuffer in = ByteBuffer.allocateDirect(CAPACITY);

    @BeforeEach
    void connectPair() throws NativeException {
        int[] fds = new int[2];
        Native.check(Native.libc().socketpair(AddressFamily.AF_UNIX.intValue(), Sock.SOCK_SEQPACKET.intValue(), 0,
                fds), "socketpair");
        sender = new NativeFd(fds[0]);
        receiver = new NativeFd(fds[1]);
    }

    @AfterEach
    void closePair() {
        sender.close();
        receiver.close();
    }

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(0, bytes);
        return buffer;
    }

    /** The next packet on the receiving end, as text. */
    private String receive() throws NativeException {
        long length = Native.check(Native.libc().recv(receiver.fd(), Native.address(in), CAPACITY, 0), "recv");
        byte[] bytes = new byte[(int) length];
        in.get(0, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void oneRangeGoesOutAsOnePacket() throws NativeException {
        ByteBuffer header = direct("header");
        assertThat(gather.send(sender.fd(), Native.address(header), 6, 0, 0)).isEqualTo(6);
        assertThat(receive()).isEqualTo("header");
    }

    @Test
    void twoRangesGoOutAsOnePacketInOrder() throws NativeException {
        ByteBuffer header = direct("HEAD");
        ByteBuffer payload = direct("xxpayloadyy");
        long sent = gather.send(sender.fd(), Native.address(header), 4, Native.address(payload) + 2, 7);
        assertThat(sent).isEqualTo(11);
        assertThat(receive()).isEqualTo("HEADpayload");
    }

    @Test
    void anEmptySecondRangeIsLeftOutWhateverItsAddress() throws NativeException {
        ByteBuffer header = direct("only");
        ByteBuffer payload = direct("ignored");
        assertThat(gather.send(sender.fd(), Native.address(header), 4, Native.address(payload), 0)).isEqualTo(4);
        assertThat(receive()).isEqualTo("only");
    }

    @Test
    void oneInstanceSwitchesBetweenOneAndTwoRangesWithoutStaleVectors() throws NativeException {
        ByteBuffer header = direct("H:");
        ByteBuffer payload = direct("body");
        for (int round = 0; round < 3; round++) {
            gather.send(sender.fd(), Native.address(header), 2, Native.address(payload), 4);
            gather.send(sender.fd(), Native.address(header), 2, 0, 0);
            assertThat(receive()).isEqualTo("H:body");
            assertThat(receive()).isEqualTo("H:");
        }
    }

    @Test
    void sendingAfterThePeerClosedIsEpipeNotASignal() {
        receiver.close();
        ByteBuffer header = direct("late");
        assertThatThrownBy(() -> gather.send(sender.fd(), Native.address(header), 4, 0, 0))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errnoName()).isEqualTo("EPIPE");
                    assertThat(e.is(Errno.EPIPE)).isTrue();
                    assertThat(e.operation()).isEqualTo("sendmsg");
                });
    }

    @Test
    void anInvalidDescriptorIsEbadf() {
        ByteBuffer header = direct("x");
        assertThatThrownBy(() -> gather.send(-1, Native.address(header), 1, 0, 0))
                .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.is(Errno.EBADF)).isTrue());
    }
}
