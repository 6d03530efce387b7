package io.netdata.netipc.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * How the library's log records reach the user while a command runs.
 *
 * <p>The library logs through {@link System.Logger}, which the JDK backs with
 * {@code java.util.logging}; its default console handler prints each record
 * on two lines and, when an exception is attached (a session that failed, an
 * accept that went wrong), the exception's whole stack trace. The tool
 * promises one-line diagnostics and stack traces only with {@code --debug}, so
 * while a command runs the root logger's handlers are replaced by one that
 * writes each record as one line on the command's standard error (the
 * exception's class and message appended) and its stack trace only with
 * {@code --debug}. Levels stay as configured (INFO and up by default).
 * {@link #close()} puts the previous handlers back.
 *
 * <p>Thread-safety: records may be published from any thread (the server's
 * session threads); installing and closing are done by the command's thread.
 */
public final class CliLogging implements AutoCloseable {
    private static final String ROOT_LOGGER = "";

    private final Logger root;
    private final List<Handler> previous;
    private final Handler handler;

    private CliLogging(Logger root, List<Handler> previous, Handler handler) {
        this.root = root;
        this.previous = previous;
        this.handler = handler;
    }

    /**
     * Sends log records to {@code err} as {@code COMMAND: LEVEL: MESSAGE (EXCEPTION)},
     * one line each, with the stack trace after it only when {@code debug}.
     */
    public static CliLogging install(PrintWriter err, String command, boolean debug) {
        Logger root = Logger.getLogger(ROOT_LOGGER);
        List<Handler> previous = List.of(root.getHandlers());
        for (Handler handler : previous) {
            root.removeHandler(handler);
        }
        Handler handler = new OneLineHandler(err, command, debug);
        root.addHandler(handler);
        return new CliLogging(root, previous, handler);
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        handler.flush();
        for (Handler restored : previous) {
            root.addHandler(restored);
        }
    }

    /** Writes each record as one line; thread-safe through the writer's lock. */
    private static final class OneLineHandler extends Handler {
        /** Only its formatMessage is used: it fills in a record's parameters as every formatter does. */
        private static final SimpleFormatter MESSAGES = new SimpleFormatter();

        private final PrintWriter err;
        private final String command;
        private final boolean debug;

        OneLineHandler(PrintWriter err, String command, boolean debug) {
            this.err = err;
            this.command = command;
            this.debug = debug;
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            Throwable thrown = record.getThrown();
            String line = command + ": " + record.getLevel().getName().toLowerCase(Locale.ROOT) + ": "
                    + MESSAGES.formatMessage(record) + (thrown == null ? "" : " (" + thrown + ")");
            synchronized (err) {
                err.println(Messages.oneLine(line));
                if (debug && thrown != null) {
                    thrown.printStackTrace(err);
                }
                err.flush();
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
