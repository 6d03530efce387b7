package io.netdata.netipc.cli.call;

import io.netdata.netipc.cli.table.EscapedBytes;
import io.netdata.netipc.protocol.ByteSource;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import io.netdata.netipc.protocol.lookup.Orchestrator;
import java.util.function.IntFunction;

/**
 * Table cells both lookups share. Thread-safety: stateless.
 */
final class LookupCells {
    private static final String NONE = "-";

    private LookupCells() {
    }

    static String orchestrator(int value) {
        return Orchestrator.name(value).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code key=value,key=value}, or {@code -} when there are none. */
    static String labels(int count, IntFunction<LookupLabelView> labelAt) {
        if (count == 0) {
            return NONE;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            LookupLabelView label = labelAt.apply(i);
            if (i > 0) {
                text.append(',');
            }
            text.append(EscapedBytes.of(label.key())).append('=').append(EscapedBytes.of(label.value()));
        }
        return text.toString();
    }

    /** {@code bytes} as {@link EscapedBytes} shows them, or {@code -} when there are none. */
    static String orNone(ByteSource bytes) {
        return bytes.length() == 0 ? NONE : EscapedBytes.of(bytes);
    }
}
