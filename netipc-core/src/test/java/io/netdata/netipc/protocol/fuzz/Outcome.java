package io.netdata.netipc.protocol.fuzz;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The observable result of one decode: the owned value the walk produced, or
 * the {@link CodecError} class of the {@link CodecException} it threw. Two
 * decodes of the same bytes must produce equal outcomes whatever buffer holds
 * them. Only {@link CodecException} is turned into an outcome; every other
 * throwable propagates to Jazzer as a finding.
 */
record Outcome(Object value, CodecError error) {

    static Outcome of(Supplier<?> decode) {
        try {
            return new Outcome(Objects.requireNonNull(decode.get(), "walk result"), null);
        } catch (CodecException e) {
            Oracle.check(e.error() != null, "CodecException without an error class");
            return new Outcome(null, e.error());
        }
    }

    boolean ok() {
        return error == null;
    }

    @Override
    public String toString() {
        return ok() ? "ok(" + value + ")" : "rejected(" + error + ")";
    }
}
