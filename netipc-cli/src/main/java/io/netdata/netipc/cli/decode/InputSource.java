package io.netdata.netipc.cli.decode;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The input of a command: a named file, or standard input for {@code -} or no
 * name. Failures are reported as {@link InputException}s that read well on one
 * line.
 *
 * <p>Thread-safety: immutable.
 */
final class InputSource {
    /** The file name that means standard input. */
    static final String STDIN = "-";
    /** Largest binary message read, in bytes; bigger inputs are refused rather than exhausting the heap. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    private final String name;
    private final InputStream stdin;

    /** @param name the file name, {@link #STDIN} or null for standard input */
    InputSource(String name, InputStream stdin) {
        this.name = name == null ? STDIN : name;
        this.stdin = stdin;
    }

    /** How diagnostics name this input. */
    String displayName() {
        return isStdin() ? "standard input" : name;
    }

    /** Opens the input; closing the stream returned for standard input leaves standard input open. */
    InputStream open() throws InputException {
        if (isStdin()) {
            return new FilterInputStream(stdin) {
                @Override
                public void close() {
                    // standard input belongs to the process, not to this command
                }
            };
        }
        try {
            return Files.newInputStream(Path.of(name));
        } catch (InvalidPathException e) {
            throw new InputException("invalid file name '" + name + "'");
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Reads the whole input as one message of at most {@link #MAX_MESSAGE_BYTES}. */
    byte[] readMessage(InputStream in) throws InputException {
        try {
            byte[] bytes = in.readNBytes(MAX_MESSAGE_BYTES + 1);
            if (bytes.length > MAX_MESSAGE_BYTES) {
                throw new InputException(displayName() + " is larger than " + MAX_MESSAGE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** A read failure of this input, described without a stack trace. */
    InputException failure(IOException cause) {
        String reason;
        if (cause instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (cause instanceof AccessDeniedException) {
            reason = "permission denied";
        } else {
            reason = String.valueOf(cause.getMessage());
        }
        return new InputException("cannot read " + displayName() + ": " + reason);
    }

    private boolean isStdin() {
        return STDIN.equals(name);
    }

    /** The input cannot be opened or read; the message is the whole diagnostic. */
    static final class InputException extends Exception {
        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message, null, false, false);
        }
    }
}
