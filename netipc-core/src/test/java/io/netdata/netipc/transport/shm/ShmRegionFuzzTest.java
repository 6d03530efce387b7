package io.netdata.netipc.transport.shm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.transport.ReceivedMessage;
import io.netdata.netipc.transport.TransportError;
import io.netdata.netipc.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fuzz targets of everything a client or server reads from a region another
 * process wrote. Seeds: {@link ShmRegionSeeds}; campaigns: {@code docs/fuzzing.md}.
 *
 * <p>{@code attachHeader}: the input is a region file's contents; it is
 * validated as a client would, under two pairs of agreed ceilings. The verdict
 * must be the one an independent model of the reference's attach checks (plus
 * this implementation's area-size check) gives, with the same error class; an
 * accepted header must report the raw field values; the input must be left
 * untouched; the owner must read back wherever the magic is right.
 *
 * <p>{@code consumeSnapshot}: the input is two host-order u64 values (the
 * sequences a server and a client consumed last) followed by a region snapshot
 * of a fixed layout ({@link #LAYOUT}), zero-padded or cut to its size. Both
 * directions are received once, with a deadline already passed and a futex that
 * must never be called. Only TIMEOUT (exactly when nothing new is published),
 * PROTOCOL_VIOLATION or LIMIT_EXCEEDED may come out; a delivered message must
 * satisfy every rule of the transport, carry exactly the bytes of the snapshot,
 * and a second receive must not deliver it again. The region must be unchanged.
 */
class ShmRegionFuzzTest {
    static final String MAX_DURATION = "60s";
    /** Ceilings the snapshot target negotiates in both directions. */
    static final long SNAPSHOT_PAYLOAD = 256;
    static final long SNAPSHOT_ITEMS = 4;
    static final ShmRegionLayout LAYOUT = ShmTestRegions.layout(SNAPSHOT_PAYLOAD, SNAPSHOT_PAYLOAD);
    /** Bytes before the snapshot: the consumed sequence of the request and of the response direction. */
    static final int PREFIX = 2 * Long.BYTES;
    /** Agreed ceilings the header target validates under: none, and ones a small region cannot hold. */
    static final long[][] CEILINGS = {{0, 0}, {256, 512}};
    /** Longer inputs are cut: a header's verdict never depends on more than the file size. */
    static final int MAX_FILE = 1 << 16;

    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final Set<TransportError> RECEIVE_ERRORS = EnumSet.of(TransportError.TIMEOUT,
            TransportError.PROTOCOL_VIOLATION, TransportError.LIMIT_EXCEEDED);

    /** Fails the target if the data plane ever sleeps: with a passed deadline it must not. */
    private static final ShmFutex NEVER = new ShmFutex() {
        @Override
        public void await(ByteBuffer region, int wordOffset, int expected, long timeoutNanos) {
            throw new AssertionError("slept although the deadline had passed");
        }

        @Override
        public void wake(ByteBuffer region, int wordOffset) {
            throw new AssertionError("a reader never wakes");
        }
    };

    @FuzzTest(maxDuration = MAX_DURATION)
    void attachHeader(byte[] data) {
        attach(data);
    }

    /**
     * Validates {@code data} as a region file under each pair of {@link #CEILINGS}
     * and checks everything the class comment promises.
     *
     * @return the verdict under each pair, null where the header was accepted
     */
    static ShmRegionError[] attach(byte[] data) {
        byte[] file = Arrays.copyOf(data, Math.min(data.length, MAX_FILE));
        ByteBuffer region = ShmTestRegions.allocate(file.length);
        region.put(0, file);
        ShmRegionError[] verdicts = new ShmRegionError[CEILINGS.length];
        for (int i = 0; i < CEILINGS.length; i++) {
            long[] ceilings = CEILINGS[i];
            try {
                ShmRegionHeader header = ShmRegionHeader.validate(region, ceilings[0], ceilings[1]);
                checkAccepted(file, header);
            } catch (ShmRegionException e) {
                verdicts[i] = e.error();
            }
            assertThat(verdicts[i]).as("verdict under ceilings %s", Arrays.toString(ceilings))
                    .isEqualTo(referenceVerdict(file, ceilings[0], ceilings[1]));
        }
        checkOwner(file, region);
        byte[] after = new byte[file.length];
        region.get(0, after);
        assertThat(after).as("validation never writes").isEqualTo(file);
        return verdicts;
    }

    /** An accepted header reports the raw fields, and re-writing it gives a header that validates the same. */
    private static void checkAccepted(byte[] file, ShmRegionHeader header) throws ShmRegionException {
        ByteBuffer raw = ByteBuffer.wrap(file).order(ByteOrder.nativeOrder());
        ShmRegionLayout layout = header.layout();
        assertThat(new long[] {layout.requestOffset(), layout.requestCapacity(), layout.responseOffset(),
            layout.responseCapacity()}).containsExactly(u32(raw, 16), u32(raw, 20), u32(raw, 24), u32(raw, 28));
        assertThat(header.owner()).isEqualTo(new ShmOwner(raw.getInt(8), u32(raw, 12)));
        assertThat(layout.regionSize()).isLessThanOrEqualTo(file.length);
        if (header.owner().claimsLiveness()) {
            ByteBuffer copy = ShmTestRegions.allocate(layout.regionSize());
            ShmRegionHeader.write(copy, layout, header.owner().pid(), header.owner().generation());
            assertThat(ShmRegionHeader.validate(copy, 0, 0)).isEqualTo(header);
        }
    }

    private static void checkOwner(byte[] file, ByteBuffer region) {
        ByteBuffer raw = ByteBuffer.wrap(file).order(ByteOrder.nativeOrder());
        boolean named = file.length >= ShmRegionLayout.HEADER_LEN && u32(raw, 0) == ShmRegionLayout.MAGIC;
        try {
            ShmOwner owner = ShmRegionHeader.readOwner(region);
            assertThat(named).as("an owner is read only from a region-sized header with the magic").isTrue();
            assertThat(owner).isEqualTo(new ShmOwner(raw.getInt(8), u32(raw, 12)));
        } catch (ShmRegionException e) {
            assertThat(named).as("readOwner refused a header with the magic: %s", e.getMessage()).isFalse();
        }
    }

    /**
     * The verdict a client gives, modelled from the reference's attach (magic,
     * version, header length, uninitialised areas, 32-bit request end, alignment and
     * order, file size) followed by the area-size rule of this implementation.
     *
     * @return null for an accepted header
     */
    static ShmRegionError referenceVerdict(byte[] file, long maxRequest, long maxResponse) {
        if (file.length < 64) {
            return ShmRegionError.NOT_READY;
        }
        ByteBuffer raw = ByteBuffer.wrap(file).order(ByteOrder.nativeOrder());
        if (u32(raw, 0) != 0x4e53484dL) {
            return ShmRegionError.BAD_MAGIC;
        }
        if (Short.toUnsignedInt(raw.getShort(4)) != 3) {
            return ShmRegionError.BAD_VERSION;
        }
        if (Short.toUnsignedInt(raw.getShort(6)) != 64) {
            return ShmRegionError.BAD_HEADER_LEN;
        }
        long requestOffset = u32(raw, 16);
        long requestCapacity = u32(raw, 20);
        long responseOffset = u32(raw, 24);
        long responseCapacity = u32(raw, 28);
        if (requestOffset < 64 || requestCapacity == 0 || responseOffset < 64 || responseCapacity == 0) {
            return ShmRegionError.NOT_READY;
        }
        if (requestOffset > U32_MAX - requestCapacity) {
            return ShmRegionError.BAD_LAYOUT;
        }
        if (requestOffset % 64 != 0 || requestCapacity % 64 != 0 || responseOffset % 64 != 0
                || responseCapacity % 64 != 0 || responseOffset < requestOffset + requestCapacity) {
            return ShmRegionError.BAD_LAYOUT;
        }
        if (file.length < Math.max(requestOffset + requestCapacity, responseOffset + responseCapacity)) {
            return ShmRegionError.REGION_TOO_SMALL;
        }
        if (requestCapacity < 32 + maxRequest || responseCapacity < 32 + maxResponse) {
            return ShmRegionError.AREA_TOO_SMALL;
        }
        return null;
    }

    @FuzzTest(maxDuration = MAX_DURATION)
    void consumeSnapshot(byte[] data) {
        consume(data);
    }

    /**
     * Receives once in each direction of the snapshot {@code data} encodes and
     * checks everything the class comment promises.
     *
     * @return for the request and the response direction: null where a message was
     *     delivered, else the error the receive ended with
     */
    static TransportError[] consume(byte[] data) {
        ByteBuffer input = ByteBuffer.wrap(Arrays.copyOf(data, Math.max(data.length, PREFIX)))
                .order(ByteOrder.nativeOrder());
        long[] consumed = {input.getLong(0), input.getLong(Long.BYTES)};
        byte[] snapshot = Arrays.copyOfRange(data, Math.min(data.length, PREFIX),
                Math.min(data.length, PREFIX + LAYOUT.regionSize()));
        ByteBuffer region = ShmTestRegions.allocate(LAYOUT.regionSize());
        region.put(0, snapshot);
        byte[] before = new byte[LAYOUT.regionSize()];
        region.get(0, before);
        ShmDirection[] directions = {ShmDirection.REQUEST, ShmDirection.RESPONSE};
        TransportError[] outcomes = new TransportError[directions.length];
        for (int d = 0; d < directions.length; d++) {
            outcomes[d] = receiveOnce(region, before, directions[d], consumed[d]);
        }
        byte[] after = new byte[LAYOUT.regionSize()];
        region.get(0, after);
        assertThat(after).as("a reader never writes to the region").isEqualTo(before);
        return outcomes;
    }

    private static TransportError receiveOnce(ByteBuffer region, byte[] snapshot, ShmDirection direction,
            long consumed) {
        ShmConsumer consumer = new ShmConsumer(region, LAYOUT, direction, NEVER, new ShmWaitPolicy(1, 1), consumed);
        ShmMessageReceiver receiver = new ShmMessageReceiver(consumer, SNAPSHOT_PAYLOAD, SNAPSHOT_ITEMS);
        ByteBuffer raw = ByteBuffer.wrap(snapshot).order(ByteOrder.nativeOrder());
        long published = raw.getLong(direction.sequenceOffset());
        try {
            ReceivedMessage message = receiver.receive(System.nanoTime() - 1, ShmAbortCheck.NONE);
            checkDelivered(raw, direction, published - consumed, message);
        } catch (TransportException e) {
            assertThat(RECEIVE_ERRORS).as("error %s", e).contains(e.error());
            assertThat(e.error() == TransportError.TIMEOUT).as("TIMEOUT exactly when nothing new was published")
                    .isEqualTo(published == consumed);
            assertThat(receiver.failedCleanly()).isEqualTo(e.error() == TransportError.TIMEOUT);
            return e.error();
        }
        try {
            receiver.receive(System.nanoTime() - 1, ShmAbortCheck.NONE);
            throw new AssertionError("the same publication was delivered twice");
        } catch (TransportException e) {
            assertThat(e.error()).isEqualTo(TransportError.TIMEOUT);
        }
        return null;
    }

    private static void checkDelivered(ByteBuffer raw, ShmDirection direction, long step, ReceivedMessage message) {
        assertThat(step).as("delivered only after a step of one").isEqualTo(1);
        long length = u32(raw, direction.lengthOffset());
        int area = direction.areaOffset(LAYOUT);
        assertThat(length).isEqualTo(Wire.HEADER_LEN + (long) message.payloadLength())
                .isLessThanOrEqualTo(direction.areaCapacity(LAYOUT));
        MessageHeaderView header = message.header();
        assertThat(header.kind()).isEqualTo(direction.messageKind());
        assertThat(header.payloadLen()).isEqualTo(message.payloadLength()).isLessThanOrEqualTo(SNAPSHOT_PAYLOAD);
        assertThat(header.itemCount()).isLessThanOrEqualTo(SNAPSHOT_ITEMS);
        assertThat(u32(raw, area + MessageHeaderView.OFF_MAGIC)).isEqualTo(Wire.MAGIC_MSG);
        assertThat(message.messageId()).isEqualTo(raw.getLong(area + MessageHeaderView.OFF_MESSAGE_ID));
        byte[] expected = Arrays.copyOfRange(raw.array(), area + Wire.HEADER_LEN,
                area + Wire.HEADER_LEN + message.payloadLength());
        assertThat(message.payloadBytes()).isEqualTo(expected);
        assertThat(message.buffer().isReadOnly()).isTrue();
        if (header.isBatch() && header.itemCount() > 1) {
            assertThat(message.batch(new BatchView()).itemCount()).isEqualTo(header.itemCount());
        }
    }

    private static long u32(ByteBuffer raw, int offset) {
        return Integer.toUnsignedLong(raw.getInt(offset));
    }
}
