package io.netdata.netipc.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.ByteString;

/** Field-by-field comparisons of decoded values, with the field named in every failure. */
final class FieldAssert {
    private FieldAssert() {
    }

    /** An integer field of up to 32 bits. */
    static void field(String name, long actual, long expected) {
        assertThat(actual).as(name).isEqualTo(expected);
    }

    /** An unsigned 64-bit field, shown in decimal like the manifest. */
    static void u64(String name, long actual, long expected) {
        assertThat(Long.toUnsignedString(actual)).as(name).isEqualTo(Long.toUnsignedString(expected));
    }

    /** A byte string, shown in hex like the manifest. */
    static void bytes(String name, ByteSource actual, ByteString expected) {
        assertThat(ByteString.copyOf(actual).toHex()).as(name).isEqualTo(expected.toHex());
    }

    /** The name of element {@code index} of {@code array}. */
    static String at(String array, int index) {
        return array + "[" + index + "]";
    }
}
