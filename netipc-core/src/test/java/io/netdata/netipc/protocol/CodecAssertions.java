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
}
