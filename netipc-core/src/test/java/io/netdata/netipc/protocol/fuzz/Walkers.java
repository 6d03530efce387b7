package io.netdata.netipc.protocol.fuzz;

import static io.netdata.netipc.protocol.fuzz.Oracle.afterWrap;
import static io.netdata.netipc.protocol.fuzz.Oracle.check;
import static io.netdata.netipc.protocol.fuzz.Oracle.checkEquals;

import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.ChunkHeader;
import io.netdata.netipc.protocol.ChunkHeaderView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.Hello;
import io.netdata.netipc.protocol.HelloAck;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.MessageHeader;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.SimpleHash;
import io.netdata.netipc.protocol.StringReverseView;
import io.netdata.netipc.protocol.TransportStatus;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshot;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItem;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequest;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.lookup.AppsCgroupStatus;
import io.netdata.netipc.protocol.lookup.AppsLookupItem;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponse;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupLookupStatus;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItem;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponse;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import io.netdata.netipc.protocol.lookup.PidLookupStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The walking logic shared by every fuzz target: wrap a view, read every
 * accessor, every item, every string (through {@link BytesView}) and every
 * label, cross-check them against each other and against {@code toOwned()},
 * and return the owned value (or a record of what could be read). The returned
 * values are compared across buffer placements and fed to the re-encoding
 * oracle, so they hold owned data only, never views.
 *
 * <p>Only the {@code wrap} call of the outermost view may throw
 * {@link io.netdata.netipc.protocol.CodecException} freely. Accessors that the
 * codec documents as infallible after a successful wrap run under
 * {@link Oracle#afterWrap}; the only accessors allowed to reject are the
 * lazily validated snapshot items, whose failures are recorded in the result.
 */
final class Walkers {
    /** Size of the batch fuzz input's item-count prefix. */
    static final int BATCH_COUNT_PREFIX = Integer.BYTES;
    /** Walk result of a complete message whose kind and code name no payload codec. */
    static final String NO_PAYLOAD_CODEC = "no payload codec";
    /** Walk result of a message whose payload_len exceeds the bytes after its header. */
    static final String PAYLOAD_TRUNCATED = "payload_len exceeds the bytes present";

    private static final int LOOKUP_HEADER_SIZE = 16;
    private static final int DIRECTORY_ENTRY_SIZE = 8;
    private static final int SNAPSHOT_HEADER_SIZE = 24;

    private Walkers() {
    }

    /** What the composite message target saw: the header and, when present, the decoded payload. */
    record MessageWalk(MessageHeader header, Object payload) {
    }

    /** A batch payload: the raw items and, when the envelope names their codec, each item's outcome. */
    record BatchWalk(List<ByteString> items, List<Outcome> decoded) {
    }

    /** A snapshot whose header and directory decoded but at least one item did not. */
    record PartialSnapshot(long systemdEnabled, long generation, List<Object> itemsOrErrors, CodecError ownedError) {
    }

    // ---------------------------------------------------------------- strings

    /** Reads a byte range through every {@link BytesView} accessor and returns the owned copy. */
    static ByteString bytes(BytesView view, String what) {
        int length = view.length();
        check(length >= 0, what, ": length is non-negative");
        check(view.isEmpty() == (length == 0), what, ": isEmpty() agrees with length()");
        ByteBuffer buffer = view.buffer();
        check(view.offset() >= 0 && (long) view.offset() + length <= buffer.limit(), what, ": lies inside its buffer");
        byte[] copy = view.toByteArray();
        check(copy.length == length, what, ": toByteArray() has length() bytes");
        boolean ascii = true;
        boolean nul = false;
        for (int i = 0; i < length; i++) {
            byte b = view.byteAt(i);
            check(b == copy[i], what, ": byteAt() agrees with toByteArray()");
            check(b == buffer.get(view.offset() + i), what, ": byteAt(i) reads buffer()[offset() + i]");
            ascii &= b >= 0;
            nul |= b == 0;
        }
        ByteString owned = view.toByteString();
        checkEquals(ByteString.of(copy), owned, what, ": toByteString() agrees with toByteArray()");
        checkEquals(owned, ByteString.copyOf(view), what, ": ByteString.copyOf(view)");
        check(view.contentEquals(owned), what, ": contentEquals(toByteString())");
        check(view.containsNul() == nul, what, ": containsNul()");
        check(SimpleHash.of(view) == SimpleHash.of(copy), what, ": SimpleHash of the view and of its bytes");
        String text = view.asString();
        checkEquals(new String(copy, StandardCharsets.UTF_8), text, what, ": asString()");
        if (ascii) {
            check(view.contentEquals(text), what, ": contentEquals(asString()) for ASCII bytes");
        }
        ByteBuffer target = ByteBuffer.allocate(length + 3);
        view.copyTo(target, 3);
        check(Arrays.equals(target.array(), 3, 3 + length, copy, 0, length), what, ": copyTo()");
        return owned;
    }

    /** A wire string: its bytes, followed in the buffer by the NUL terminator the decoder checked. */
    static ByteString terminated(BytesView view, boolean interiorNulAllowed, String what) {
        ByteString owned = bytes(view, what);
        int end = view.offset() + view.length();
        check(end < view.buffer().limit() && view.buffer().get(end) == 0, what, ": is followed by NUL");
        if (!interiorNulAllowed) {
            check(!view.containsNul(), what, ": holds no NUL");
        }
        return owned;
    }

    /** True when two strings, terminators included, share no byte. */
    private static boolean disjoint(BytesView a, BytesView b) {
        long aEnd = (long) a.offset() + a.length() + 1;
        long bEnd = (long) b.offset() + b.length() + 1;
        return aEnd <= b.offset() || bEnd <= a.offset();
    }

    private static void checkInside(BytesView view, int start, int end, String what) {
        check(view.offset() >= start && (long) view.offset() + view.length() + 1 <= end, what, " lies inside its item");
    }

    // --------------------------------------------------------------- envelope

    static MessageHeader messageHeader(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        MessageHeaderView view = pool.messageHeader().wrap(buffer, offset, length);
        MessageHeader owned = view.toOwned();
        checkEquals(new MessageHeader(view.magic(), view.version(), view.headerLen(), view.kind(), view.flags(),
                view.code(), view.transportStatus(), view.payloadLen(), view.itemCount(), view.messageId()), owned,
                "message header accessors agree with toOwned()");
        check(owned.magic() == Wire.MAGIC_MSG, "message header magic");
        check(owned.version() == Wire.VERSION, "message header version");
        check(owned.headerLen() == Wire.HEADER_LEN, "message header_len");
        check(owned.kind() >= Wire.KIND_REQUEST && owned.kind() <= Wire.KIND_CONTROL, "message kind");
        check(view.isBatch() == ((owned.flags() & Wire.FLAG_BATCH) != 0), "isBatch() agrees with flags()");
        TransportStatus status = TransportStatus.fromCode(owned.transportStatus());
        check(status == null ? owned.transportStatus() >= TransportStatus.values().length
                : status.code() == owned.transportStatus(), "TransportStatus.fromCode()");
        return owned;
    }

    /**
     * A whole message: the outer header and, when {@code payload_len} bytes
     * follow it, the payload decoded by the codec the kind and code select
     * (every item of it, for a batch).
     */
    static MessageWalk message(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        MessageHeader header = messageHeader(pool, buffer, offset, length);
        long available = (long) length - Wire.HEADER_LEN;
        if (header.payloadLen() > available) {
            return new MessageWalk(header, PAYLOAD_TRUNCATED);
        }
        FuzzTarget codec = FuzzTarget.payloadCodec(header.kind(), header.code());
        if (codec == null) {
            return new MessageWalk(header, NO_PAYLOAD_CODEC);
        }
        int payloadOffset = offset + Wire.HEADER_LEN;
        int payloadLength = (int) header.payloadLen();
        if ((header.flags() & Wire.FLAG_BATCH) == 0) {
            return new MessageWalk(header,
                    Outcome.of(() -> codec.walk(pool, buffer, payloadOffset, payloadLength)));
        }
        return new MessageWalk(header,
                Outcome.of(() -> batch(pool, buffer, payloadOffset, payloadLength, header.itemCount(), codec)));
    }

    static ChunkHeader chunkHeader(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        ChunkHeaderView view = pool.chunkHeader().wrap(buffer, offset, length);
        ChunkHeader owned = view.toOwned();
        checkEquals(new ChunkHeader(view.magic(), view.version(), view.flags(), view.messageId(),
                view.totalMessageLen(), view.chunkIndex(), view.chunkCount(), view.chunkPayloadLen()), owned,
                "chunk header accessors agree with toOwned()");
        check(owned.magic() == Wire.MAGIC_CHUNK, "chunk magic");
        check(owned.version() == Wire.VERSION, "chunk version");
        check(owned.flags() == 0, "chunk flags");
        check(owned.chunkPayloadLen() != 0, "chunk_payload_len is never 0 after wrap");
        return owned;
    }

    static Hello hello(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        HelloView view = pool.hello().wrap(buffer, offset, length);
        Hello owned = view.toOwned();
        checkEquals(new Hello(view.layoutVersion(), view.flags(), view.supportedProfiles(), view.preferredProfiles(),
                view.maxRequestPayloadBytes(), view.maxRequestBatchItems(), view.maxResponsePayloadBytes(),
                view.maxResponseBatchItems(), view.authToken(), view.packetSize()), owned,
                "hello accessors agree with toOwned()");
        check(owned.layoutVersion() == Wire.LAYOUT_VERSION, "hello layout_version");
        return owned;
    }

    static HelloAck helloAck(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        HelloAckView view = pool.helloAck().wrap(buffer, offset, length);
        HelloAck owned = view.toOwned();
        checkEquals(new HelloAck(view.layoutVersion(), view.flags(), view.serverSupportedProfiles(),
                view.intersectionProfiles(), view.selectedProfile(), view.agreedMaxRequestPayloadBytes(),
                view.agreedMaxRequestBatchItems(), view.agreedMaxResponsePayloadBytes(),
                view.agreedMaxResponseBatchItems(), view.agreedPacketSize(), view.sessionId()), owned,
                "hello-ack accessors agree with toOwned()");
        check(owned.layoutVersion() == Wire.LAYOUT_VERSION, "hello-ack layout_version");
        check(owned.flags() == 0, "hello-ack flags");
        return owned;
    }

    static Long increment(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        return IncrementCodec.decode(buffer, offset, length);
    }

    static ByteString stringReverse(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        StringReverseView view = pool.stringReverse().wrap(buffer, offset, length);
        BytesView string = view.string();
        check(string.offset() == offset + StringReverseView.HEADER_SIZE, "string_reverse string starts at 8");
        ByteString owned = terminated(string, true, "string_reverse string");
        checkEquals(owned, view.toOwned(), "string_reverse toOwned()");
        return owned;
    }

    /** The batch fuzz input: a host-order u32 item count, then the batch payload. */
    static Object batchInput(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        if (length < BATCH_COUNT_PREFIX) {
            return "shorter than the item count prefix";
        }
        long count = Integer.toUnsignedLong(buffer.duplicate().order(ByteOrder.nativeOrder()).getInt(offset));
        return batch(pool, buffer, offset + BATCH_COUNT_PREFIX, length - BATCH_COUNT_PREFIX, count, null);
    }

    /**
     * A batch payload of {@code count} items. When {@code itemCodec} is given,
     * each item is also decoded with it (the envelope's method codec).
     */
    static BatchWalk batch(ViewPool pool, ByteBuffer buffer, int offset, int length, long count, FuzzTarget itemCodec) {
        BatchView view = pool.batch().wrap(buffer, offset, length, count);
        check(view.itemCount() == count && count > 0, "batch itemCount() is the wrapped count");
        long packedStart = offset + count * DIRECTORY_ENTRY_SIZE;
        BytesView scratch = pool.batchItem();
        List<ByteString> items = new ArrayList<>(view.itemCount());
        List<Outcome> decoded = itemCodec == null ? null : new ArrayList<>(view.itemCount());
        for (int i = 0; i < view.itemCount(); i++) {
            int index = i;
            BytesView item = afterWrap("batch item", index, () -> view.item(index, scratch));
            int itemOffset = item.offset();
            int itemLength = item.length();
            check(itemOffset == view.itemOffset(i) && itemLength == view.itemLength(i),
                    "batch item view agrees with itemOffset()/itemLength()");
            check(itemOffset >= packedStart && (itemOffset - packedStart) % Wire.ALIGNMENT == 0,
                    "batch item starts aligned inside the packed area");
            check((long) itemOffset + itemLength <= (long) offset + length, "batch item ends inside the payload");
            ByteString bytes = bytes(item, "batch item");
            checkEquals(bytes, bytes(afterWrap("batch item", index, () -> view.item(index)), "batch item (new view)"),
                    "batch item read through a new view");
            items.add(bytes);
            if (decoded != null) {
                decoded.add(Outcome.of(() -> itemCodec.walk(pool, buffer, itemOffset, itemLength)));
            }
        }
        return new BatchWalk(items, decoded);
    }

    // ---------------------------------------------------------------- cgroups

    static CgroupsSnapshotRequest cgroupsSnapshotRequest(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        CgroupsSnapshotRequestView view = pool.snapshotRequest().wrap(buffer, offset, length);
        CgroupsSnapshotRequest owned = view.toOwned();
        checkEquals(new CgroupsSnapshotRequest(view.layoutVersion(), view.flags()), owned,
                "snapshot request accessors agree with toOwned()");
        checkEquals(CgroupsSnapshotRequest.STANDARD, owned, "the only valid snapshot request");
        return owned;
    }

    /**
     * A snapshot response. Items are validated lazily, so an item may be
     * rejected after {@code wrap} succeeded; then {@code toOwned()} must reject
     * with the first failing item's error, and the walk records every item's
     * outcome instead of the owned snapshot.
     */
    static Object cgroupsSnapshotResponse(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        CgroupsSnapshotResponseView view = pool.snapshotResponse().wrap(buffer, offset, length);
        check(view.layoutVersion() == Wire.LAYOUT_VERSION && view.flags() == 0, "snapshot layout_version and flags");
        int count = view.itemCount();
        check(count >= 0 && SNAPSHOT_HEADER_SIZE + (long) count * DIRECTORY_ENTRY_SIZE <= length,
                "snapshot directory fits the payload");
        long systemdEnabled = view.systemdEnabled();
        long generation = view.generation();
        CgroupsSnapshotItemView scratch = pool.snapshotItem();
        List<Object> items = new ArrayList<>(count);
        CodecError firstError = null;
        for (int i = 0; i < count; i++) {
            int index = i;
            Outcome reused = Outcome.of(() -> snapshotItem(view.item(index, scratch), offset, length));
            Outcome fresh = Outcome.of(() -> snapshotItem(view.item(index), offset, length));
            checkEquals(reused, fresh, "snapshot item through a re-used and a new item view");
            items.add(reused.ok() ? reused.value() : reused.error());
            if (!reused.ok() && firstError == null) {
                firstError = reused.error();
            }
        }
        checkAllAtOnce(view, scratch, items, firstError, offset, length);
        Outcome owned = Outcome.of(view::toOwned);
        if (firstError == null && ownedStringBytes(items) > length) {
            checkEquals(new Outcome(null, CodecError.BAD_LAYOUT), owned,
                    "snapshot toOwned() refuses overlapping items whose strings exceed the payload");
            return new PartialSnapshot(systemdEnabled, generation, items, CodecError.BAD_LAYOUT);
        }
        if (firstError == null) {
            List<CgroupsSnapshotItem> ownedItems = new ArrayList<>(count);
            items.forEach(item -> ownedItems.add((CgroupsSnapshotItem) item));
            checkEquals(new Outcome(new CgroupsSnapshot(systemdEnabled, generation, ownedItems), null), owned,
                    "snapshot toOwned() agrees with the items read one by one");
            return owned.value();
        }
        checkEquals(new Outcome(null, firstError), owned, "snapshot toOwned() rejects with the first bad item's error");
        return new PartialSnapshot(systemdEnabled, generation, items, firstError);
    }

    /**
     * {@code checkItems()} fails exactly when an item does, with the first bad item's
     * error; once it passed, every item reads as it did when validated one by one.
     */
    private static void checkAllAtOnce(CgroupsSnapshotResponseView view, CgroupsSnapshotItemView scratch,
            List<Object> items, CodecError firstError, int offset, int length) {
        Outcome checkedAll = Outcome.of(view::checkItems);
        checkEquals(firstError, checkedAll.error(), "snapshot checkItems() fails with the first bad item's error");
        if (!checkedAll.ok()) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            Outcome again = Outcome.of(() -> snapshotItem(view.item(index, scratch), offset, length));
            checkEquals(new Outcome(items.get(i), null), again, "a checked snapshot item reads as before");
        }
    }

    /** True when {@code name} is a symbol rather than the decimal form of {@code value}. */
    private static boolean isSymbolic(String name, int value) {
        return !name.equals(Integer.toString(value));
    }

    /** Name and path bytes of valid items: what an owned copy of them costs. */
    private static long ownedStringBytes(List<Object> items) {
        long total = 0;
        for (Object item : items) {
            CgroupsSnapshotItem owned = (CgroupsSnapshotItem) item;
            total += owned.name().length() + owned.path().length();
        }
        return total;
    }

    private static CgroupsSnapshotItem snapshotItem(CgroupsSnapshotItemView item, int payloadOffset, int payloadLength) {
        check(item.layoutVersion() == Wire.LAYOUT_VERSION && item.flags() == 0, "snapshot item layout_version and flags");
        ByteString name = terminated(item.name(), true, "snapshot item name");
        ByteString path = terminated(item.path(), true, "snapshot item path");
        check(disjoint(item.name(), item.path()), "snapshot item name and path do not overlap");
        checkInside(item.name(), payloadOffset, payloadOffset + payloadLength, "snapshot item name");
        checkInside(item.path(), payloadOffset, payloadOffset + payloadLength, "snapshot item path");
        CgroupsSnapshotItem owned = item.toOwned();
        checkEquals(new CgroupsSnapshotItem(item.hash(), item.options(), item.enabled(), name, path), owned,
                "snapshot item accessors agree with toOwned()");
        return owned;
    }

    // ----------------------------------------------------------------- lookup

    static List<ByteString> cgroupsLookupRequest(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        CgroupsLookupRequestView view = pool.cgroupsLookupRequest().wrap(buffer, offset, length);
        int count = view.itemCount();
        long packedStart = checkLookupDirectory(count, offset, length, "cgroups lookup request");
        BytesView scratch = pool.lookupPath();
        List<ByteString> paths = new ArrayList<>(count);
        long previousEnd = packedStart;
        for (int i = 0; i < count; i++) {
            int index = i;
            BytesView path = afterWrap("cgroups lookup path", index, () -> view.path(index, scratch));
            ByteString owned = terminated(path, false, "cgroups lookup path");
            check(owned.length() > 0, "cgroups lookup path is not empty");
            check(path.offset() >= previousEnd && (path.offset() - packedStart) % Wire.ALIGNMENT == 0,
                    "cgroups lookup keys are aligned and in order");
            check((long) path.offset() + path.length() + 1 <= (long) offset + length, "cgroups lookup key inside payload");
            previousEnd = (long) path.offset() + path.length() + 1;
            checkEquals(owned, bytes(afterWrap("cgroups lookup path", index, () -> view.path(index)), "path (new view)"),
                    "cgroups lookup path through a new view");
            paths.add(owned);
        }
        checkEquals(paths, afterWrap("cgroups lookup request toOwned()", view::toOwned),
                "cgroups lookup request toOwned()");
        return paths;
    }

    static List<Long> appsLookupRequest(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        AppsLookupRequestView view = pool.appsLookupRequest().wrap(buffer, offset, length);
        int count = view.itemCount();
        checkLookupDirectory(count, offset, length, "apps lookup request");
        List<Long> pids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            long pid = afterWrap("apps lookup pid", index, () -> view.pid(index));
            check(pid >= 0 && pid <= 0xFFFF_FFFFL, "apps lookup pid is unsigned 32-bit");
            pids.add(pid);
        }
        long[] owned = afterWrap("apps lookup request toOwned()", view::toOwned);
        checkEquals(pids, Arrays.stream(owned).boxed().toList(), "apps lookup request toOwned()");
        return pids;
    }

    static CgroupsLookupResponse cgroupsLookupResponse(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        CgroupsLookupResponseView view = pool.cgroupsLookupResponse().wrap(buffer, offset, length);
        int count = view.itemCount();
        checkLookupDirectory(count, offset, length, "cgroups lookup response");
        CgroupsLookupItemView scratch = pool.cgroupsLookupItem();
        List<CgroupsLookupItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            CgroupsLookupItem item = cgroupsLookupItem(pool, afterWrap("cgroups lookup item", index,
                    () -> view.item(index, scratch)), offset, length);
            checkEquals(item, cgroupsLookupItem(pool, afterWrap("cgroups lookup item", index,
                    () -> view.item(index)), offset, length), "cgroups lookup item through a new view");
            items.add(item);
        }
        CgroupsLookupResponse owned = afterWrap("cgroups lookup response toOwned()", view::toOwned);
        checkEquals(new CgroupsLookupResponse(view.generation(), items), owned,
                "cgroups lookup response toOwned() agrees with the items read one by one");
        return owned;
    }

    private static CgroupsLookupItem cgroupsLookupItem(ViewPool pool, CgroupsLookupItemView item, int payloadOffset,
            int payloadLength) {
        int status = item.status();
        int orchestrator = item.orchestrator();
        check(CgroupLookupStatus.isValid(status), "cgroups lookup status is defined");
        check(isSymbolic(CgroupLookupStatus.name(status), status), "a defined status has a symbolic name");
        check(isSymbolic(Orchestrator.name(orchestrator), orchestrator) == (orchestrator <= Orchestrator.NSPAWN),
                "defined orchestrators have symbolic names, others print as numbers");
        ByteString path = terminated(item.path(), false, "cgroups lookup item path");
        ByteString name = terminated(item.name(), false, "cgroups lookup item name");
        check(path.length() > 0, "cgroups lookup item path is not empty");
        check(disjoint(item.path(), item.name()), "cgroups lookup item path and name do not overlap");
        int end = payloadOffset + payloadLength;
        checkInside(item.path(), payloadOffset, end, "cgroups lookup item path");
        checkInside(item.name(), payloadOffset, end, "cgroups lookup item name");
        int labelCount = item.labelCount();
        if (status != CgroupLookupStatus.KNOWN) {
            check(orchestrator == 0 && name.length() == 0 && labelCount == 0,
                    "cgroups lookup item without KNOWN status carries no metadata");
        }
        LookupLabelView scratch = pool.label();
        List<LookupLabel> labels = labels(labelCount, i -> item.label(i, scratch), item::label,
                payloadOffset, end, "cgroups lookup label");
        CgroupsLookupItem owned = afterWrap("cgroups lookup item toOwned()", item::toOwned);
        checkEquals(new CgroupsLookupItem(status, orchestrator, path, name, labels), owned,
                "cgroups lookup item accessors agree with toOwned()");
        return owned;
    }

    static AppsLookupResponse appsLookupResponse(ViewPool pool, ByteBuffer buffer, int offset, int length) {
        AppsLookupResponseView view = pool.appsLookupResponse().wrap(buffer, offset, length);
        int count = view.itemCount();
        checkLookupDirectory(count, offset, length, "apps lookup response");
        AppsLookupItemView scratch = pool.appsLookupItem();
        List<AppsLookupItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            AppsLookupItem item = appsLookupItem(pool, afterWrap("apps lookup item", index,
                    () -> view.item(index, scratch)), offset, length);
            checkEquals(item, appsLookupItem(pool, afterWrap("apps lookup item", index,
                    () -> view.item(index)), offset, length), "apps lookup item through a new view");
            items.add(item);
        }
        AppsLookupResponse owned = afterWrap("apps lookup response toOwned()", view::toOwned);
        checkEquals(new AppsLookupResponse(view.generation(), items), owned,
                "apps lookup response toOwned() agrees with the items read one by one");
        return owned;
    }

    private static AppsLookupItem appsLookupItem(ViewPool pool, AppsLookupItemView item, int payloadOffset,
            int payloadLength) {
        int status = item.status();
        int cgroupStatus = item.cgroupStatus();
        int orchestrator = item.orchestrator();
        check(PidLookupStatus.isValid(status) && AppsCgroupStatus.isValid(cgroupStatus), "apps lookup statuses defined");
        check(isSymbolic(PidLookupStatus.name(status), status)
                && isSymbolic(AppsCgroupStatus.name(cgroupStatus), cgroupStatus), "defined statuses have symbolic names");
        check(isSymbolic(Orchestrator.name(orchestrator), orchestrator) == (orchestrator <= Orchestrator.NSPAWN),
                "defined orchestrators have symbolic names, others print as numbers");
        ByteString comm = terminated(item.comm(), false, "apps lookup comm");
        ByteString cgroupPath = terminated(item.cgroupPath(), false, "apps lookup cgroup path");
        ByteString cgroupName = terminated(item.cgroupName(), false, "apps lookup cgroup name");
        check(comm.length() <= AppsLookupItemView.COMM_MAX_LENGTH, "apps lookup comm length");
        check(disjoint(item.comm(), item.cgroupPath()) && disjoint(item.comm(), item.cgroupName())
                && disjoint(item.cgroupPath(), item.cgroupName()), "apps lookup strings do not overlap");
        int end = payloadOffset + payloadLength;
        checkInside(item.comm(), payloadOffset, end, "apps lookup comm");
        checkInside(item.cgroupPath(), payloadOffset, end, "apps lookup cgroup path");
        checkInside(item.cgroupName(), payloadOffset, end, "apps lookup cgroup name");
        int labelCount = item.labelCount();
        boolean noCgroupMetadata = orchestrator == 0 && cgroupName.length() == 0 && labelCount == 0;
        if (status != PidLookupStatus.KNOWN) {
            check(noCgroupMetadata && cgroupStatus == 0 && item.ppid() == 0
                    && item.uid() == AppsLookupItemView.UID_UNSET && item.starttime() == 0 && comm.length() == 0
                    && cgroupPath.length() == 0, "apps lookup item without KNOWN status carries no metadata");
        } else {
            check(comm.length() > 0, "known process has a comm");
            switch (cgroupStatus) {
                case AppsCgroupStatus.KNOWN -> check(cgroupPath.length() > 0, "known cgroup has a path");
                case AppsCgroupStatus.UNKNOWN_RETRY_LATER -> check(noCgroupMetadata, "retry-later cgroup rules");
                case AppsCgroupStatus.UNKNOWN_PERMANENT ->
                    check(noCgroupMetadata && cgroupPath.length() > 0, "permanently unknown cgroup rules");
                default -> check(noCgroupMetadata && cgroupPath.length() == 0, "host-root cgroup rules");
            }
        }
        LookupLabelView scratch = pool.label();
        List<LookupLabel> labels = labels(labelCount, i -> item.label(i, scratch), item::label,
                payloadOffset, end, "apps lookup label");
        AppsLookupItem owned = afterWrap("apps lookup item toOwned()", item::toOwned);
        checkEquals(new AppsLookupItem(status, cgroupStatus, orchestrator, item.pid(), item.ppid(), item.uid(),
                item.starttime(), comm, cgroupPath, cgroupName, labels), owned,
                "apps lookup item accessors agree with toOwned()");
        return owned;
    }

    /** Every label of an item, read through a re-used and through a new label view. */
    private static List<LookupLabel> labels(int count, IntFunction<LookupLabelView> reused,
            IntFunction<LookupLabelView> fresh, int start, int end, String what) {
        List<LookupLabel> labels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            LookupLabel label = label(afterWrap(what, index, () -> reused.apply(index)), start, end, what);
            checkEquals(label, label(afterWrap(what, index, () -> fresh.apply(index)), start, end, what),
                    what, " through a new label view");
            labels.add(label);
        }
        return labels;
    }

    private static LookupLabel label(LookupLabelView view, int start, int end, String what) {
        ByteString key = terminated(view.key(), false, "lookup label key");
        ByteString value = terminated(view.value(), false, "lookup label value");
        check(key.length() > 0, what, " key is not empty");
        check(disjoint(view.key(), view.value()), what, " key and value do not overlap");
        checkInside(view.key(), start, end, "lookup label key");
        checkInside(view.value(), start, end, "lookup label value");
        LookupLabel owned = view.toOwned();
        checkEquals(new LookupLabel(key, value), owned, what, " toOwned()");
        return owned;
    }

    /** Checks a lookup directory's size against the payload and returns the packed area's absolute start. */
    private static long checkLookupDirectory(int count, int offset, int length, String what) {
        long packedStart = (long) offset + LOOKUP_HEADER_SIZE + (long) count * DIRECTORY_ENTRY_SIZE;
        check(count >= 0 && packedStart <= (long) offset + length, what, " directory fits the payload");
        return packedStart;
    }
}
