package io.netdata.netipc.service.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assertions shared by the Level 2 client and server tests. */
public final class ServiceAssertions {
    private ServiceAssertions() {
    }

    /** A call that may throw anything. */
    @FunctionalInterface
    public interface ThrowingCall {
        void run() throws Exception;
    }

    /** The call fails with a {@link ServiceException} of {@code error}. */
    public static void assertFails(ThrowingCall call, ServiceError error) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.error()).as(e.getMessage()).isEqualTo(error));
    }
}
