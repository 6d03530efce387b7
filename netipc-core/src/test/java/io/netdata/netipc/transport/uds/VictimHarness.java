package io.netdata.netipc.transport.uds;

import static io.netdata.netipc.transport.uds.HandMadePeers.assertBrokeWith;
import static io.netdata.netipc.transport.uds.HandMadePeers.assertEchoWorks;
import static io.netdata.netipc.transport.uds.HandMadePeers.failure;
import static io.netdata.netipc.transport.uds.HandMadePeers.wellBehavedClient;
import static io.netdata.netipc.transport.uds.UdsTestSupport.WAIT;

import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that attack one Java session from a raw peer, written once
 * and run against a server session and a client session by subclasses that
 * pick the victim.
 */
abstract class VictimHarness {
    @TempDir
    Path runDir;

    /** A fresh victim on {@code listener}, a {@link HandMadePeers#victimListener(Path, HandMadePeers.Limits)}. */
    abstract HandMadePeers.Victim victim(UdsListener listener, HandMadePeers.Limits limits) throws Exception;

    /** A fresh victim with {@link HandMadePeers#DEFAULT_LIMITS} on {@code listener}. */
    HandMadePeers.Victim victim(UdsListener listener) throws Exception {
        return victim(listener, HandMadePeers.DEFAULT_LIMITS);
    }

    /** A packet of the kind the victim receives. */
    byte[] inbound(HandMadePeers.Victim victim, int flags, long payloadLen, long itemCount, byte[] payload) {
        return Packets.message(victim.inboundKind(), flags, payloadLen, itemCount, victim.acceptableId(), payload);
    }

    /** What the attack writes at the victim. */
    interface Attack {
        byte[][] packets(HandMadePeers.Victim victim);
    }

    /**
     * Writes the attack's packets at a fresh victim while a well-behaved pair
     * lives on the same listener, and checks that the victim's next receive
     * breaks it with {@code error}, that the bystander pair keeps working and
     * that the listener still accepts new clients.
     *
     * @return the failure the victim's receive threw
     */
    TransportException expectBreak(TransportError error, Attack attack) throws Exception {
        try (UdsListener listener = HandMadePeers.victimListener(runDir);
                HandMadePeers.Bystander bystander = HandMadePeers.bystander(listener, wellBehavedClient());
                HandMadePeers.Victim victim = victim(listener)) {
            UdsTestSupport.sendPackets(victim.raw().fd(), attack.packets(victim));
            TransportException e = failure(() -> victim.session().receive(WAIT, null));
            assertBrokeWith(victim, e, error);
            bystander.assertEchoes(1, 10);
            bystander.assertEchoes(2, 3 * HandMadePeers.PACKET);
            assertEchoWorks(listener, wellBehavedClient());
            return e;
        }
    }

    /** As {@link #expectBreak(TransportError, Attack)} for a fixed list of packets. */
    TransportException expectBreak(TransportError error, byte[]... packets) throws Exception {
        return expectBreak(error, victim -> packets);
    }
}
