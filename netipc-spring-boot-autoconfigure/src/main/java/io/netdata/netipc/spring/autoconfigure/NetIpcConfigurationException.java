package io.netdata.netipc.spring.autoconfigure;

import java.util.Objects;

/**
 * A netipc configuration that cannot work: a missing or unusable run
 * directory, an invalid service name, a malformed auth token, conflicting
 * handlers. Thrown at start-up; {@link NetIpcFailureAnalyzer} turns it into
 * Spring Boot's failure report. Messages never contain the auth token.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public class NetIpcConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String action;

    /**
     * @param subject the property or bean at fault, such as {@code netipc.run-dir}
     * @param problem what is wrong with it
     * @param action what the user should do
     */
    public NetIpcConfigurationException(String subject, String problem, String action) {
        this(subject, problem, action, null);
    }

    public NetIpcConfigurationException(String subject, String problem, String action, Throwable cause) {
        super(Objects.requireNonNull(subject, "subject") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.subject = subject;
        this.action = Objects.requireNonNull(action, "action");
    }

    /** The property or bean at fault. */
    public String subject() {
        return subject;
    }

    /** What the user should do about it. */
    public String action() {
        return action;
    }
}
