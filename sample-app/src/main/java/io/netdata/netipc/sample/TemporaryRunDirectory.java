package io.netdata.netipc.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Zero configuration: when {@code netipc.run-dir} is not set, the sample
 * works in a new temporary directory (named by {@link #PROPERTY}), which
 * {@link RunDirectoryCleaner} removes once the servers have stopped.
 *
 * <p>Thread-safety: used once, by Spring Boot, before the context starts.
 */
public class TemporaryRunDirectory implements EnvironmentPostProcessor {
    /** The property naming the directory this class created, if it did. */
    public static final String PROPERTY = "sample.temporary-run-dir";
    private static final String RUN_DIR = "netipc.run-dir";
    private static final String PREFIX = "netipc-sample-";
    private static final String SOURCE = "netipcSampleRunDirectory";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(RUN_DIR)) {
            return;
        }
        Path directory;
        try {
            directory = Files.createTempDirectory(PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary netipc run directory", e);
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE,
                Map.of(RUN_DIR, directory.toString(), PROPERTY, directory.toString())));
        // A context that fails to start destroys no beans: remove the directory here instead.
        application.addListeners((ApplicationListener<ApplicationFailedEvent>) event ->
                RunDirectoryCleaner.delete(directory));
    }
}
