package io.netdata.netipc.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * After every test of this module (registered for all of them through the
 * JUnit extension auto-detection, see {@code junit-platform.properties}): no
 * SHM region is still mapped in this JVM, and no region file is left in any of
 * the test's {@code @TempDir} directories. A test that plants region files
 * removes them itself; JUnit deleting the directory later would hide a leak.
 *
 * <p>Tests run one at a time in this module, so a mapping found here was left
 * by the test that just ended (or by one before it that this check let pass,
 * which it does not).
 *
 * <p>Thread-safety: stateless.
 */
public final class ShmHygiene implements AfterEachCallback {
    /** The suffix of every region file (kept literal: the check must not depend on the code it checks). */
    private static final String REGION_SUFFIX = ".ipcshm";
    private static final Path MAPS = Path.of("/proc/self/maps");

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!Files.isReadable(MAPS)) {
            return;
        }
        assertThat(Files.readAllLines(MAPS)).as("SHM mappings left by %s", context.getDisplayName())
                .noneMatch(line -> line.contains(REGION_SUFFIX));
        Object instance = context.getTestInstance().orElse(null);
        if (instance == null) {
            return;
        }
        for (Path dir : tempDirs(instance)) {
            assertThat(regionFiles(dir)).as("region files left by %s in %s", context.getDisplayName(), dir)
                    .isEmpty();
        }
    }

    private static List<Path> tempDirs(Object instance) {
        List<Path> dirs = new ArrayList<>();
        for (Class<?> type = instance.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(TempDir.class) && field.getType() == Path.class) {
                    Path dir = read(field, instance);
                    if (dir != null && Files.isDirectory(dir)) {
                        dirs.add(dir);
                    }
                }
            }
        }
        return dirs;
    }

    private static Path read(Field field, Object instance) {
        try {
            field.setAccessible(true);
            return (Path) field.get(instance);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read @TempDir field " + field, e);
        }
    }

    private static List<Path> regionFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(REGION_SUFFIX)).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
