package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;
import static io.netdata.netipc.protocol.internal.NativeBytes.u64;

import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import io.netdata.netipc.protocol.internal.NativeBytes;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Zero-copy view of one APPS_LOOKUP response item: a 60-byte header (not a
 * multiple of 8), the comm, cgroup path and cgroup name strings and an optional
 * label table.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid while the response buffer is
 * alive and unchanged and until this view is wrapped again; the string views are
 * re-pointed on every wrap. {@link #toOwned()} copies.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class AppsLookupItemView {
    /** Size of the fixed item header; the first valid string offset. */
    public static final int HEADER_SIZE = 60;
    /** Longest {@code comm}, as the kernel truncates it. */
    public static final int COMM_MAX_LENGTH = 15;
    /** The {@code uid} of an unknown process. */
    public static final long UID_UNSET = NativeBytes.U32_MAX;

    static final int OFF_LAYOUT_VERSION = 0;
    static final int OFF_STATUS = 2;
    static final int OFF_ORCHESTRATOR = 4;
    static final int OFF_CGROUP_STATUS = 6;
    static final int OFF_PID = 8;
    static final int OFF_PPID = 12;
    static final int OFF_UID = 16;
    static final int OFF_RESERVED0 = 20;
    static final int OFF_STARTTIME = 24;
    static final int OFF_COMM_OFFSET = 32;
    static final int OFF_COMM_LENGTH = 36;
    static final int OFF_CGROUP_PATH_OFFSET = 40;
    static final int OFF_CGROUP_PATH_LENGTH = 44;
    static final int OFF_CGROUP_NAME_OFFSET = 48;
    static final int OFF_CGROUP_NAME_LENGTH = 52;
    static final int OFF_LABEL_COUNT = 56;
    static final int OFF_RESERVED1 = 58;

    private final BytesView comm = new BytesView();
    private final BytesView cgroupPath = new BytesView();
    private final BytesView cgroupName = new BytesView();
    private ByteBuffer buffer;
    private int base;
    private int length;
    private int labelTableOffset;

    /**
     * Validates and wraps the item at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, OUT_OF_BOUNDS or MISSING_NUL
     */
    public AppsLookupItemView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, HEADER_SIZE, "apps lookup item");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION
                || u32(buffer, offset + OFF_RESERVED0) != 0
                || u16(buffer, offset + OFF_RESERVED1) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "apps lookup item version or reserved fields");
        }
        long commOffset = u32(buffer, offset + OFF_COMM_OFFSET);
        long commLength = u32(buffer, offset + OFF_COMM_LENGTH);
        long pathOffset = u32(buffer, offset + OFF_CGROUP_PATH_OFFSET);
        long pathLength = u32(buffer, offset + OFF_CGROUP_PATH_LENGTH);
        long nameOffset = u32(buffer, offset + OFF_CGROUP_NAME_OFFSET);
        long nameLength = u32(buffer, offset + OFF_CGROUP_NAME_LENGTH);
        int labelCount = u16(buffer, offset + OFF_LABEL_COUNT);
        validateSemantics(u16(buffer, offset + OFF_STATUS), u16(buffer, offset + OFF_CGROUP_STATUS),
                u16(buffer, offset + OFF_ORCHESTRATOR), u32(buffer, offset + OFF_PPID), u32(buffer, offset + OFF_UID),
                u64(buffer, offset + OFF_STARTTIME), commLength, pathLength, nameLength, labelCount);
        long commEnd = LookupWire.stringEnd(buffer, offset, length, HEADER_SIZE, commOffset, commLength,
                "apps lookup comm");
        long pathEnd = LookupWire.stringEnd(buffer, offset, length, HEADER_SIZE, pathOffset, pathLength,
                "apps lookup cgroup path");
        long nameEnd = LookupWire.stringEnd(buffer, offset, length, HEADER_SIZE, nameOffset, nameLength,
                "apps lookup cgroup name");
        if (LookupWire.overlaps(commOffset, commEnd, pathOffset, pathEnd)
                || LookupWire.overlaps(commOffset, commEnd, nameOffset, nameEnd)
                || LookupWire.overlaps(pathOffset, pathEnd, nameOffset, nameEnd)) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "apps lookup item strings overlap");
        }
        int tableOffset = LookupWire.validateLabels(buffer, offset, length, HEADER_SIZE, labelCount,
                Math.max(commEnd, Math.max(pathEnd, nameEnd)));
        comm.wrap(buffer, offset + (int) commOffset, (int) commLength);
        cgroupPath.wrap(buffer, offset + (int) pathOffset, (int) pathLength);
        cgroupName.wrap(buffer, offset + (int) nameOffset, (int) nameLength);
        this.buffer = buffer;
        this.base = offset;
        this.length = length;
        this.labelTableOffset = tableOffset;
        return this;
    }

    /**
     * The status-dependent field rules of the spec's "Field Semantics", shared
     * with the response builder. Every violation is BAD_LAYOUT.
     */
    static void validateSemantics(int status, int cgroupStatus, int orchestrator, long ppid, long uid,
            long starttime, long commLength, long pathLength, long nameLength, long labelCount) {
        if (!PidLookupStatus.isValid(status)) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "apps lookup status " + status);
        }
        if (!AppsCgroupStatus.isValid(cgroupStatus)) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "apps lookup cgroup status " + cgroupStatus);
        }
        if (commLength > COMM_MAX_LENGTH) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "apps lookup comm longer than " + COMM_MAX_LENGTH);
        }
        if (status != PidLookupStatus.KNOWN) {
            if (orchestrator != 0 || cgroupStatus != 0 || ppid != 0 || uid != UID_UNSET || starttime != 0
                    || commLength != 0 || pathLength != 0 || nameLength != 0 || labelCount != 0) {
                throw Checks.fail(CodecError.BAD_LAYOUT,
                        "apps lookup item with status " + PidLookupStatus.name(status) + " carries metadata");
            }
            return;
        }
        if (commLength == 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "apps lookup known process without comm");
        }
        boolean valid = switch (cgroupStatus) {
            case AppsCgroupStatus.KNOWN -> pathLength != 0;
            case AppsCgroupStatus.UNKNOWN_RETRY_LATER -> orchestrator == 0 && nameLength == 0 && labelCount == 0;
            case AppsCgroupStatus.UNKNOWN_PERMANENT ->
                pathLength != 0 && orchestrator == 0 && nameLength == 0 && labelCount == 0;
            default -> orchestrator == 0 && pathLength == 0 && nameLength == 0 && labelCount == 0;
        };
        if (!valid) {
            throw Checks.fail(CodecError.BAD_LAYOUT,
                    "apps lookup cgroup status " + AppsCgroupStatus.name(cgroupStatus) + " field rules");
        }
    }

    /** One of {@link PidLookupStatus}. */
    public int status() {
        return u16(buffer, base + OFF_STATUS);
    }

    /** Raw orchestrator value; see {@link Orchestrator}. */
    public int orchestrator() {
        return u16(buffer, base + OFF_ORCHESTRATOR);
    }

    /** One of {@link AppsCgroupStatus}. */
    public int cgroupStatus() {
        return u16(buffer, base + OFF_CGROUP_STATUS);
    }

    /** Echoed request PID (unsigned 32-bit). */
    public long pid() {
        return u32(buffer, base + OFF_PID);
    }

    /** Parent PID or 0 (unsigned 32-bit). */
    public long ppid() {
        return u32(buffer, base + OFF_PPID);
    }

    /** Process UID, or {@link #UID_UNSET} (unsigned 32-bit). */
    public long uid() {
        return u32(buffer, base + OFF_UID);
    }

    /** {@code /proc/PID/stat} field 22 in jiffies since boot (unsigned 64-bit, raw bits). */
    public long starttime() {
        return u64(buffer, base + OFF_STARTTIME);
    }

    public BytesView comm() {
        return comm;
    }

    public BytesView cgroupPath() {
        return cgroupPath;
    }

    public BytesView cgroupName() {
        return cgroupName;
    }

    public int labelCount() {
        return u16(buffer, base + OFF_LABEL_COUNT);
    }

    /** Points {@code target} at label {@code index}. */
    public LookupLabelView label(int index, LookupLabelView target) {
        return LookupWire.label(buffer, base, length, HEADER_SIZE, labelCount(), labelTableOffset, index, target);
    }

    /** A new view of label {@code index}. */
    public LookupLabelView label(int index) {
        return label(index, new LookupLabelView());
    }

    /** Owned copy, labels included. */
    public AppsLookupItem toOwned() {
        List<LookupLabel> labels = LookupWire.ownedLabels(buffer, base, length, HEADER_SIZE, labelCount(),
                labelTableOffset);
        return new AppsLookupItem(status(), cgroupStatus(), orchestrator(), pid(), ppid(), uid(), starttime(),
                comm.toByteString(), cgroupPath.toByteString(), cgroupName.toByteString(), labels);
    }
}
