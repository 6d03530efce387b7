package io.netdata.netipc.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Zero configuration: when {@code netipc.run-dir} is not set, the sample
 * works in a new temporary directory, removed when the application stops
 * ({@link RunDirectoryCleaner}) or fails to start
 * ({@link FailedStartCleaner}).
 *
 * <p>The directory is remembered here rather than in a property, which any
 * later property source could override and so point the removal elsewhere.
 *
 * <p>Thread-safety: the directory is published atomically; one sample
 * application per JVM.
 */
public class TemporaryRunDirectory implements EnvironmentPostProcessor {
    private static final String RUN_DIR = "netipc.run-dir";
    private static final String PREFIX = "netipc-sample-";
    private static final String SOURCE = "netipcSampleRunDirectory";
    private static final AtomicReference<Path> CREATED = new AtomicReference<>();
    private static final Logger LOG = Logger.getLogger(TemporaryRunDirectory.class.getName());

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
        CREATED.set(directory);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(RUN_DIR, directory.toString())));
    }

    /** Removes the directory this class created, if it did and it is still there; never throws. */
    static void remove() {
        Path directory = CREATED.getAndSet(null);
        if (directory == null) {
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove the temporary run directory " + directory, e);
        }
    }
}
