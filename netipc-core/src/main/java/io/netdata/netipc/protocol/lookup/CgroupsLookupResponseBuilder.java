package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.internal.NativeBytes.putU16;
import static io.netdata.netipc.protocol.internal.NativeBytes.putU32;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.internal.Checks;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Builds a CGROUPS_LOOKUP response in a caller-supplied buffer region,
 * byte-identical to the reference.
 *
 * <p>An item that does not fit is not an error: the first such item becomes
 * {@code OVERSIZED_ITEM} when it is the response's first item, otherwise it and
 * every later item become {@code PAYLOAD_EXCEEDED} (path echoed, no metadata),
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
public final class CgroupsLookupResponseBuilder {
    private static final int PATH = 0;
    private static final int NAME = 1;
    private static final int STRING_COUNT = 2;

    private final LookupResponseWriter writer = new LookupResponseWriter("cgroups lookup builder");
    private final ByteSource[] strings = new ByteSource[STRING_COUNT];
    private final BytesView requestPath = new BytesView();

    /**
     * Starts a new response in {@code [offset, offset + capacity)} of {@code buffer}.
     *
     * @param maxItems the number of items this response will hold (the request's count)
     * @param generation unsigned 64-bit, raw bits
     */
    public CgroupsLookupResponseBuilder reset(ByteBuffer buffer, int offset, int capacity, int maxItems,
            long generation) {
        writer.reset(buffer, offset, capacity, maxItems, generation);
        return this;
    }

    /**
     * Replaces the response generation.
     *
     * @throws IllegalStateException before {@link #reset} or after {@link #finish}
     */
    public CgroupsLookupResponseBuilder setGeneration(long generation) {
        writer.setGeneration(generation);
        return this;
    }

    /**
     * Installs the cumulative overflow costs of the request's items, as computed
     * by {@link #payloadExceededSuffixBytes(CgroupsLookupRequestView)}, or
     * {@code null} to drop them. The table is kept, not copied: leave it unchanged
     * until {@link #finish}; {@link #reset} drops it.
     */
    public CgroupsLookupResponseBuilder setPayloadExceededSuffixBytes(int[] suffixBytes) {
        writer.setSuffixBytes(suffixBytes);
        return this;
    }

    /**
     * Cumulative bytes the request's items {@code i..n-1} need as
     * PAYLOAD_EXCEEDED items (header, echoed path, two terminators, alignment).
     */
    public static int[] payloadExceededSuffixBytes(CgroupsLookupRequestView request) {
        BytesView path = new BytesView();
        return LookupResponseWriter.suffixBytes(request.itemCount(),
                i -> CgroupsLookupItemView.HEADER_SIZE + request.path(i, path).length() + 2L);
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

    /** Appends an item with no labels. */
    public CgroupsLookupResponseBuilder add(int status, int orchestrator, ByteSource path, ByteSource name) {
        return add(status, orchestrator, path, name, List.of());
    }

    /**
     * Appends one item, validating every supplied byte.
     *
     * @param status one of {@link CgroupLookupStatus}
     * @param orchestrator raw orchestrator value (0 unless status is KNOWN)
     * @throws CodecException BAD_LAYOUT for invalid fields, OVERFLOW as described above
     */
    public CgroupsLookupResponseBuilder add(int status, int orchestrator, ByteSource path, ByteSource name,
            List<LookupLabel> labels) {
        writer.checkAdding();
        if (path.length() == 0 || path.containsNul()) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups lookup path is empty or contains NUL");
        }
        addChecked(status, orchestrator, path, name, labels, true);
        return this;
    }

    /** Appends an owned item. */
    public CgroupsLookupResponseBuilder add(CgroupsLookupItem item) {
        return add(item.status(), item.orchestrator(), item.path(), item.name(), item.labels());
    }

    /**
     * Appends the answer for key {@code index} of a decoded request, echoing its
     * path straight from the request buffer (no intermediate copy).
     */
    public CgroupsLookupResponseBuilder addRequestItem(CgroupsLookupRequestView request, int index, int status,
            int orchestrator, ByteSource name, List<LookupLabel> labels) {
        writer.checkAdding();
        addChecked(status, orchestrator, request.path(index, requestPath), name, labels, true);
        return this;
    }

    private void addChecked(int status, int orchestrator, ByteSource path, ByteSource name,
            List<LookupLabel> labels, boolean allowOverflowStatus) {
        writer.checkAdding();
        Checks.checkU16(status, "status");
        Checks.checkU16(orchestrator, "orchestrator");
        if (writer.payloadExceededSuffix() && allowOverflowStatus) {
            addOverflowItem(CgroupLookupStatus.PAYLOAD_EXCEEDED, path);
            return;
        }
        if (writer.isFull()) {
            throw writer.overflow("cgroups lookup response is full");
        }
        if (labels.size() > LookupWire.MAX_LABELS) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "more than " + LookupWire.MAX_LABELS + " labels");
        }
        CgroupsLookupItemView.validateSemantics(status, orchestrator, path.length(), name.length(), labels.size());
        if (name.containsNul()) {
            throw Checks.fail(CodecError.BAD_LAYOUT, "cgroups lookup name contains NUL");
        }
        strings[PATH] = path;
        strings[NAME] = name;
        if (!writer.layout(CgroupsLookupItemView.HEADER_SIZE, strings, STRING_COUNT, labels)) {
            if (!allowOverflowStatus) {
                throw writer.overflow("cgroups lookup item does not fit");
            }
            noteItemOverflow(path);
            return;
        }
        if (allowOverflowStatus && !writer.suffixFits(writer.itemCount() + 1)) {
            noteItemOverflow(path);
            return;
        }
        write(status, orchestrator, labels);
    }

    private void noteItemOverflow(ByteSource path) {
        writer.markSpilled();
        if (writer.itemCount() == 0) {
            addOverflowItem(CgroupLookupStatus.OVERSIZED_ITEM, path);
        } else {
            writer.markPayloadExceededSuffix();
            addOverflowItem(CgroupLookupStatus.PAYLOAD_EXCEEDED, path);
        }
    }

    private void addOverflowItem(int status, ByteSource path) {
        addChecked(status, 0, path, ByteString.EMPTY, List.of(), false);
    }

    private void write(int status, int orchestrator, List<LookupLabel> labels) {
        ByteBuffer buffer = writer.buffer();
        int item = writer.beginItem();
        putU16(buffer, item + CgroupsLookupItemView.OFF_LAYOUT_VERSION, Wire.LAYOUT_VERSION);
        putU16(buffer, item + CgroupsLookupItemView.OFF_STATUS, status);
        putU16(buffer, item + CgroupsLookupItemView.OFF_ORCHESTRATOR, orchestrator);
        putU16(buffer, item + CgroupsLookupItemView.OFF_RESERVED0, 0);
        putU32(buffer, item + CgroupsLookupItemView.OFF_PATH_OFFSET, writer.stringOffset(PATH));
        putU32(buffer, item + CgroupsLookupItemView.OFF_PATH_LENGTH, strings[PATH].length());
        putU32(buffer, item + CgroupsLookupItemView.OFF_NAME_OFFSET, writer.stringOffset(NAME));
        putU32(buffer, item + CgroupsLookupItemView.OFF_NAME_LENGTH, strings[NAME].length());
        putU16(buffer, item + CgroupsLookupItemView.OFF_LABEL_COUNT, labels.size());
        putU16(buffer, item + CgroupsLookupItemView.OFF_RESERVED1, 0);
        writer.writeStrings(item, strings, STRING_COUNT);
        writer.writeLabels(item, labels);
        writer.commitItem();
        strings[PATH] = null;
        strings[NAME] = null;
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
