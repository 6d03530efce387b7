package io.netdata.netipc.protocol.golden;

import io.netdata.netipc.protocol.BufferKind;
import io.netdata.netipc.testsupport.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Read-only access to the shared golden files ({@code ../shared/golden}). */
final class GoldenFiles {
    static final String MANIFEST = "manifest.json";
    static final String DIFFERENTIAL = "differential.jsonl";
    static final String VALID_DIR = "valid";
    static final String INTEROP_CODEC_DIR = "interop-codec";

    /** Where {@link #atBufferEnd} places the bytes: odd, so nothing can rely on absolute alignment. */
    static final int REGION_OFFSET = BufferKind.REGION_OFFSET;
    /** Most hex digits of an input quoted in a failure message. */
    private static final int MAX_QUOTED_HEX = 512;

    private GoldenFiles() {
    }

    static Path path(String relative) {
        return SharedFiles.goldenDir().resolve(relative);
    }

    static byte[] read(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(String relative) {
        return JsonMapper.shared().readTree(path(relative));
    }

    static JsonNode parseJson(String text) {
        return JsonMapper.shared().readTree(text);
    }

    static List<String> readLines(String relative) {
        try {
            return Files.readAllLines(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of the regular files directly inside {@code relativeDir}, sorted. */
    static List<String> fileNames(String relativeDir) {
        try (Stream<Path> files = Files.list(path(relativeDir))) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A buffer holding {@code bytes} at {@link #REGION_OFFSET} and ending right
     * after them, so that a decoder reading past its region fails loudly instead
     * of reading neighbouring bytes.
     */
    static ByteBuffer atBufferEnd(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(REGION_OFFSET + bytes.length);
        buffer.put(REGION_OFFSET, bytes);
        return buffer;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Hex of {@code bytes} for a failure message, shortened when long. */
    static String quotedHex(byte[] bytes) {
        String hex = hex(bytes);
        if (hex.length() <= MAX_QUOTED_HEX) {
            return hex;
        }
        return hex.substring(0, MAX_QUOTED_HEX) + "... (" + bytes.length + " bytes)";
    }
}
