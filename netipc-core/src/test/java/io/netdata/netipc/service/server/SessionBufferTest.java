package io.netdata.netipc.service.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdata.netipc.protocol.TransportStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** A session's answer buffer: lazy, doubling, capped by the ceiling; no heap is a server failure. */
class SessionBufferTest {
    private final List<Integer> allocations = new ArrayList<>();
    private final IntFunction<ByteBuffer> counting = size -> {
        allocations.add(size);
        return ByteBuffer.allocate(size);
    };

    @Test
    void nothingIsAllocatedBeforeTheFirstAnswer() throws DispatchFailure {
        SessionBuffer buffer = new SessionBuffer(16 << 20, counting, "response buffer");

        assertThat(allocations).isEmpty();
        assertThat(buffer.allocated()).isSameAs(SessionBuffer.EMPTY);
        assertThat(buffer.capacity()).isEqualTo(SessionBuffer.INITIAL_BYTES);
        assertThat(buffer.buffer().capacity()).isEqualTo(SessionBuffer.INITIAL_BYTES);
        assertThat(buffer.buffer()).as("allocated once").isSameAs(buffer.allocated());
        assertThat(allocations).containsExactly(SessionBuffer.INITIAL_BYTES);
    }

    @Test
    void growsByDoublingUpToTheCeilingAndNoFurther() throws DispatchFailure {
        int ceiling = SessionBuffer.INITIAL_BYTES * 3;
        SessionBuffer buffer = new SessionBuffer(ceiling, counting, "response buffer");
        buffer.buffer();

        assertThat(buffer.grow()).isTrue();
        assertThat(buffer.capacity()).isEqualTo(SessionBuffer.INITIAL_BYTES * 2);
        assertThat(buffer.grow()).isTrue();
        assertThat(buffer.capacity()).as("capped, not doubled past the ceiling").isEqualTo(ceiling);
        assertThat(buffer.buffer().capacity()).isEqualTo(ceiling);
        assertThat(buffer.grow()).isFalse();
        assertThat(allocations).containsExactly(SessionBuffer.INITIAL_BYTES, SessionBuffer.INITIAL_BYTES * 2,
                ceiling);
    }

    @Test
    void aCeilingBelowTheInitialSizeIsTheWholeBuffer() throws DispatchFailure {
        SessionBuffer buffer = new SessionBuffer(100, counting, "response buffer");

        assertThat(buffer.capacity()).isEqualTo(100);
        assertThat(buffer.grow()).isFalse();
        assertThat(allocations).isEmpty();
    }

    @Test
    void noHeapIsAnInternalErrorAndKeepsTheBufferItHad() throws DispatchFailure {
        SessionBuffer buffer = new SessionBuffer(1 << 20, size -> {
            if (size > SessionBuffer.INITIAL_BYTES) {
                throw new OutOfMemoryError("test heap");
            }
            return ByteBuffer.allocate(size);
        }, "response buffer");
        ByteBuffer first = buffer.buffer();

        assertThatThrownBy(buffer::grow).isInstanceOfSatisfying(DispatchFailure.class, failure -> {
            assertThat(failure.status()).isEqualTo(TransportStatus.INTERNAL_ERROR);
            assertThat(failure).hasMessageContaining("response buffer").hasCauseInstanceOf(OutOfMemoryError.class);
        });
        assertThat(buffer.allocated()).isSameAs(first);
        assertThat(buffer.capacity()).isEqualTo(SessionBuffer.INITIAL_BYTES);
    }

    @Test
    void noHeapForTheFirstBufferIsAnInternalError() {
        SessionBuffer buffer = new SessionBuffer(1024, size -> {
            throw new OutOfMemoryError("test heap");
        }, "batch item buffer");

        assertThatThrownBy(buffer::buffer).isInstanceOfSatisfying(DispatchFailure.class,
                failure -> assertThat(failure.status()).isEqualTo(TransportStatus.INTERNAL_ERROR));
        assertThat(buffer.allocated()).isSameAs(SessionBuffer.EMPTY);
    }
}
