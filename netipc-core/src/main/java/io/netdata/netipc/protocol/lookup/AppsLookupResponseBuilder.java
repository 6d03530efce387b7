package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU64;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Builds an APPS_LOOKUP response in a caller-supplied buffer region,
 * byte-identical to the reference.
 *
 * <p>An item that does not fit is not an error: the first such item becomes
 * {@code OVERSIZED_ITEM} when it is the response's first item, otherwise it and
 * every later item become {@code PAYLOAD_EXCEEDED} (PID echoed, no metadata),
 * which Level 2 clients retry. With a suffix table
 * ({@link #setPayloadExceededSuffixBytes}) the builder also keeps room for the
 * remaining items to be answered that way. {@link CodecException} is thrown for
 * invalid input (BAD_LAYOUT) and for an item that cannot be written even as an
 * overflow item, or one item too many (OVERFLOW).
 *
 * <p>Misuse raises the usual Java exceptions: {@link IllegalStateException} for
 * adding before {@code reset} or after {@code finish}, and
 * {@link IllegalArgumentException} for a number outside its wire field's range.
 *
 * <p>Handlers get a builder from the server for one invocation only: do not keep
 * it. Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class AppsLookupResponseBuilder {
    private static final int COMM = 0;
    private static final int CGROUP_PATH = 1;
    private static final int CGROUP_NAME = 2;
    private static final int STRING_COUNT = 3;
    /** Bytes of an overflow item: header and three empty strings' terminators. */
    private static final int OVERFLOW_ITEM_SIZE = AppsLookupItemView.HEADER_SIZE + STRING_COUNT;

    private final LookupResponseWriter writer = new LookupResponseWriter("apps lookup builder");
    private final ByteSource[] strings = new ByteSource[STRING_COUNT];

    /**
     * Starts a new response in {@code [offset, offset + capacity)} of {@code buffer}.
     *
     * @param maxItems the number of items this response will hold (the request's count)
     * @param generation unsigned 64-bit, raw bits
     */
    public AppsLookupResponseBuilder reset(ByteBuffer buffer, int offset, int capacity, int maxItems,
            long generation) {
        writer.reset(buffer, offset, capacity, maxItems, generation);
        return this;
    }

    /**
     * Replaces the response generation.
     *
     * @throws IllegalStateException before {@link #reset} or after {@link #finish}
     */
    public AppsLookupResponseBuilder setGeneration(long generation) {
        writer.setGeneration(generation);
        return this;
    }

    /**
     * Installs the cumulative overflow costs of the request's items, as computed
     * by {@link #payloadExceededSuffixBytes(int)}, or {@code null} to drop them. The table is kept, not copied: leave it unchanged
     * until {@link #finish}; {@link #reset} drops it.
     */
    public AppsLookupResponseBuilder setPayloadExceededSuffixBytes(int[] suffixBytes) {
        writer.setSuffixBytes(suffixBytes);
        return this;
    }

    /** Cumulative bytes items {@code i..itemCount-1} need as PAYLOAD_EXCEEDED items. */
    public static int[] payloadExceededSuffixBytes(int itemCount) {
        return LookupResponseWriter.suffixBytes(itemCount, i -> OVERFLOW_ITEM_SIZE);
    }

    /**
     * True when an add since the last reset was refused with OVERFLOW: the response
     * then lacks an answer even if the caller went on, so a server must not send it.
     */
    public boolean overflowed() {
        return writer.overflowed();
    }

    /**
     * True when, since the last reset, an item did not fit and the builder
     * answered it OVERSIZED_ITEM or PAYLOAD_EXCEEDED itself: a larger buffer
     * would have held more of the answers.
     */
    public boolean spilled() {
        return writer.spilled();
    }

    /** Number of items written so far. */
    public int itemCount() {
        return writer.itemCount();
    }

    /**
     * Appends one item, validating every supplied field and byte.
     *
     * @param status one of {@link PidLookupStatus}
     * @param cgroupStatus one of {@link AppsCgroupStatus}
     * @param pid the echoed request PID, unsigned 32-bit
     * @param uid unsigned 32-bit, {@link AppsLookupItemView#UID_UNSET} when unknown
     * @param starttime unsigned 64-bit jiffies, raw bits
     * @throws CodecException BAD_LAYOUT for invalid fields, OVERFLOW as described above
     */
    public AppsLookupResponseBuilder add(int status, int cgroupStatus, int orchestrator, long pid, long ppid,
            long uid, long starttime, ByteSource comm, ByteSource cgroupPath, ByteSource cgroupName,
            List<LookupLabel> labels) {
        addChecked(status, cgroupStatus, orchestrator, pid, ppid, uid, starttime, comm, cgroupPath, cgroupName,
                labels, true);
        return this;
    }

    /** Appends an owned item. */
    public AppsLookupResponseBuilder add(AppsLookupItem item) {
        return add(item.status(), item.cgroupStatus(), item.orchestrator(), item.pid(), item.ppid(), item.uid(),
                item.starttime(), item.comm(), item.cgroupPath(), item.cgroupName(), item.labels());
    }

    /** Appends the answer for a PID the provider does not know. */
    public AppsLookupResponseBuilder addUnknown(long pid) {
        return add(AppsLookupItem.unknown(pid));
    }

    private void addChecked(int status, int cgroupStatus, int orchestrator, long pid, long ppid, long uid,
            long starttime, ByteSource comm, ByteSource cgroupPath, ByteSource cgroupName, List<LookupLabel> labels,
            boolean allowOverflowStatus) {
        writer.checkAdding();
        Checks.checkU16(status, "status");
        Checks.checkU16(cgroupStatus, "cgroup_status");
        Checks.checkU16(orchestrator, "orchestrator");
        Checks.checkU32(pid, "pid");
        Checks.checkU32(ppid, "ppid");
        Checks.checkU32(uid, "uid");
        if (writer.payloadExceededSuffix() && allowOverflowStatus) {
            addOverflowItem(PidLookupStatus.PAYLOAD_EXCEEDED, pid);
            return;
        }
        if (writer.isFull()) {
            throw writer.overflow("apps lookup response is full");
        }
        if (labels.size() > LookupWire.MAX_LABELS) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "more than " + LookupWire.MAX_LABELS + " labels");
        }
        AppsLookupItemView.validateSemantics(status, cgroupStatus, orchestrator, ppid, uid, starttime,
                comm.length(), cgroupPath.length(), cgroupName.length(), labels.size());
        if (comm.containsNul() || cgroupPath.containsNul() || cgroupName.containsNul()) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "apps lookup string contains NUL");
        }
        strings[COMM] = comm;
        strings[CGROUP_PATH] = cgroupPath;
        strings[CGROUP_NAME] = cgroupName;
        if (!writer.layout(AppsLookupItemView.HEADER_SIZE, strings, STRING_COUNT, labels)) {
            if (!allowOverflowStatus) {
                throw writer.overflow("apps lookup item does not fit");
            }
            noteItemOverflow(pid);
            return;
        }
        if (allowOverflowStatus && !writer.suffixFits(writer.itemCount() + 1)) {
            noteItemOverflow(pid);
            return;
        }
        write(status, cgroupStatus, orchestrator, pid, ppid, uid, starttime, labels);
    }

    private void noteItemOverflow(long pid) {
        writer.markSpilled();
        if (writer.itemCount() == 0) {
            addOverflowItem(PidLookupStatus.OVERSIZED_ITEM, pid);
        } else {
            writer.markPayloadExceededSuffix();
            addOverflowItem(PidLookupStatus.PAYLOAD_EXCEEDED, pid);
        }
    }

    private void addOverflowItem(int status, long pid) {
        addChecked(status, 0, 0, pid, 0, AppsLookupItemView.UID_UNSET, 0, ByteString.EMPTY, ByteString.EMPTY,
                ByteString.EMPTY, List.of(), false);
    }

    private void write(int status, int cgroupStatus, int orchestrator, long pid, long ppid, long uid,
            long starttime, List<LookupLabel> labels) {
        ByteBuffer buffer = writer.buffer();
        int item = writer.beginItem();
        putU16(buffer, item + AppsLookupItemView.OFF_LAYOUT_VERSION, Wire.LAYOUT_VERSION);
        putU16(buffer, item + AppsLookupItemView.OFF_STATUS, status);
        putU16(buffer, item + AppsLookupItemView.OFF_ORCHESTRATOR, orchestrator);
        putU16(buffer, item + AppsLookupItemView.OFF_CGROUP_STATUS, cgroupStatus);
        putU32(buffer, item + AppsLookupItemView.OFF_PID, pid);
        putU32(buffer, item + AppsLookupItemView.OFF_PPID, ppid);
        putU32(buffer, item + AppsLookupItemView.OFF_UID, uid);
        putU32(buffer, item + AppsLookupItemView.OFF_RESERVED0, 0);
        putU64(buffer, item + AppsLookupItemView.OFF_STARTTIME, starttime);
        putU32(buffer, item + AppsLookupItemView.OFF_COMM_OFFSET, writer.stringOffset(COMM));
        putU32(buffer, item + AppsLookupItemView.OFF_COMM_LENGTH, strings[COMM].length());
        putU32(buffer, item + AppsLookupItemView.OFF_CGROUP_PATH_OFFSET, writer.stringOffset(CGROUP_PATH));
        putU32(buffer, item + AppsLookupItemView.OFF_CGROUP_PATH_LENGTH, strings[CGROUP_PATH].length());
        putU32(buffer, item + AppsLookupItemView.OFF_CGROUP_NAME_OFFSET, writer.stringOffset(CGROUP_NAME));
        putU32(buffer, item + AppsLookupItemView.OFF_CGROUP_NAME_LENGTH, strings[CGROUP_NAME].length());
        putU16(buffer, item + AppsLookupItemView.OFF_LABEL_COUNT, labels.size());
        putU16(buffer, item + AppsLookupItemView.OFF_RESERVED1, 0);
        writer.writeStrings(item, strings, STRING_COUNT);
        writer.writeLabels(item, labels);
        writer.commitItem();
        strings[COMM] = null;
        strings[CGROUP_PATH] = null;
        strings[CGROUP_NAME] = null;
    }

    /**
     * Writes the header and compacts the response.
     *
     * @return the payload length in bytes, starting at the region's offset
     *     (calling it again returns the same length)
     * @throws IllegalStateException before {@link #reset}
     */
    public int finish() {
        return writer.finish();
    }
}
