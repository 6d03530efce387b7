package io.netdata.netipc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.it.Launchers.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged interop codec fixture, run through {@code integration-tests/bin/interop_codec}. */
class InteropCodecIT {
    @TempDir
    Path work;

    @Test
    void decodesWhatItEncodes() throws Exception {
        Path dir = InteropFiles.privateDirectory(work.resolve("java-to-java"));

        Result encode = Launchers.run(work, Launchers.interopCodec(), null, "encode", dir.toString());
        Result decode = Launchers.run(work, Launchers.interopCodec(), null, "decode", dir.toString());

        assertThat(encode.exitCode()).as(encode.err()).isZero();
        assertThat(decode.err()).isEmpty();
        assertThat(decode.exitCode()).isZero();
        assertThat(decode.out()).matches(InteropFiles.cleanDecodeSummaryPattern() + "\\R");
    }

    @Test
    void encodesTheReferenceFilesByteForByte() throws Exception {
        Path dir = InteropFiles.privateDirectory(work.resolve("java-encode"));

        Result encode = Launchers.run(work, Launchers.interopCodec(), null, "encode", dir.toString());

        assertThat(encode.exitCode()).as(encode.err()).isZero();
        InteropFiles.assertSameFiles(dir, InteropFiles.referenceDir());
    }

    @Test
    void decodesTheReferenceFiles() throws Exception {
        Result decode = Launchers.run(work, Launchers.interopCodec(), null, "decode",
                InteropFiles.copyOfReferenceDir(work).toString());

        assertThat(decode.err()).isEmpty();
        assertThat(decode.exitCode()).isZero();
        assertThat(decode.out()).matches(InteropFiles.cleanDecodeSummaryPattern() + "\\R");
    }

    @Test
    void usageErrorExits1() throws Exception {
        Result result = Launchers.run(work, Launchers.interopCodec(), null, "encode");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("usage: interop_codec");
    }
}
