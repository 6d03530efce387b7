package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.GatherSend;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.nativeio.NativeException;
import io.netdata.netipc.nativeio.NativeFd;
import io.netdata.netipc.nativeio.ReadinessWait;
import io.netdata.netipc.nativeio.UnixSocketAddress;
import io.netdata.netipc.nativeio.WaitResult;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.transport.ServiceEndpoint;
import io.netdata.netipc.transport.handshake.ClientHandshakeConfig;
import io.netdata.netipc.transport.handshake.ServerHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Shared set-up for tests on real UDS sessions. */
final class UdsTestSupport {
    static final long TOKEN = 0xDEADBEEFCAFEBABEL;
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String SERVICE = "session-test";

    private UdsTestSupport() {
    }

    static ServerHandshakeConfig serverConfig(long maxRequest, long maxResponse, long packetSize) {
        return new ServerHandshakeConfig(0, 0, maxRequest, maxResponse, TOKEN, packetSize);
    }

    static ClientHandshakeConfig clientConfig(long maxRequest, long batchItems, long maxResponse, long packetSize) {
        return new ClientHandshakeConfig(0, 0, maxRequest, batchItems, maxResponse, batchItems, TOKEN, packetSize);
    }

    /** A connected client/server session pair on one listener. */
    record Pair(UdsListener listener, UdsSession client, UdsSession server) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            server.close();
            listener.close();
        }
    }

    static Pair pair(Path runDir, ServerHandshakeConfig server, ClientHandshakeConfig client) throws Exception {
        UdsListener listener = UdsListener.open(new ServiceEndpoint(runDir, SERVICE), server);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<UdsSession> accepted = executor.submit((java.util.concurrent.Callable<UdsSession>) listener::accept);
            UdsSession clientSession = UdsSession.connect(listener.endpoint(), client, WAIT);
            return new Pair(listener, clientSession, accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            listener.close();
            throw e;
        } finally {
            executor.shutdownNow();
        }
    }

    /** A raw connected socket to {@code path}, for playing a misbehaving peer. */
    static NativeFd rawConnect(Path path) throws NativeException {
        NativeFd client = new NativeFd(Native.check(UdsSocket.open(), "socket"));
        byte[] address = UnixSocketAddress.of(path);
        try {
            Native.check(Native.libc().connect(client.fd(), address, address.length), "connect " + path);
        } catch (NativeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /**
     * Sends {@code bytes} as one packet on {@code fd}; a vanished peer is an
     * {@code EPIPE} failure, never a SIGPIPE.
     */
    static void sendPacket(int fd, byte[] bytes) throws NativeException {
        ByteBuffer direct = ByteBuffer.allocateDirect(Math.max(1, bytes.length));
        direct.put(0, bytes);
        Native.check(Native.libc().send(fd, Native.address(direct), bytes.length, GatherSend.MSG_NOSIGNAL), "send");
    }

    /** Sends each of {@code packets} in order, one packet each. */
    static void sendPackets(int fd, byte[]... packets) throws NativeException {
        for (byte[] packet : packets) {
            sendPacket(fd, packet);
        }
    }

    /**
     * Receives one packet of at most {@code capacity} bytes, waiting at most
     * {@link #WAIT}; an empty array means the peer closed.
     *
     * @throws AssertionError when nothing arrives in time
     */
    static byte[] receivePacketWithin(int fd, int capacity) throws NativeException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        if (new ReadinessWait().await(fd, NativeFd.CLOSED, deadline) != WaitResult.READY) {
            throw new AssertionError("no packet on fd " + fd + " within " + WAIT);
        }
        return receivePacket(fd, capacity);
    }

    /**
     * Reads and discards whatever the peer of {@code fd} still sends until it
     * closes the connection; returns the number of packets read.
     *
     * @throws AssertionError when the peer does not close within {@link #WAIT} per packet
     */
    static int drainUntilPeerCloses(int fd) throws NativeException {
        for (int packets = 0; packets < 10_000; packets++) {
            if (receivePacketWithin(fd, 1 << 20).length == 0) {
                return packets;
            }
        }
        throw new AssertionError("peer of fd " + fd + " keeps sending");
    }

    /** True when nothing is waiting to be read on {@code fd} right now. */
    static boolean nothingPending(int fd) throws NativeException {
        return new ReadinessWait().await(fd, NativeFd.CLOSED, ReadinessWait.NOW) == WaitResult.TIMEOUT;
    }

    /** Receives one packet of at most {@code capacity} bytes from {@code fd}. */
    static byte[] receivePacket(int fd, int capacity) throws NativeException {
        ByteBuffer direct = ByteBuffer.allocateDirect(capacity);
        int length = (int) Native.check(Native.libc().recv(fd, Native.address(direct), capacity, 0), "recv");
        byte[] bytes = new byte[length];
        direct.get(0, bytes);
        return bytes;
    }

    /** A heap buffer in native order filled with a recognisable pattern. */
    static ByteBuffer pattern(int length, int seed) {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        for (int i = 0; i < length; i++) {
            buffer.put(i, (byte) (i * 31 + seed));
        }
        return buffer;
    }

    static ByteBuffer direct(ByteBuffer heap) {
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.capacity());
        direct.put(0, heap, 0, heap.capacity());
        return direct;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.capacity()];
        buffer.get(0, bytes);
        return bytes;
    }

    static int headerSize() {
        return MessageHeaderView.SIZE;
    }
}
