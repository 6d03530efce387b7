package io.netdata.netipc.it;

import io.netdata.netipc.it.RunDirectory.InvalidRunDirectoryException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The Java interop codec fixture, with the command-line contract of the
 * reference implementations' {@code interop_codec}:
 *
 * <pre>
 * interop_codec encode DIR   writes one file per test message into DIR
 * interop_codec decode DIR   decodes those files and checks every field
 * </pre>
 *
 * <p>{@code encode} writes the same file names with the same bytes as the
 * reference, using the codec's encoders and builders, and prints nothing on
 * success. {@code decode} prints one {@code FAIL: ...} line on standard error
 * per failed check and the summary {@code Java decode: N passed, M failed} on
 * standard output. It checks every field of every file, a superset of what
 * the reference checks. Both exit 0 on success and 1 otherwise; a usage error
 * or a run directory that breaks the rules of {@link RunDirectory} also exits 1.
 *
 * <p>Thread-safety: stateless.
 */
public final class InteropCodec {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    static final String ENCODE = "encode";
    static final String DECODE = "decode";

    private static final String USAGE = "usage: interop_codec <" + ENCODE + "|" + DECODE + "> <dir>";
    private static final int EXPECTED_ARGS = 2;

    private static final Set<OpenOption> WRITE_OPTIONS = Set.of(StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final String POSIX_VIEW = "posix";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private InteropCodec() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the fixture; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != EXPECTED_ARGS) {
            err.println(USAGE);
            return EXIT_FAILED;
        }
        String command = args[0];
        if (!ENCODE.equals(command) && !DECODE.equals(command)) {
            err.println("unknown command: " + command);
            err.println(USAGE);
            return EXIT_FAILED;
        }
        Path dir;
        try {
            dir = RunDirectory.check(args[1]);
        } catch (InvalidRunDirectoryException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
        return ENCODE.equals(command) ? encode(dir, err) : decode(dir, out, err);
    }

    private static int encode(Path dir, PrintStream err) {
        ByteBuffer buffer = ByteBuffer.allocate(InteropFixtures.BUFFER_CAPACITY);
        int exitCode = EXIT_OK;
        for (InteropFixture fixture : InteropFixtures.all()) {
            int length = fixture.encoder().encode(buffer);
            try {
                write(dir.resolve(fixture.fileName()), buffer.array(), length);
            } catch (IOException e) {
                err.println("ERROR: cannot write " + fixture.fileName() + ": " + describe(e));
                exitCode = EXIT_FAILED;
            }
        }
        return exitCode;
    }

    /** Writes a file that, when created, is readable and writable by its owner only, as the reference does. */
    private static void write(Path file, byte[] bytes, int length) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file, WRITE_OPTIONS, ownerOnly(file))) {
            ByteBuffer content = ByteBuffer.wrap(bytes, 0, length);
            while (content.hasRemaining()) {
                channel.write(content);
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains(POSIX_VIEW)) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)};
    }

    private static int decode(Path dir, PrintStream out, PrintStream err) {
        CheckTally checks = new CheckTally(err);
        for (InteropFixture fixture : InteropFixtures.all()) {
            checks.subject(fixture.fileName());
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(dir.resolve(fixture.fileName()));
            } catch (IOException e) {
                checks.fail("cannot be read: " + describe(e));
                continue;
            }
            if (bytes.length == 0) {
                checks.fail("is empty");
                continue;
            }
            fixture.verifier().verify(ByteBuffer.wrap(bytes), bytes.length, checks);
        }
        out.println("Java decode: " + checks.passed() + " passed, " + checks.failed() + " failed");
        return checks.failed() == 0 ? EXIT_OK : EXIT_FAILED;
    }

    /** A one-line reason for an I/O failure on a file whose name the caller prints. */
    private static String describe(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        return String.valueOf(failure.getMessage());
    }
}
