package io.netdata.netipc.sample;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Removes the temporary run directory when the application fails to start:
 * no bean is destroyed then. Registered in {@code META-INF/spring.factories}
 * so that it hears a failure at any stage of start-up.
 *
 * <p>Thread-safety: stateless.
 */
public class FailedStartCleaner implements ApplicationListener<ApplicationFailedEvent> {
    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
        TemporaryRunDirectory.remove();
    }
}
