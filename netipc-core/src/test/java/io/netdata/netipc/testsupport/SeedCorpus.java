package io.netdata.netipc.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Committed seed corpora of Jazzer {@code @FuzzTest} classes whose seeds a
 * generator builds: writes them into {@code src/test/resources} and checks
 * that what is committed is exactly what the generator builds today.
 *
 * <p>Seeds are keyed {@code <TestClass>Inputs/<method>/<file>}, relative to the
 * resource directory of the test class's package, the layout Jazzer's
 * regression mode reads. Every file in such a directory is generated: a
 * reproducer worth keeping becomes a named seed of its generator.
 */
public final class SeedCorpus {
    private static final String INPUTS_SUFFIX = "Inputs";

    private SeedCorpus() {
    }

    /** {@code netipc-core/src/test/resources/<package of anchor>}, from the repository root or the module. */
    public static Path resourceRoot(Class<?> anchor) {
        Path module = Files.isDirectory(Path.of("netipc-core", "src")) ? Path.of("netipc-core") : Path.of("");
        return module.resolve("src").resolve("test").resolve("resources")
                .resolve(anchor.getPackageName().replace('.', '/'));
    }

    /** The key of seed {@code file} of {@code fuzzTest#method}. */
    public static String key(Class<?> fuzzTest, String method, String file) {
        return fuzzTest.getSimpleName() + INPUTS_SUFFIX + "/" + method + "/" + file;
    }

    /**
     * Replaces the corpus of {@code fuzzTest} under {@code root} with {@code seeds}: every
     * method directory is emptied first, so seeds the generator no longer builds disappear.
     */
    public static void write(Path root, Class<?> fuzzTest, SortedMap<String, byte[]> seeds) throws IOException {
        Path inputs = root.resolve(fuzzTest.getSimpleName() + INPUTS_SUFFIX);
        if (Files.isDirectory(inputs)) {
            try (Stream<Path> stale = Files.walk(inputs)) {
                for (Path file : stale.filter(Files::isRegularFile).toList()) {
                    Files.delete(file);
                }
            }
        }
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Path file = root.resolve(seed.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, seed.getValue());
        }
        System.out.printf("wrote %d seeds of %s under %s%n", seeds.size(), fuzzTest.getSimpleName(),
                root.toAbsolutePath().normalize());
    }

    /**
     * Asserts that the corpus of {@code fuzzTest} on the test class path holds
     * exactly {@code seeds}, byte for byte.
     */
    public static void assertCommitted(Class<?> fuzzTest, SortedMap<String, byte[]> seeds) throws IOException {
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            try (InputStream committed = fuzzTest.getResourceAsStream(seed.getKey())) {
                assertThat(committed).as("seed %s is committed; regenerate the corpus", seed.getKey()).isNotNull();
                assertThat(committed.readAllBytes()).as("seed %s is up to date; regenerate the corpus",
                        seed.getKey()).isEqualTo(seed.getValue());
            }
        }
        Path inputs = committedInputs(fuzzTest);
        TreeSet<String> committed = new TreeSet<>();
        try (Stream<Path> files = Files.walk(inputs)) {
            files.filter(Files::isRegularFile).forEach(file -> committed.add(
                    inputs.getParent().relativize(file).toString().replace('\\', '/')));
        }
        assertThat(committed).as("committed seeds of %s; regenerate the corpus", fuzzTest.getSimpleName())
                .containsExactlyElementsOf(new TreeSet<>(seeds.keySet()));
    }

    private static Path committedInputs(Class<?> fuzzTest) {
        URL url = fuzzTest.getResource(fuzzTest.getSimpleName() + INPUTS_SUFFIX);
        assertThat(url).as("seed directory of %s", fuzzTest.getSimpleName()).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
