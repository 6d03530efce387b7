package io.netdata.netipc.spring.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Records what Spring Boot reports when an application fails to start, beside its own logging
 * reporter: registered in the tests' {@code META-INF/spring.factories}, so that a test sees the
 * analysis that the analyzers registered the same way produced.
 */
public class RecordingFailureAnalysisReporter implements FailureAnalysisReporter {
    static final List<FailureAnalysis> REPORTED = new CopyOnWriteArrayList<>();

    @Override
    public void report(FailureAnalysis analysis) {
        REPORTED.add(analysis);
    }
}
