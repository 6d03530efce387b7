package io.netdata.netipc.it;

import io.netdata.netipc.protocol.lookup.LookupLabel;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Checks of the labels of a lookup response item, shared by the cgroups and
 * apps lookup fixtures.
 *
 * <p>Thread-safety: stateless.
 */
final class LabelChecks {
    private LabelChecks() {
    }

    /**
     * Checks the label count and, label by label, that each decodes to the
     * expected key and value.
     *
     * @param labelAt reads label {@code index} of the item under test
     */
    static void verify(CheckTally checks, String what, int labelCount, IntFunction<LookupLabelView> labelAt,
            List<LookupLabel> expected) {
        checks.check(labelCount == expected.size(), what + " label count");
        for (int i = 0; i < Math.min(labelCount, expected.size()); i++) {
            String labelWhat = what + " label " + i;
            LookupLabel want = expected.get(i);
            int index = i;
            checks.decode(labelWhat, () -> labelAt.apply(index)).ifPresent(label -> {
                checks.check(label.key().contentEquals(want.key()), labelWhat + " key");
                checks.check(label.value().contentEquals(want.value()), labelWhat + " value");
            });
        }
    }
}
