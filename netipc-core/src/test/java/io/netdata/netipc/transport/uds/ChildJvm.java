package io.netdata.netipc.transport.uds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM running a main class of the test class path, for what one process cannot show of
 * itself: a peer killed outright, a small heap, a low descriptor limit. The child reports on
 * standard output, one line per fact; its standard error goes to a file that failures quote.
 * {@link #close()} kills it and releases its pipes, whatever state it is in.
 */
public final class ChildJvm implements AutoCloseable {
    /** The line a child's report ends with. */
    static final String DONE = "done";
    /** Time the child gets to start and report each line; generous for a loaded machine. */
    public static final Duration STARTUP = Duration.ofSeconds(60);
    /** Options of every child: a small heap and a quick start. */
    private static final List<String> BASE_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final Path stderr;
    private final BufferedReader out;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code main} with {@code args}; its standard error goes to {@code stderr}. */
    static ChildJvm start(Path stderr, Class<?> main, String... args) throws IOException {
        return launch(javaCommand(main, args), stderr);
    }

    /**
     * Starts {@code main} under a shell that first lowers the open-descriptor limit to
     * {@code limit}, so the child can run out of descriptors without touching this process.
     */
    static ChildJvm startWithDescriptorLimit(int limit, Path stderr, Class<?> main, String... args)
            throws IOException {
        return startWithLimit("-n", limit, stderr, main, args);
    }

    /**
     * Starts {@code main} under a shell that first sets the resource limit {@code ulimitOption}
     * (such as {@code -n} for descriptors or {@code -f} for the file size in KiB) to {@code limit}.
     */
    public static ChildJvm startWithLimit(String ulimitOption, long limit, Path stderr, Class<?> main,
            String... args) throws IOException {
        // The java command line is passed as the script's arguments, so nothing needs quoting.
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "ulimit " + ulimitOption + " " + limit + " && exec \"$@\"", "sh"));
        command.addAll(javaCommand(main, args));
        return launch(command, stderr);
    }

    private static ChildJvm launch(List<String> command, Path stderr) throws IOException {
        return new ChildJvm(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
    }

    private static List<String> javaCommand(Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(BASE_OPTIONS);
        // Carry over the native-access flags newer JDKs want for JNR; never agents such as JaCoCo's.
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--enable-native-access") || argument.startsWith("--sun-misc-unsafe")) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    public Process process() {
        return process;
    }

    /**
     * The next line the child prints.
     *
     * @throws AssertionError quoting the child's standard error when it prints nothing within
     *     {@link #STARTUP} or ends its output
     */
    String readLine() throws Exception {
        Future<String> line = HandMadePeers.inBackground(out::readLine);
        String read;
        try {
            read = line.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the child printed nothing for " + STARTUP + "; its stderr:\n" + stderr(), e);
        }
        if (read == null) {
            throw new AssertionError("the child ended its output (alive: " + process.isAlive() + "); its stderr:\n"
                    + stderr());
        }
        return read;
    }

    /**
     * In the child: prints one line of its report, {@code key value}. Children end their report
     * with {@link #endReport()}.
     */
    public static void report(String key, String value) {
        System.out.println(key + " " + value);
    }

    /** In the child: ends its report with {@link #DONE}, flushed. */
    public static void endReport() {
        System.out.println(DONE);
        System.out.flush();
    }

    /**
     * The child's report: its lines of the form {@code key value} up to the line {@link #DONE},
     * by key, in order.
     */
    public Map<String, String> report() throws Exception {
        Map<String, String> report = new LinkedHashMap<>();
        for (String line = readLine(); !line.equals(DONE); line = readLine()) {
            int space = line.indexOf(' ');
            report.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
        }
        return report;
    }

    /** What the child wrote to its standard error so far. */
    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Kills the child, waits for it and closes its pipes. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(UdsTestSupport.WAIT.toSeconds(), TimeUnit.SECONDS);
        process.getOutputStream().close();
        process.getInputStream().close();
        process.getErrorStream().close();
    }
}
