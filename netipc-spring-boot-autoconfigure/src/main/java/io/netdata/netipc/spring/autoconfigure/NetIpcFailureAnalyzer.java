package io.netdata.netipc.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link NetIpcConfigurationException} that stopped the application
 * as a short description and an action, instead of a stack trace.
 *
 * <p>Thread-safety: stateless.
 */
public class NetIpcFailureAnalyzer extends AbstractFailureAnalyzer<NetIpcConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NetIpcConfigurationException cause) {
        return new FailureAnalysis("Invalid netipc configuration: " + cause.getMessage(), cause.action(), cause);
    }
}
