package io.netdata.netipc.transport.handshake;

import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.testsupport.SeedCorpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the seed corpus of {@link HandshakeFuzzTest}: packets built with the
 * project's encoders, then edited at the field offsets of
 * {@code docs/wire-format.md} (written down here, independently of the codec).
 * {@code valid-} seeds are accepted under every configuration of the target,
 * {@code bad-} seeds refused under every one, {@code trunc-} and {@code edge-}
 * seeds are boundaries either way ({@code HandshakeSeedsTest} holds them to it).
 *
 * <p>Regenerate from the repository root with the commands in
 * {@code docs/fuzzing.md} (the wire is host order; generate on a little-endian
 * host).
 */
public final class HandshakeSeeds {
    static final String SERVER_HELLO = "serverHello";
    static final String CLIENT_HELLO_ACK = "clientHelloAck";

    private static final int HEADER = 32;
    private static final int OFF_MAGIC = 0;
    private static final int OFF_VERSION = 4;
    private static final int OFF_HEADER_LEN = 6;
    private static final int OFF_KIND = 8;
    private static final int OFF_CODE = 12;
    private static final int OFF_STATUS = 14;
    private static final int OFF_PAYLOAD_LEN = 16;
    static final int HELLO_OFF_LAYOUT = HEADER;
    static final int HELLO_OFF_FLAGS = HEADER + 2;
    private static final int HELLO_OFF_SUPPORTED = HEADER + 4;
    private static final int HELLO_OFF_MAX_REQUEST = HEADER + 12;
    static final int HELLO_OFF_RESERVED = HEADER + 28;
    private static final int HELLO_OFF_TOKEN = HEADER + 32;
    private static final int HELLO_OFF_PACKET = HEADER + 40;
    private static final int ACK_OFF_LAYOUT = HEADER;
    private static final int ACK_OFF_FLAGS = HEADER + 2;
    private static final int ACK_OFF_SELECTED = HEADER + 12;
    private static final int ACK_OFF_PACKET = HEADER + 32;
    private static final int ACK_OFF_RESERVED = HEADER + 36;
    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final int UNKNOWN_STATUS = 99;
    private static final int MIN_USEFUL_PACKET = HEADER + 1;

    private final SortedMap<String, byte[]> seeds = new TreeMap<>();

    private HandshakeSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : SeedCorpus.resourceRoot(HandshakeFuzzTest.class);
        SeedCorpus.write(root, HandshakeFuzzTest.class, generate());
    }

    /** Every seed, keyed as {@link SeedCorpus} lays them out. */
    static SortedMap<String, byte[]> generate() {
        HandshakeSeeds generator = new HandshakeSeeds();
        generator.hellos();
        generator.helloAcks();
        return generator.seeds;
    }

    private void hellos() {
        byte[] hello = helloPacket(new Hello(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE, 0, 1024, 1, 1024, 1,
                HandshakeFuzzTest.TOKEN, 1 << 16));
        server("valid-baseline", hello);
        server("valid-all-posix-profiles", withU32(hello, HELLO_OFF_SUPPORTED,
                Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID | Wire.PROFILE_SHM_FUTEX));
        server("valid-smallest-packet", withU32(hello, HELLO_OFF_PACKET, MIN_USEFUL_PACKET));
        server("valid-huge-packet-proposal", withU32(hello, HELLO_OFF_PACKET, U32_MAX));
        server("bad-auth-token", withU64(hello, HELLO_OFF_TOKEN, ~HandshakeFuzzTest.TOKEN));
        server("bad-no-common-profile", withU32(hello, HELLO_OFF_SUPPORTED, 1L << 31));
        server("bad-no-profile", withU32(hello, HELLO_OFF_SUPPORTED, 0));
        server("bad-request-ceiling-u32-max", withU32(hello, HELLO_OFF_MAX_REQUEST, U32_MAX));
        server("bad-packet-header-only", withU32(hello, HELLO_OFF_PACKET, HEADER));
        server("bad-packet-zero", withU32(hello, HELLO_OFF_PACKET, 0));
        server("bad-envelope-version-2", withU16(hello, OFF_VERSION, 2));
        server("bad-layout-version-2", withU16(hello, HELLO_OFF_LAYOUT, 2));
        server("bad-reserved", withU32(hello, HELLO_OFF_RESERVED, 1));
        server("bad-magic", withU32(hello, OFF_MAGIC, 0));
        server("bad-header-len", withU16(hello, OFF_HEADER_LEN, HEADER + 8));
        server("bad-kind-request", withU16(hello, OFF_KIND, Wire.KIND_REQUEST));
        server("bad-code-hello-ack", withU16(hello, OFF_CODE, Wire.CODE_HELLO_ACK));
        server("trunc-header", Arrays.copyOf(hello, HEADER / 2));
        server("trunc-hello", Arrays.copyOf(hello, HEADER + 20));
        server("bad-flags", withU16(hello, HELLO_OFF_FLAGS, 0xFFFF));
        server("edge-payload-len-zero", withU32(hello, OFF_PAYLOAD_LEN, 0));
        server("edge-trailing-bytes", Arrays.copyOf(hello, hello.length + 8));
    }

    private void helloAcks() {
        byte[] ack = ackPacket(TransportStatus.OK, new HelloAck(Wire.LAYOUT_VERSION, 0, Wire.PROFILE_BASELINE,
                Wire.PROFILE_BASELINE, Wire.PROFILE_BASELINE, 1024, 1, 1024, 1, 1 << 16, 1));
        client("valid-ok", ack);
        client("valid-smallest-packet", withU32(ack, ACK_OFF_PACKET, MIN_USEFUL_PACKET));
        client("valid-reserved-set", withU32(ack, ACK_OFF_RESERVED, U32_MAX));
        byte[] rejection = ackPacket(TransportStatus.AUTH_FAILED, HelloAck.rejection());
        client("bad-status-auth-failed", rejection);
        client("bad-status-unsupported", withU16(rejection, OFF_STATUS, TransportStatus.UNSUPPORTED.code()));
        client("bad-status-incompatible", withU16(rejection, OFF_STATUS, TransportStatus.INCOMPATIBLE.code()));
        client("bad-status-limit-exceeded", withU16(rejection, OFF_STATUS, TransportStatus.LIMIT_EXCEEDED.code()));
        client("bad-status-bad-envelope", withU16(rejection, OFF_STATUS, TransportStatus.BAD_ENVELOPE.code()));
        client("bad-status-unknown", withU16(rejection, OFF_STATUS, UNKNOWN_STATUS));
        client("bad-selected-not-offered", withU32(ack, ACK_OFF_SELECTED, 1L << 31));
        client("bad-selected-two-bits", withU32(ack, ACK_OFF_SELECTED,
                Wire.PROFILE_BASELINE | Wire.PROFILE_SHM_HYBRID));
        client("bad-selected-none", withU32(ack, ACK_OFF_SELECTED, 0));
        client("bad-packet-header-only", withU32(ack, ACK_OFF_PACKET, HEADER));
        client("bad-envelope-version-2", withU16(ack, OFF_VERSION, 2));
        client("bad-layout-version-2", withU16(ack, ACK_OFF_LAYOUT, 2));
        client("bad-flags", withU16(ack, ACK_OFF_FLAGS, 1));
        client("bad-kind-response", withU16(ack, OFF_KIND, Wire.KIND_RESPONSE));
        client("bad-code-hello", withU16(ack, OFF_CODE, Wire.CODE_HELLO));
        client("trunc-header", Arrays.copyOf(ack, HEADER - 1));
        client("trunc-hello-ack", Arrays.copyOf(ack, HEADER + 36));
        client("edge-trailing-bytes", Arrays.copyOf(ack, ack.length + 8));
    }

    private void server(String name, byte[] packet) {
        seeds.put(SeedCorpus.key(HandshakeFuzzTest.class, SERVER_HELLO, name), packet);
    }

    private void client(String name, byte[] packet) {
        seeds.put(SeedCorpus.key(HandshakeFuzzTest.class, CLIENT_HELLO_ACK, name), packet);
    }

    private static byte[] helloPacket(Hello hello) {
        byte[] packet = new byte[ClientHandshake.HELLO_PACKET_SIZE];
        ClientHandshake.encodeHello(hello, ByteBuffer.wrap(packet), 0);
        return packet;
    }

    private static byte[] ackPacket(TransportStatus status, HelloAck ack) {
        byte[] packet = new byte[ServerHandshake.ACK_PACKET_SIZE];
        ServerHandshake.encodeReply(status, ack, ByteBuffer.wrap(packet), 0);
        return packet;
    }

    private static ByteBuffer edit(byte[] copy) {
        return ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] withU16(byte[] packet, int offset, int value) {
        byte[] copy = packet.clone();
        edit(copy).putShort(offset, (short) value);
        return copy;
    }

    private static byte[] withU32(byte[] packet, int offset, long value) {
        byte[] copy = packet.clone();
        edit(copy).putInt(offset, (int) value);
        return copy;
    }

    private static byte[] withU64(byte[] packet, int offset, long value) {
        byte[] copy = packet.clone();
        edit(copy).putLong(offset, value);
        return copy;
    }
}
