package io.netdata.netipc.transport.uds;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netdata.netipc.nativeio.GatherSend;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jnr.constants.platform.Errno;
import jnr.constants.platform.SocketMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets of a session's receive path over a real socket: the fuzzer's
 * input is a sequence of packets that a raw peer writes at a Java server
 * session or at a Java client session with request
 * {@link HandMadePeers#IN_FLIGHT_ID} in flight, after a correct handshake
 * (limits {@link HandMadePeers#LIMIT} bytes and {@link HandMadePeers#BATCH}
 * items, {@link HandMadePeers#PACKET}-byte packets). Seeds:
 * {@link UdsReceiveSeeds}; campaigns: {@code docs/fuzzing.md}.
 *
 * <p>Input format: packets one after another, each a little-endian u16 length
 * (reduced modulo {@link #MAX_WRITTEN_PACKET} + 1, so packets longer than the
 * agreed size occur) and that many bytes; a short last packet is cut off.
 *
 * <p>The peer writes what fits in the socket buffer and hangs up, and the
 * session receives until it fails. Checked every time: only a
 * {@link TransportException} ever escapes; the session ends broken with
 * PEER_CLOSED, PROTOCOL_VIOLATION or LIMIT_EXCEEDED (never a timeout: the
 * peer is gone); a failure lists exactly the ids still in flight; later calls
 * throw CLOSED; no more messages are delivered than packets were written;
 * every delivered message is of the receiving kind, within the negotiated
 * limits, carries exactly its payload, a valid batch directory when it is a
 * batch and, on the client, answers the request in flight, once.
 */
class UdsReceiveFuzzTest {
    static final String MAX_DURATION = "60s";
    /** Packets longer than the agreed size are written too: they must be refused, not cut. */
    static final int MAX_WRITTEN_PACKET = 2 * HandMadePeers.PACKET;
    static final int MAX_PACKETS = 64;

    private static final int LENGTH_PREFIX = Short.BYTES;
    private static final int U16_MASK = 0xFFFF;
    private static final int MSG_DONTWAIT = SocketMessage.MSG_DONTWAIT.intValue();
    private static final Set<TransportError> FINAL_ERRORS = EnumSet.of(TransportError.PEER_CLOSED,
            TransportError.PROTOCOL_VIOLATION, TransportError.LIMIT_EXCEEDED);

    @TempDir
    static Path runDir;
    private static UdsListener listener;

    @BeforeAll
    static void openListener() throws Exception {
        listener = HandMadePeers.victimListener(runDir);
    }

    @AfterAll
    static void closeListener() {
        listener.close();
    }

    @FuzzTest(maxDuration = MAX_DURATION)
    void serverSession(byte[] data) throws Exception {
        try (HandMadePeers.Victim victim = HandMadePeers.serverVictim(listener)) {
            attack(victim, packets(data));
        }
    }

    @FuzzTest(maxDuration = MAX_DURATION)
    void clientSession(byte[] data) throws Exception {
        try (HandMadePeers.Victim victim = HandMadePeers.clientVictim(listener)) {
            attack(victim, packets(data));
        }
    }

    /** The packets {@code data} encodes (see the class comment). */
    static List<byte[]> packets(byte[] data) {
        ByteBuffer input = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> packets = new ArrayList<>();
        while (input.remaining() >= LENGTH_PREFIX && packets.size() < MAX_PACKETS) {
            int length = (input.getShort() & U16_MASK) % (MAX_WRITTEN_PACKET + 1);
            byte[] packet = new byte[Math.min(length, input.remaining())];
            input.get(packet);
            packets.add(packet);
        }
        return packets;
    }

    /** The encoding {@link #packets(byte[])} reads back as {@code packets}. */
    static byte[] encode(List<byte[]> packets) {
        int length = packets.stream().mapToInt(packet -> LENGTH_PREFIX + packet.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] packet : packets) {
            out.putShort((short) packet.length).put(packet);
        }
        return out.array();
    }

    /** What an attack came to: the messages delivered, and the failure that ended the session. */
    record Outcome(int delivered, TransportError end) {
    }

    /** Writes {@code packets} at {@code victim}, hangs up, receives until the session fails; checks it all. */
    static Outcome attack(HandMadePeers.Victim victim, List<byte[]> packets) throws Exception {
        int written = writeWhatFits(victim.raw().fd(), packets);
        victim.raw().close();
        int delivered = 0;
        boolean answered = false;
        TransportException end = null;
        // Every message takes at least one packet, so at most `written` receives deliver one.
        for (int receive = 0; receive <= written && end == null; receive++) {
            try {
                ReceivedMessage message = victim.session().receive(UdsTestSupport.WAIT, null);
                checkDelivered(victim, message, answered);
                answered = true;
                delivered++;
            } catch (TransportException e) {
                end = e;
            }
        }
        assertThat(end).as("the session fails once the peer's packets are used up").isNotNull();
        assertThat(delivered).isLessThanOrEqualTo(written);
        assertThat(FINAL_ERRORS).as("final error %s", end).contains(end.error());
        assertThat(victim.session().isBroken()).isTrue();
        long[] stillInFlight = answered ? new long[0] : victim.inFlight();
        assertThat(end.failedMessageIds()).containsExactlyInAnyOrder(stillInFlight);
        assertThat(victim.session().inFlightCount()).isZero();
        TransportException later = HandMadePeers.failure(() -> victim.session().receive(UdsTestSupport.WAIT, null));
        assertThat(later.error()).isEqualTo(TransportError.CLOSED);
        assertThat(later.getCause()).isSameAs(end);
        return new Outcome(delivered, end.error());
    }

    private static void checkDelivered(HandMadePeers.Victim victim, ReceivedMessage message, boolean answered) {
        MessageHeaderView header = message.header();
        assertThat(header.kind()).isEqualTo(victim.inboundKind());
        assertThat(header.payloadLen()).isEqualTo(message.payloadLength()).isLessThanOrEqualTo(HandMadePeers.LIMIT);
        assertThat(header.itemCount()).isLessThanOrEqualTo(HandMadePeers.BATCH);
        assertThat(message.buffer().isReadOnly()).isTrue();
        assertThat(message.payloadBytes()).hasSize(message.payloadLength());
        if (header.isBatch() && header.itemCount() > 1) {
            try {
                BatchView batch = message.batch(new BatchView());
                assertThat(batch.itemCount()).isEqualTo(header.itemCount());
            } catch (CodecException e) {
                throw new AssertionError("a delivered batch has a valid directory", e);
            }
        }
        if (victim.inboundKind() == Wire.KIND_RESPONSE) {
            assertThat(answered).as("the only request in flight is answered once").isFalse();
            assertThat(header.messageId()).isEqualTo(HandMadePeers.IN_FLIGHT_ID);
        }
    }

    /** Writes packets until one does not fit in the socket buffer right now; returns how many went. */
    private static int writeWhatFits(int fd, List<byte[]> packets) {
        ByteBuffer direct = ByteBuffer.allocateDirect(MAX_WRITTEN_PACKET + 1);
        long address = Native.address(direct);
        int written = 0;
        for (byte[] packet : packets) {
            direct.put(0, packet);
            if (Native.libc().send(fd, address, packet.length, GatherSend.MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
                int errno = Native.errno();
                assertThat(errno).as("errno of a send that did not fit").isIn(Errno.EAGAIN.intValue(), Errno.EWOULDBLOCK.intValue());
                break;
            }
            written++;
        }
        return written;
    }
}
