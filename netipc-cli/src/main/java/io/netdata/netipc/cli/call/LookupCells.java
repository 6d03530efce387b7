package io.netdata.netipc.cli.call;

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
            text.append(label.key().asString()).append('=').append(label.value().asString());
        }
        return text.toString();
    }

    /** {@code text}, or {@code -} when it is empty. */
    static String orNone(String text) {
        return text.isEmpty() ? NONE : text;
    }
}
