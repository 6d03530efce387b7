package io.netdata.netipc.protocol.lookup;

import io.netdata.netipc.protocol.CodecException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-copy view of a APPS_LOOKUP response: a 16-byte header (item count and
 * generation), an ordered item directory and the packed items.
 *
 * <p>{@link #wrap} validates the header, the directory and every item with its
 * labels. Matching the response to its request (count, echoed PIDs,
 * generation across sub-calls) is the typed client's job.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid only while the wrapped
 * buffer is alive and unchanged (for a Level 2 client, until its next call).
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class AppsLookupResponseView {
    private final LookupDirectory directory = new LookupDirectory("apps lookup response");
    private final AppsLookupItemView scratch = new AppsLookupItemView();

    /**
     * Validates and wraps the response at {@code [offset, offset + length)}.
     *
     * @throws CodecException TRUNCATED, BAD_LAYOUT, BAD_ALIGNMENT, OUT_OF_BOUNDS or MISSING_NUL
     */
    public AppsLookupResponseView wrap(ByteBuffer buffer, int offset, int length) {
        directory.wrapResponse(buffer, offset, length, AppsLookupItemView.HEADER_SIZE);
        for (int i = 0; i < directory.itemCount(); i++) {
            scratch.wrap(buffer, directory.checkedEntryStart(i, -1), directory.checkedLength());
        }
        return this;
    }

    /** Decodes the response in {@code bytes}. */
    public static AppsLookupResponseView decode(byte[] bytes) {
        return new AppsLookupResponseView().wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    public int itemCount() {
        return directory.itemCount();
    }

    /** Advisory service generation (unsigned 64-bit, raw bits); any value is valid. */
    public long generation() {
        return directory.generation();
    }

    /** Re-validates item {@code index} and points {@code target} at it. */
    public AppsLookupItemView item(int index, AppsLookupItemView target) {
        int start = directory.checkedEntryStart(index, -1);
        return target.wrap(directory.buffer(), start, directory.checkedLength());
    }

    /** A new view of item {@code index}. */
    public AppsLookupItemView item(int index) {
        return item(index, new AppsLookupItemView());
    }

    /** Owned copy: generation and every item, in order. */
    public AppsLookupResponse toOwned() {
        List<AppsLookupItem> items = new ArrayList<>(itemCount());
        AppsLookupItemView view = new AppsLookupItemView();
        for (int i = 0; i < itemCount(); i++) {
            items.add(item(i, view).toOwned());
        }
        return new AppsLookupResponse(generation(), items);
    }
}
