package io.netdata.netipc.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code netipc} command line in-process with captured standard streams. */
public final class CliRunner {
    private static final byte[] NO_INPUT = new byte[0];

    private CliRunner() {
    }

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        /** Standard output split into lines (without terminators). */
        public List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** Runs {@code netipc args...} with empty standard input. */
    public static Result run(String... args) {
        return runWithInput(NO_INPUT, args);
    }

    /** Runs {@code netipc args...} with {@code stdin} as standard input. */
    public static Result runWithInput(String stdin, String... args) {
        return runWithInput(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Runs {@code netipc args...} with {@code stdin} as standard input. */
    public static Result runWithInput(byte[] stdin, String... args) {
        return runWithEnvironment(stdin, Map.of(), args);
    }

    /** Runs {@code netipc args...} with an environment of its own (and no other variable). */
    public static Result runWithEnvironment(Map<String, String> environment, String... args) {
        return runWithEnvironment(NO_INPUT, environment, args);
    }

    private static Result runWithEnvironment(byte[] stdin, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = NetIpcCli.newCommandLine(new NetIpcCli(new ByteArrayInputStream(stdin),
                environment));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
