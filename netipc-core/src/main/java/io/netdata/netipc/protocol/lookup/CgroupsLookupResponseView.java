package io.netdata.netipc.protocol.lookup;

import io.netdata.netipc.protocol.CodecException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-copy view of a CGROUPS_LOOKUP response: a 16-byte header (item count and
 * generation), an ordered item directory and the packed items.
 *
 * <p>{@link #wrap} validates the header, the directory and every item with its
 * labels. Matching the response to its request (count, echoed paths,
 * generation across sub-calls) is the typed client's job.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid only while the wrapped
 * buffer is alive and unchanged (for a Level 2 client, until its next call).
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class CgroupsLookupResponseView {
    private final LookupDirectory directory = new LookupDirectory("cgroups lookup response");
    private final CgroupsLookupItemView scratch = new CgroupsLookupItemView();

    /**
     * Validates and wraps the response at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, BAD_ALIGNMENT, OUT_OF_BOUNDS or MISSING_NUL
     */
    public CgroupsLookupResponseView wrap(ByteBuffer buffer, int offset, int length) {
        directory.wrapResponse(buffer, offset, length, CgroupsLookupItemView.HEADER_SIZE);
        for (int i = 0; i < directory.itemCount(); i++) {
            scratch.wrap(buffer, directory.checkedEntryStart(i, -1), directory.checkedLength());
        }
        return this;
    }

    /** Decodes the response in {@code bytes}. */
    public static CgroupsLookupResponseView decode(byte[] bytes) {
        return new CgroupsLookupResponseView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    public int itemCount() {
        return directory.itemCount();
    }

    /** Advisory service generation (unsigned 64-bit, raw bits); any value is valid. */
    public long generation() {
        return directory.generation();
    }

    /** Re-validates item {@code index} and points {@code target} at it. */
    public CgroupsLookupItemView item(int index, CgroupsLookupItemView target) {
        int start = directory.checkedEntryStart(index, -1);
        return target.wrap(directory.buffer(), start, directory.checkedLength());
    }

    /** A new view of item {@code index}. */
    public CgroupsLookupItemView item(int index) {
        return item(index, new CgroupsLookupItemView());
    }

    /** Owned copy: generation and every item, in order. */
    public CgroupsLookupResponse toOwned() {
        List<CgroupsLookupItem> items = new ArrayList<>(itemCount());
        CgroupsLookupItemView view = new CgroupsLookupItemView();
        for (int i = 0; i < itemCount(); i++) {
            items.add(item(i, view).toOwned());
        }
        return new CgroupsLookupResponse(generation(), items);
    }
}
