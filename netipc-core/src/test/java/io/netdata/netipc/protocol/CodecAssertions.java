package io.netdata.netipc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the codec's single exception type. */
public final class CodecAssertions {
    private CodecAssertions() {
    }

    /** Asserts that {@code call} throws a {@link CodecException} of exactly class {@code expected}. */
    public static void assertRejects(CodecError expected, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CodecException.class,
                thrown -> assertThat(thrown.error()).as("error class of \"%s\"", thrown.getMessage())
                        .isEqualTo(expected));
    }

    /**
     * Asserts that {@code call} throws a {@link CodecException} of class
     * {@code expected} for the rule named by {@code reason}. Several rules share an
     * error class (most are BAD_LAYOUT), so a corruption that a later rule would
     * also catch needs the reason to prove which rule fired.
     */
    public static void assertRejects(CodecError expected, String reason, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CodecException.class, thrown -> {
            assertThat(thrown.error()).as("error class of \"%s\"", thrown.getMessage()).isEqualTo(expected);
            assertThat(thrown.getMessage()).as("the rule that rejected it").contains(reason);
        });
    }
}
