package io.netdata.netipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.service.server.ManagedServer;
import io.netdata.netipc.service.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's log records (a failed session logs its exception) reach
 * standard error as one line each while a command runs, with the stack trace
 * only under {@code --debug}.
 */
class CliLoggingTest {
    /** The logger the library's server logs to. */
    private static final System.Logger SERVER_LOG = System.getLogger(ManagedServer.class.getName());

    @TempDir
    Path runDir;

    private static String logged(boolean debug) {
        StringWriter err = new StringWriter();
        try (CliLogging logging = CliLogging.install(new PrintWriter(err, true), "netipc serve increment", debug)) {
            SERVER_LOG.log(System.Logger.Level.WARNING, "session 3 failed\nand was closed",
                    new IllegalStateException("bad state"));
            SERVER_LOG.log(System.Logger.Level.DEBUG, "not shown: below the configured level");
        }
        return err.toString();
    }

    @Test
    void aRecordIsOneLineWithoutItsStackTrace() {
        assertThat(logged(false).lines()).containsExactly("netipc serve increment: warning: session 3 failed and "
                + "was closed (java.lang.IllegalStateException: bad state)");
    }

    @Test
    void debugAddsTheStackTrace() {
        String err = logged(true);

        assertThat(err.lines().findFirst()).hasValue("netipc serve increment: warning: session 3 failed and was "
                + "closed (java.lang.IllegalStateException: bad state)");
        assertThat(err).contains("\tat ");
    }

    @Test
    void closingPutsThePreviousHandlersBack() {
        Logger root = Logger.getLogger("");
        List<Handler> before = List.of(root.getHandlers());

        CliLogging logging = CliLogging.install(new PrintWriter(new StringWriter()), "netipc", false);
        assertThat(root.getHandlers()).hasSize(1).doesNotContainAnyElementsOf(before);
        logging.close();

        assertThat(root.getHandlers()).containsExactlyElementsOf(before);
    }

    /**
     * A server in this JVM whose handler throws: its session logs a warning
     * with the exception while {@code call} runs, and that warning shows on
     * the command's standard error as one line.
     */
    @Test
    void aLibraryWarningDuringACommandIsOneLineOnItsStandardError() throws Exception {
        try (ManagedServer server = ManagedServer.increment(ServerConfig.builder(runDir, "broken").build(), value -> {
            throw new IllegalStateException("handler bug");
        })) {
            CliRunner.Result call = CliRunner.runWithEnvironment(Map.of(), "call", "increment", "--run-dir",
                    runDir.toString(), "--service", "broken", "--value", "1");

            assertThat(call.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(call.err().lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("netipc call increment: warning: ")
                    .endsWith("(java.lang.IllegalStateException: handler bug)"));
            assertThat(call.err()).doesNotContain("\tat ");
        }
    }
}
