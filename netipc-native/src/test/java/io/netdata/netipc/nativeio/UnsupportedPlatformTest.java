package io.netdata.netipc.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a platform the native layer does not support, every first touch fails with
 * {@link UnsupportedPlatformException}, never with an {@link UnsatisfiedLinkError} or another
 * linkage error from deep inside JNR: the first {@code Native.libc()}, the second one (which
 * meets a holder class that failed to initialise), and a {@link ReadinessWait}, which binds libc
 * as it is built. Shown in a child JVM told it runs on {@value #FOREIGN_ARCH} through
 * {@code os.arch}, the property the platform check reads.
 */
class UnsupportedPlatformTest {
    private static final String FOREIGN_ARCH = "riscv64";
    /** How long the child gets to start and report; generous for a loaded machine. */
    private static final long CHILD_SECONDS = 60;

    @TempDir
    static Path workDir;

    private static Map<String, String> report;

    @BeforeAll
    static void runChild() throws Exception {
        Path stdout = workDir.resolve("child.stdout");
        Process child = new ProcessBuilder(command()).redirectOutput(stdout.toFile())
                .redirectErrorStream(true).start();
        try {
            assertThat(child.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)).as("the child finished").isTrue();
            report = parse(Files.readAllLines(stdout, StandardCharsets.UTF_8));
        } finally {
            child.destroyForcibly();
            child.waitFor(CHILD_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static List<String> command() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx32m", "-Dos.arch=" + FOREIGN_ARCH));
        // Carry over the native-access flags newer JDKs want for JNR; never agents such as JaCoCo's.
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--enable-native-access") || argument.startsWith("--sun-misc-unsafe")) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                UnsupportedPlatformChild.class.getName()));
        return command;
    }

    /** The child's {@code key value} lines up to {@link UnsupportedPlatformChild#DONE}. */
    private static Map<String, String> parse(List<String> lines) {
        assertThat(lines).as("the child's output").contains(UnsupportedPlatformChild.DONE);
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String line : lines.subList(0, lines.indexOf(UnsupportedPlatformChild.DONE))) {
            int space = line.indexOf(' ');
            parsed.put(line.substring(0, space), line.substring(space + 1));
        }
        return parsed;
    }

    @Test
    void theFirstUseOfLibcIsUnsupportedPlatform() {
        assertThat(report).containsEntry(UnsupportedPlatformChild.FIRST_LIBC,
                UnsupportedPlatformException.class.getName());
    }

    @Test
    void theSecondUseOfLibcIsUnsupportedPlatformToo() {
        assertThat(report).containsEntry(UnsupportedPlatformChild.SECOND_LIBC,
                UnsupportedPlatformException.class.getName());
    }

    @Test
    void buildingAReadinessWaitIsUnsupportedPlatform() {
        assertThat(report).containsEntry(UnsupportedPlatformChild.READINESS_WAIT,
                UnsupportedPlatformException.class.getName());
    }

    @Test
    void theFailureNamesThePlatform() {
        assertThat(report.get(UnsupportedPlatformChild.MESSAGE)).contains(FOREIGN_ARCH);
    }
}
