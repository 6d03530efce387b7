package io.netdata.netipc.transport.uds;

import io.netdata.netipc.nativeio.GatherSend;
import io.netdata.netipc.nativeio.Native;
import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Future;

/**
 * Main class of the child process in {@link UdsReassemblyMemoryTest}, run with a heap far
 * smaller than the payload limit it negotiates: a Java server session whose raw client streams
 * valid chunks of a request as large as that limit, and a well-behaved pair on the same
 * listener. Reports what the victim's receive threw and whether the pair still echoes,
 * {@code key value} per line, then {@link ChildJvm#DONE}.
 *
 * <p>Arguments: run directory.
 */
public final class SmallHeapVictimChild {
    static final String VICTIM = "victim";
    static final String CAUSE = "cause";
    static final String BYSTANDER = "bystander";
    static final String ECHOED = "echoed";
    /** The request limit: four times the child's 64 MiB heap. */
    static final int LIMIT = 256 << 20;
    private static final int PACKET = 65536;
    private static final HandMadePeers.Limits LIMITS = new HandMadePeers.Limits(LIMIT, 1, PACKET);

    private SmallHeapVictimChild() {
    }

    public static void main(String[] args) throws Exception {
        try (UdsListener listener = HandMadePeers.victimListener(Path.of(args[0]), LIMITS);
                HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener,
                        HandMadePeers.wellBehavedClient())) {
            TransportException failure;
            try (HandMadePeers.Victim victim = HandMadePeers.serverVictim(listener, LIMITS)) {
                Future<Integer> streaming = HandMadePeers.inBackground(() -> streamRequest(victim));
                failure = HandMadePeers.failure(() -> victim.session().receive(UdsTestSupport.WAIT, null));
                // Closing the victim ends the stream: its next send fails.
                victim.session().close();
                HandMadePeers.await(streaming);
            }
            ChildJvm.report(VICTIM, failure.error().toString());
            ChildJvm.report(CAUSE, String.valueOf(failure.getCause()));
            bystander.assertEchoes(1, 3000);
            ChildJvm.report(BYSTANDER, ECHOED);
        }
        ChildJvm.endReport();
    }

    /**
     * Sends a request of {@link #LIMIT} bytes of zeros as a correct sender would, from one
     * direct buffer (so the stream itself takes no heap), until done or a send fails; returns
     * the packets sent.
     */
    private static int streamRequest(HandMadePeers.Victim victim) {
        int budget = PACKET - Wire.HEADER_LEN;
        long count = 1 + UdsMessageSender.ceilDiv(LIMIT - budget, budget);
        long total = (long) Wire.HEADER_LEN + LIMIT;
        long id = victim.acceptableId();
        ByteBuffer packet = ByteBuffer.allocateDirect(PACKET);
        long address = Native.address(packet);
        MessageHeader.encode(packet, 0, Wire.KIND_REQUEST, 0, Packets.CODE, Packets.OK, LIMIT, 1, id);
        int sent = 0;
        for (long index = 0; index < count; index++) {
            int data = (int) Math.min(budget, LIMIT - index * budget);
            if (index > 0) {
                ChunkHeader.encode(packet, 0, id, total, index, count, data);
            }
            if (Native.libc().send(victim.raw().fd(), address, Wire.HEADER_LEN + data, GatherSend.MSG_NOSIGNAL) < 0) {
                break;
            }
            sent++;
        }
        return sent;
    }
}
