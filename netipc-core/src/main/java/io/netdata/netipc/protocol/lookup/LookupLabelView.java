package io.netdata.netipc.protocol.lookup;

import io.netdata.netipc.protocol.BytesView;

/**
 * Zero-copy view of one label (key and value) of a lookup response item.
 *
 * <p><b>Lifetime:</b> borrowed and ephemeral: valid while the response buffer
 * is alive and unchanged and until this view is filled again.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class LookupLabelView {
    private final BytesView key = new BytesView();
    private final BytesView value = new BytesView();

    /** The key bytes (never empty), without the terminator. */
    public BytesView key() {
        return key;
    }

    /** The value bytes (may be empty), without the terminator. */
    public BytesView value() {
        return value;
    }

    /** Owned copy. */
    public LookupLabel toOwned() {
        return new LookupLabel(key.toByteString(), value.toByteString());
    }
}
