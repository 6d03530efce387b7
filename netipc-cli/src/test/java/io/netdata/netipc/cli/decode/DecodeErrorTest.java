package io.netdata.netipc.cli.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.cli.CliRunner;
import io.netdata.netipc.cli.CliRunner.Result;
import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.SharedGolden;
import io.netdata.netipc.protocol.CodecError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A malformed message prints {@code {"ok": false, "error": CLASS}} and exits 1. */
class DecodeErrorTest {
    /** Snapshot response layout: item count at 4, directory after the 24-byte header, 8-byte entries. */
    private static final int SNAPSHOT_ITEM_COUNT = 4;
    private static final int SNAPSHOT_HEADER_SIZE = 24;
    private static final int SNAPSHOT_ENTRY_SIZE = 8;
    private static final short UNKNOWN_LAYOUT_VERSION = 2;

    @Test
    void truncatedMessage() throws IOException {
        byte[] header = Files.readAllBytes(SharedGolden.path("valid/header_request.bin"));

        assertFails(CliRunner.runWithInput(Arrays.copyOf(header, header.length - 1), "decode", "--type", "header"),
                CodecError.TRUNCATED);
    }

    @Test
    void emptyInput() {
        assertFails(CliRunner.runWithInput(new byte[0], "decode", "--type", "hello", "-"), CodecError.TRUNCATED);
    }

    @Test
    void wrongTypeForTheBytes() {
        assertFails(CliRunner.run("decode", "--type", "chunk-header", golden("header_request.bin")),
                CodecError.BAD_MAGIC);
    }

    @Test
    void malformedItemFailsTheWholeSnapshot() throws IOException {
        byte[] snapshot = Files.readAllBytes(SharedGolden.path("valid/cgroups_snapshot_response_three.bin"));
        ByteBuffer wire = ByteBuffer.wrap(snapshot).order(ByteOrder.nativeOrder());
        int itemCount = wire.getInt(SNAPSHOT_ITEM_COUNT);
        int lastEntry = SNAPSHOT_HEADER_SIZE + (itemCount - 1) * SNAPSHOT_ENTRY_SIZE;
        int lastItem = SNAPSHOT_HEADER_SIZE + itemCount * SNAPSHOT_ENTRY_SIZE + wire.getInt(lastEntry);
        wire.putShort(lastItem, UNKNOWN_LAYOUT_VERSION);

        assertFails(CliRunner.runWithInput(snapshot, "decode", "--type", "cgroups-snapshot-response"),
                CodecError.BAD_LAYOUT);
        assertFails(CliRunner.runWithInput(snapshot, "decode", "--type", "cgroups-snapshot-response", "--raw"),
                CodecError.BAD_LAYOUT);
    }

    @Test
    void batchWithZeroItems() {
        assertFails(CliRunner.run("decode", "--type", "batch", "--items", "0", golden("batch_one.bin")),
                CodecError.BAD_ITEM_COUNT);
    }

    @Test
    void batchWithMoreItemsThanItsDirectoryHolds() {
        assertFails(CliRunner.run("decode", "--type", "batch", "--items", "4294967295", golden("batch_one.bin")),
                CodecError.TRUNCATED);
    }

    private static String golden(String file) {
        return SharedGolden.path("valid/" + file).toString();
    }

    private static void assertFails(Result result, CodecError error) {
        assertThat(result.exitCode()).isEqualTo(ExitCodes.DECODE_FAILED);
        assertThat(result.out()).isEqualTo("{\"ok\": false, \"error\": \"" + error.name() + "\"}\n");
        assertThat(result.err()).isEmpty();
    }
}
