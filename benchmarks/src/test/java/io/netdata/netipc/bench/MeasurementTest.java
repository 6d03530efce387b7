package io.netdata.netipc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The reference's CSV line, whatever the default locale. */
class MeasurementTest {
    private static final String CSV = "^[^,]+,java,[^,]+,\\d+,\\d+,\\d+,\\d+,\\d+\\.\\d,0\\.0,\\d+\\.\\d$";

    @Test
    void theLineHasTheReferencesColumnsAndFormats() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Measurement.csvLine("uds-ping-pong", "java", "c", 123456.5001, 7, 12, 40, 98.25))
                    .isEqualTo("uds-ping-pong,java,c,123457,7,12,40,98.3,0.0,98.3");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aMeasuredWindowGivesThroughputAndPercentilesInMicroseconds() {
        FakeClock clock = new FakeClock();
        Measurement measurement = new Measurement(clock);
        measurement.start();
        for (int i = 1; i <= 100; i++) {
            measurement.record(i * 1000L, 2);
        }
        clock.advance(2_000_000_000L);
        measurement.stop();
        String line = measurement.csv("snapshot-baseline", "java");
        assertThat(line).matches(CSV).startsWith("snapshot-baseline,java,java,100,50,95,99,");
    }

    @Test
    void anEmptyWindowPrintsZeroNotNaN() {
        Measurement measurement = new Measurement(new FakeClock());
        measurement.start();
        measurement.stop();
        assertThat(measurement.csv("shm-ping-pong", "java")).matches(CSV)
                .startsWith("shm-ping-pong,java,java,0,0,0,0,");
    }
}
