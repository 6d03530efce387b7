package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/** Assertions on interop fixture directories. */
final class InteropFiles {
    /** Files the fixture writes, like the reference: one per test message. */
    static final int FILE_COUNT = 26;
    private static final String PRIVATE_DIR_MODE = "rwx------";

    private InteropFiles() {
    }

    /** The reference's own {@code interop_codec encode} output. */
    static Path referenceDir() {
        return SharedGolden.path(SharedGolden.INTEROP_CODEC_DIR);
    }

    /**
     * A private copy of the reference's files in a new directory under
     * {@code work}. The fixture, like the reference, only reads run directories
     * owned by the current user and closed to others, which {@code ../shared}
     * need not be.
     */
    static Path copyOfReferenceDir(Path work) throws IOException {
        Path copy = privateDirectory(work.resolve("reference-copy"));
        for (String name : fileNames(referenceDir())) {
            Files.copy(referenceDir().resolve(name), copy.resolve(name));
        }
        return copy;
    }

    /**
     * Creates a run directory the fixture accepts whatever the umask: owned by
     * the current user and closed to group and others.
     */
    static Path privateDirectory(Path dir) throws IOException {
        return Files.createDirectory(dir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE_DIR_MODE)));
    }

    /** {@code actual} holds exactly the files of {@code expected}, byte for byte. */
    static void assertSameFiles(Path actual, Path expected) throws IOException {
        List<String> names = fileNames(expected);
        assertThat(names).hasSize(FILE_COUNT);
        assertThat(fileNames(actual)).containsExactlyElementsOf(names);
        for (String name : names) {
            assertThat(Files.readAllBytes(actual.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(expected.resolve(name)));
        }
    }

    static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Checks the fixture's decode step makes over the 26 files; a change here is a change in coverage. */
    static final int DECODE_CHECKS = 267;

    /** The summary line of a decode run without failures. */
    static String cleanDecodeSummaryPattern() {
        return "Java decode: " + DECODE_CHECKS + " passed, 0 failed";
    }
}
