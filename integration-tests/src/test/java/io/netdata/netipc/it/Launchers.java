package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the project's launcher scripts ({@code ./netipc},
 * {@code integration-tests/bin/interop_codec}, {@code integration-tests/bin/interop_uds},
 * {@code integration-tests/bin/interop_shm},
 * {@code integration-tests/interop/run-matrix.sh}) as child processes, with
 * standard input and output in files so that large outputs cannot block.
 * Tests using them are failsafe ITs, which run after {@code package} built the
 * jars; without the jars they are skipped.
 */
final class Launchers {
    private static final String JAVA_HOME = "JAVA_HOME";
    private static final String JAVA_HOME_PROPERTY = "java.home";
    /** Guards against a hung child only; generous, because build machines can be slow. */
    private static final long TIMEOUT_MINUTES = 10;

    private static final String ROOT_MARKER = "mvnw";
    private static final Path NETIPC = Path.of("netipc");
    private static final Path NETIPC_JAR = Path.of("netipc-cli", "target", "netipc.jar");
    private static final Path INTEROP_CODEC = Path.of("integration-tests", "bin", "interop_codec");
    private static final Path INTEROP_UDS = Path.of("integration-tests", "bin", "interop_uds");
    private static final Path INTEROP_SHM = Path.of("integration-tests", "bin", "interop_shm");
    private static final Path INTEROP_SERVICE = Path.of("integration-tests", "bin", "interop_service");
    private static final Path INTEROP_CACHE = Path.of("integration-tests", "bin", "interop_cache");
    private static final Path RUN_MATRIX = Path.of("integration-tests", "interop", "run-matrix.sh");
    private static final Path INTEROP_JAR = Path.of("integration-tests", "target", "netipc-interop.jar");

    private Launchers() {
    }

    /** What a child process printed and returned. */
    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** {@code ./netipc}, once its jar is built. */
    static Path netipc() {
        return launcher(NETIPC, NETIPC_JAR);
    }

    /** {@code integration-tests/bin/interop_codec}, once its jar is built. */
    static Path interopCodec() {
        return launcher(INTEROP_CODEC, INTEROP_JAR);
    }

    /** {@code integration-tests/bin/interop_service}, once its jar is built. */
    static Path interopService() {
        return launcher(INTEROP_SERVICE, INTEROP_JAR);
    }

    /** {@code integration-tests/bin/interop_cache}, once its jar is built. */
    static Path interopCache() {
        return launcher(INTEROP_CACHE, INTEROP_JAR);
    }

    /** {@code integration-tests/bin/interop_uds}, once its jar is built. */
    static Path interopUds() {
        return launcher(INTEROP_UDS, INTEROP_JAR);
    }

    /** {@code integration-tests/bin/interop_shm}, once its jar is built. */
    static Path interopShm() {
        return launcher(INTEROP_SHM, INTEROP_JAR);
    }

    /** {@code integration-tests/interop/run-matrix.sh}, once the Java fixture's jar is built. */
    static Path runMatrix() {
        return launcher(RUN_MATRIX, INTEROP_JAR);
    }

    /** Runs {@code program args...} with {@code stdin} (a file, or null for no input). */
    static Result run(Path work, Path program, Path stdin, String... args) throws IOException, InterruptedException {
        return run(work, program, stdin, environment -> {
        }, args);
    }

    /**
     * Runs {@code program args...} with {@code stdin} (a file, or null for no
     * input), in this process's environment as changed by {@code environment}.
     */
    static Result run(Path work, Path program, Path stdin, Consumer<Map<String, String>> environment,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "stdout", ".txt");
        Path err = Files.createTempFile(work, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        // The launchers run "$JAVA_HOME/bin/java": test the JDK this build runs on.
        builder.environment().put(JAVA_HOME, System.getProperty(JAVA_HOME_PROPERTY));
        environment.accept(builder.environment());
        Process process = builder.start();
        if (stdin == null) {
            process.getOutputStream().close();
        }
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path launcher(Path script, Path jar) {
        Path root = projectRoot();
        // A missing jar must fail, not skip: these tests are the only proof that the packaged programs work.
        assertThat(root.resolve(jar)).as("%s is not built; run the integration tests after 'package'", jar)
                .isRegularFile();
        Path launcher = root.resolve(script);
        assertThat(launcher).isExecutable();
        return launcher;
    }

    /** The checkout's root: the nearest ancestor of the working directory holding the Maven wrapper. */
    static Path projectRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ROOT_MARKER)) && Files.isRegularFile(dir.resolve(NETIPC))) {
                return dir;
            }
        }
        throw new AssertionError("cannot find the project root (with " + ROOT_MARKER + " and " + NETIPC + ") from "
                + start);
    }
}
