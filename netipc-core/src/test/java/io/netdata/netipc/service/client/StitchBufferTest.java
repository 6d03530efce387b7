package io.netdata.netipc.service.client;

import static io.netdata.netipc.service.client.ServiceAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stitched answer's buffer grows to its ceiling and stops there with LIMIT, whatever the ceiling. */
class StitchBufferTest {
    /** The largest {@code maxLookupResponseBytes} the configuration takes (unsigned 32-bit). */
    private static final long LARGEST_CEILING = 0xFFFF_FFFFL;
    /** Doubling from 64 KiB reaches any int size in far fewer tries: more means it never stops. */
    private static final int MOST_TRIES = 64;

    @Test
    void aCeilingAboveTheLargestBufferEndsInLimitAtThatBuffer() {
        List<Integer> sizesAsked = new ArrayList<>();
        // Records each size asked for instead of allocating gigabytes.
        StitchBuffer buffer = new StitchBuffer(size -> {
            sizesAsked.add(size);
            return ByteBuffer.allocate(0);
        });

        assertFails(() -> buffer.encode(LARGEST_CEILING, (target, capacity) -> {
            assertThat(sizesAsked).as("the growth never stops").hasSizeLessThan(MOST_TRIES);
            throw new CodecException(CodecError.OVERFLOW, "never fits");
        }), ServiceError.LIMIT);

        assertThat(sizesAsked).isSorted().doesNotHaveDuplicates();
        assertThat(sizesAsked.get(sizesAsked.size() - 1)).isEqualTo(StitchBuffer.MAX_BUFFER_BYTES);
    }

    @Test
    void anAnswerThatFitsIsEncodedAtTheFirstSizeThatHoldsIt() throws Exception {
        StitchBuffer buffer = new StitchBuffer();
        int answerBytes = 200_000;

        int length = buffer.encode(LARGEST_CEILING, (target, capacity) -> {
            if (capacity < answerBytes) {
                throw new CodecException(CodecError.OVERFLOW, "too small");
            }
            return answerBytes;
        });

        assertThat(length).isEqualTo(answerBytes);
        assertThat(buffer.buffer().capacity()).isEqualTo(256 * 1024);
    }
}
