package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interop codec fixture, run in-process. */
class InteropCodecTest {
    /** Offset of hello's layout_version, which must be 1. */
    private static final int HELLO_LAYOUT_VERSION = 0;
    private static final byte BAD_LAYOUT_VERSION = 7;

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = InteropCodec.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void encodeWritesTheReferenceFilesByteForByte() throws IOException {
        Run encode = run("encode", dir.toString());

        assertThat(encode.exitCode()).isEqualTo(InteropCodec.EXIT_OK);
        assertThat(encode.out()).isEmpty();
        assertThat(encode.err()).isEmpty();
        InteropFiles.assertSameFiles(dir, InteropFiles.referenceDir());
    }

    @Test
    void encodeWritesFilesOnlyTheOwnerCanRead() throws IOException {
        run("encode", dir.toString());

        for (String name : InteropFiles.fileNames(dir)) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(name))).as(name)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void encodeOverwritesExistingFiles() throws IOException {
        Files.write(dir.resolve("header.bin"), new byte[1000]);

        assertThat(run("encode", dir.toString()).exitCode()).isEqualTo(InteropCodec.EXIT_OK);
        InteropFiles.assertSameFiles(dir, InteropFiles.referenceDir());
    }

    @Test
    void decodeAcceptsTheReferenceFiles() throws Exception {
        assertCleanDecode(run("decode", InteropFiles.copyOfReferenceDir(dir).toString()));
    }

    @Test
    void decodeAcceptsItsOwnFiles() {
        run("encode", dir.toString());

        assertCleanDecode(run("decode", dir.toString()));
    }

    @Test
    void decodeReportsAMalformedFile() throws IOException {
        run("encode", dir.toString());
        Path hello = dir.resolve("hello.bin");
        byte[] bytes = Files.readAllBytes(hello);
        bytes[HELLO_LAYOUT_VERSION] = BAD_LAYOUT_VERSION;
        Files.write(hello, bytes);

        Run decode = run("decode", dir.toString());

        assertThat(decode.exitCode()).isEqualTo(InteropCodec.EXIT_FAILED);
        assertThat(decode.out()).matches("Java decode: [0-9]+ passed, 1 failed\\R");
        assertThat(decode.err()).startsWith("FAIL: hello.bin: message decodes: BAD_LAYOUT");
    }

    @Test
    void decodeReportsAFileWithOtherValues() throws IOException {
        run("encode", dir.toString());
        Files.copy(dir.resolve("cgroups_lookup_resp_unknown_retry.bin"),
                dir.resolve("cgroups_lookup_resp_unknown_permanent.bin"), StandardCopyOption.REPLACE_EXISTING);

        Run decode = run("decode", dir.toString());

        assertThat(decode.exitCode()).isEqualTo(InteropCodec.EXIT_FAILED);
        assertThat(decode.err()).contains("FAIL: cgroups_lookup_resp_unknown_permanent.bin: generation",
                "FAIL: cgroups_lookup_resp_unknown_permanent.bin: item 0 status",
                "FAIL: cgroups_lookup_resp_unknown_permanent.bin: item 0 path");
    }

    @Test
    void decodeCountsMissingAndEmptyFilesAsFailures() throws IOException {
        run("encode", dir.toString());
        Files.delete(dir.resolve("header.bin"));
        Files.write(dir.resolve("hello_ack.bin"), new byte[0]);

        Run decode = run("decode", dir.toString());

        assertThat(decode.exitCode()).isEqualTo(InteropCodec.EXIT_FAILED);
        assertThat(decode.out()).matches("Java decode: [0-9]+ passed, 2 failed\\R");
        assertThat(decode.err().lines()).containsExactly(
                "FAIL: header.bin: cannot be read: no such file", "FAIL: hello_ack.bin: is empty");
    }

    @Test
    void wrongArgumentCountIsAUsageError() {
        assertRefused(run(), "usage: interop_codec <encode|decode> <dir>");
        assertRefused(run("encode"), "usage: interop_codec");
        assertRefused(run("encode", dir.toString(), "extra"), "usage: interop_codec");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertRefused(run("verify", dir.toString()), "unknown command: verify");
    }

    @Test
    void runDirectoryMustBeAbsoluteWithoutParentComponents() {
        assertRefused(run("encode", "relative/dir"), "absolute path without '..'");
        assertRefused(run("encode", dir.resolve("..").resolve(dir.getFileName()).toString()),
                "absolute path without '..'");
    }

    @Test
    void runDirectoryMustExistAndBeADirectory() throws IOException {
        assertRefused(run("decode", dir.resolve("missing").toString()), "must exist");
        Path file = Files.createFile(dir.resolve("file"));
        assertRefused(run("decode", file.toString()), "not a directory");
    }

    @Test
    void runDirectoryMustNotBeASymbolicLink() throws IOException {
        Path target = Files.createDirectory(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        assertRefused(run("encode", link.toString()), "symbolic link");
        assertThat(InteropFiles.fileNames(target)).isEmpty();
    }

    @Test
    void runDirectoryMustNotBeWritableByOthers() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Set<PosixFilePermission> groupWritable = PosixFilePermissions.fromString("rwxrwx---");
        Files.setPosixFilePermissions(shared, groupWritable);

        assertRefused(run("encode", shared.toString()), "writable by group or others");
        assertThat(InteropFiles.fileNames(shared)).isEmpty();
    }

    private static void assertCleanDecode(Run decode) {
        assertThat(decode.exitCode()).isEqualTo(InteropCodec.EXIT_OK);
        assertThat(decode.out()).matches(InteropFiles.cleanDecodeSummaryPattern() + "\\R");
        assertThat(decode.err()).isEmpty();
    }

    private static void assertRefused(Run run, String message) {
        assertThat(run.exitCode()).isEqualTo(InteropCodec.EXIT_FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(message);
    }
}
