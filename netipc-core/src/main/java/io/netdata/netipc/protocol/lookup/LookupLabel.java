package io.netdata.netipc.protocol.lookup;

import io.netdata.netipc.protocol.ByteString;
import java.util.Objects;

/**
 * Owned label of a lookup response item. Keys must be non-empty and neither key
 * nor value may contain NUL; builders enforce it.
 *
 * <p>Thread-safety: immutable.
 */
public record LookupLabel(ByteString key, ByteString value) {

    public LookupLabel {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A label from UTF-8 text. */
    public static LookupLabel of(String key, String value) {
        return new LookupLabel(ByteString.utf8(key), ByteString.utf8(value));
    }
}
