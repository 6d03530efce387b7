package io.netdata.netipc.cli.json;

import java.io.Closeable;
import java.io.Writer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.core.util.Separators.Spacing;

/**
 * Writes JSON values one per line (JSON Lines) through a single, reused
 * streaming generator. Each value is on one line, with a space after every
 * {@code :} and {@code ,} (the layout of the golden manifest and of Python's
 * {@code json.dumps}), e.g. {@code {"ok": false, "error": "TRUNCATED"}}.
 * Non-ASCII text is written as is; the target decides the encoding.
 *
 * <p>Every line is flushed to the target when it ends, so a consumer reading a
 * pipe sees each result as soon as it is produced. Closing flushes but does not
 * close the target.
 *
 * <p>Thread-safety: not thread-safe; confine each instance to one thread.
 */
public final class JsonLines implements Closeable {
    private static final char LINE_END = '\n';
    private static final String NOTHING = "";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final Separators ONE_LINE = Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Spacing.AFTER)
            .withObjectEntrySpacing(Spacing.AFTER)
            .withArrayElementSpacing(Spacing.AFTER)
            .withObjectEmptySeparator(NOTHING)
            .withArrayEmptySeparator(NOTHING)
            .withRootSeparator(NOTHING);

    private final JsonGenerator generator;

    public JsonLines(Writer target) {
        generator = FACTORY.createGenerator(new OneLineContext(), target);
    }

    /** The generator to write the next value with; call {@link #endLine()} after the value. */
    public JsonGenerator generator() {
        return generator;
    }

    /** Terminates the value just written and flushes it to the target. */
    public void endLine() {
        generator.writeRaw(LINE_END);
        generator.flush();
    }

    @Override
    public void close() {
        generator.close();
    }

    /** Supplies the single-line printer to the generator. */
    private static final class OneLineContext extends ObjectWriteContext.Base {
        @Override
        public PrettyPrinter getPrettyPrinter() {
            return new DefaultPrettyPrinter(ONE_LINE)
                    .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
                    .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter());
        }
    }
}
