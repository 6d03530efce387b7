package io.netdata.netipc.cli.decode;

import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.decode.format.MessageFormatter;
import io.netdata.netipc.cli.decode.format.StringFormat;
import io.netdata.netipc.cli.json.JsonLines;
import io.netdata.netipc.protocol.CodecException;
import java.io.Closeable;
import java.io.Writer;
import java.nio.ByteBuffer;
import tools.jackson.core.JsonGenerator;

/**
 * Decodes messages of one type and writes one JSON line per message, re-using
 * one formatter (and its views), one hex buffer and one JSON generator.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
final class DecodeSession implements Closeable {
    /** Error class of a {@code --hex-lines} line that is not hex; not a codec error class. */
    static final String BAD_HEX = "BAD_HEX";

    private final MessageFormatter formatter;
    private final StringFormat strings;
    private final JsonLines lines;
    private final JsonGenerator json;
    private final HexBytes hex = new HexBytes();

    DecodeSession(MessageFormatter formatter, StringFormat strings, Writer out) {
        this.formatter = formatter;
        this.strings = strings;
        this.lines = new JsonLines(out);
        this.json = lines.generator();
    }

    /**
     * Decodes one binary message and prints its fields as a JSON object, or
     * {@code {"ok": false, "error": CLASS}} when it is malformed.
     *
     * @return {@link ExitCodes#OK} or {@link ExitCodes#DECODE_FAILED}
     */
    int decodeMessage(byte[] message) {
        String error = decode(ByteBuffer.wrap(message), message.length);
        if (error != null) {
            writeFailure(error);
            return ExitCodes.DECODE_FAILED;
        }
        formatter.write(json, strings);
        lines.endLine();
        return ExitCodes.OK;
    }

    /**
     * Decodes one line of {@code --hex-lines} input and prints
     * {@code {"ok": true, "value": {...}}} or {@code {"ok": false, "error": CLASS}}.
     * Every input line gets exactly one output line, so results stay aligned with
     * their inputs: a blank line is the (empty) hex of a zero-byte message.
     * Surrounding whitespace is ignored.
     */
    void decodeHexLine(String line) {
        if (!hex.parse(line.strip())) {
            writeFailure(BAD_HEX);
            return;
        }
        String error = decode(hex.buffer(), hex.length());
        if (error != null) {
            writeFailure(error);
            return;
        }
        json.writeStartObject();
        json.writeBooleanProperty("ok", true);
        json.writeName("value");
        formatter.write(json, strings);
        json.writeEndObject();
        lines.endLine();
    }

    /** Decodes {@code [0, length)} of {@code buffer}; returns null on success, else the error class. */
    private String decode(ByteBuffer buffer, int length) {
        try {
            formatter.decode(buffer, 0, length);
            return null;
        } catch (CodecException e) {
            return e.error().name();
        }
    }

    private void writeFailure(String errorClass) {
        json.writeStartObject();
        json.writeBooleanProperty("ok", false);
        json.writeStringProperty("error", errorClass);
        json.writeEndObject();
        lines.endLine();
    }

    /** Flushes the output; the writer itself stays open. */
    @Override
    public void close() {
        lines.close();
    }
}
