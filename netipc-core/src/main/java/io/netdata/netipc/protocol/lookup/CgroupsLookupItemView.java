package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.u16;
import static io.netdata.netipc.protocol.internal.NativeBytes.u32;

import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Zero-copy view of one CGROUPS_LOOKUP response item: a 28-byte header, the
 * path and name strings and an optional label table.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid while the response buffer is
 * alive and unchanged and until this view is wrapped again; {@link #path()} and
 * {@link #name()} are re-pointed on every wrap. {@link #toOwned()} copies.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class CgroupsLookupItemView {
    /** Size of the fixed item header; the first valid string offset. */
    public static final int HEADER_SIZE = 28;

    static final int OFF_LAYOUT_VERSION = 0;
    static final int OFF_STATUS = 2;
    static final int OFF_ORCHESTRATOR = 4;
    static final int OFF_RESERVED0 = 6;
    static final int OFF_PATH_OFFSET = 8;
    static final int OFF_PATH_LENGTH = 12;
    static final int OFF_NAME_OFFSET = 16;
    static final int OFF_NAME_LENGTH = 20;
    static final int OFF_LABEL_COUNT = 24;
    static final int OFF_RESERVED1 = 26;

    private final BytesView path = new BytesView();
    private final BytesView name = new BytesView();
    private ByteBuffer buffer;
    private int base;
    private int length;
    private int labelTableOffset;

    /**
     * Validates and wraps the item at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, OUT_OF_BOUNDS or MISSING_NUL
     */
    public CgroupsLookupItemView wrap(ByteBuffer buffer, int offset, int length) {
        Checks.checkRegion(buffer, offset, length);
        Checks.requireLength(length, HEADER_SIZE, "cgroups lookup item");
        if (u16(buffer, offset + OFF_LAYOUT_VERSION) != Wire.LAYOUT_VERSION
                || u16(buffer, offset + OFF_RESERVED0) != 0
                || u16(buffer, offset + OFF_RESERVED1) != 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups lookup item version or reserved fields");
        }
        int status = u16(buffer, offset + OFF_STATUS);
        int orchestrator = u16(buffer, offset + OFF_ORCHESTRATOR);
        long pathOffset = u32(buffer, offset + OFF_PATH_OFFSET);
        long pathLength = u32(buffer, offset + OFF_PATH_LENGTH);
        long nameOffset = u32(buffer, offset + OFF_NAME_OFFSET);
        long nameLength = u32(buffer, offset + OFF_NAME_LENGTH);
        int labelCount = u16(buffer, offset + OFF_LABEL_COUNT);
        validateSemantics(status, orchestrator, pathLength, nameLength, labelCount);
        long pathEnd = LookupWire.stringEnd(buffer, offset, length, HEADER_SIZE, pathOffset, pathLength,
                "cgroups lookup path");
        long nameEnd = LookupWire.stringEnd(buffer, offset, length, HEADER_SIZE, nameOffset, nameLength,
                "cgroups lookup name");
        if (LookupWire.overlaps(pathOffset, pathEnd, nameOffset, nameEnd)) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups lookup path and name overlap");
        }
        int tableOffset = LookupWire.validateLabels(buffer, offset, length, HEADER_SIZE, labelCount,
                Math.max(pathEnd, nameEnd));
        path.wrap(buffer, offset + (int) pathOffset, (int) pathLength);
        name.wrap(buffer, offset + (int) nameOffset, (int) nameLength);
        this.buffer = buffer;
        this.base = offset;
        this.length = length;
        this.labelTableOffset = tableOffset;
        return this;
    }

    /**
     * The status-dependent field rules, shared with the response builder: a known
     * status, a non-empty path, and for every status but KNOWN no orchestrator,
     * name or labels.
     */
    static void validateSemantics(int status, int orchestrator, long pathLength, long nameLength,
            long labelCount) {
        if (!CgroupLookupStatus.isValid(status)) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups lookup status " + status);
        }
        if (pathLength == 0) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups lookup path must not be empty");
        }
        if (status != CgroupLookupStatus.KNOWN && (orchestrator != 0 || nameLength != 0 || labelCount != 0)) {
            throw Checks.fail(CodecError.BAD_LAYOUT,
                    "cgroups lookup item with status " + CgroupLookupStatus.name(status) + " carries metadata");
        }
    }

    /** One of {@link CgroupLookupStatus}. */
    public int status() {
        return u16(buffer, base + OFF_STATUS);
    }

    /** Raw orchestrator value; see {@link Orchestrator}. */
    public int orchestrator() {
        return u16(buffer, base + OFF_ORCHESTRATOR);
    }

    /** The echoed request path, without the terminator. */
    public BytesView path() {
        return path;
    }

    /** The cgroup name (may be empty), without the terminator. */
    public BytesView name() {
        return name;
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
    public CgroupsLookupItem toOwned() {
        List<LookupLabel> labels = LookupWire.ownedLabels(buffer, base, length, HEADER_SIZE, labelCount(),
                labelTableOffset);
        return new CgroupsLookupItem(status(), orchestrator(), path.toByteString(), name.toByteString(), labels);
    }
}
