package io.netdata.netipc.cli.decode;

import io.netdata.netipc.cli.ExitCodes;
import io.netdata.netipc.cli.NetIpcCli;
import io.netdata.netipc.cli.decode.InputSource.InputException;
import io.netdata.netipc.cli.decode.format.StringFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code netipc decode}: decodes netipc messages of one type and prints them as
 * JSON. See the command's help (below) for the output contract.
 *
 * <p>Thread-safety: one instance per command-line execution.
 */
@Command(name = "decode",
        sortOptions = false,
        header = "Decodes a netipc message and prints it as JSON.",
        description = {
            "",
            "Decodes a message of type TYPE from FILE (or standard input) and prints it as one line of JSON: its"
                + " fields, named as in the golden manifest. Integers are JSON numbers, except 64-bit values"
                + " (message_id, auth_token, session_id, generation, starttime, increment value), which are decimal"
                + " strings.",
            "",
            "Strings are printed as UTF-8 text under their plain names (name, path, comm, string, labels as"
                + " [key, value] pairs); bytes that are not valid UTF-8 become U+FFFD. With --raw they are printed"
                + " exactly, as lowercase hex under *_hex names (labels and cgroups lookup paths keep their names)."
                + " Batch items are opaque bytes and always printed as hex.",
            "",
            "The decode is composite: every item, key and label must decode, or the whole message is rejected"
                + " and {\"ok\": false, \"error\": \"CLASS\"} is printed, CLASS naming the codec error (TRUNCATED,"
                + " BAD_MAGIC, BAD_VERSION, BAD_HEADER_LEN, BAD_KIND, BAD_LAYOUT, OUT_OF_BOUNDS, MISSING_NUL,"
                + " BAD_ALIGNMENT, BAD_ITEM_COUNT).",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:decoded; with --hex-lines: every line was answered, valid or not",
            "1:the message is malformed ({\"ok\": false, ...} was printed)",
            "2:bad usage, or the input cannot be read (one line on standard error)",
            "70:internal error (a bug; one line on standard error)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  netipc decode --type cgroups-snapshot-response snapshot.bin",
            "  netipc decode --type hello --raw hello.bin",
            "  netipc decode --type batch --items 3 batch-payload.bin",
            "  cat payload.bin | netipc decode --type increment -",
            "  printf '2a00000000000000\\n' | netipc decode --type increment --hex-lines"})
public final class DecodeCommand implements Callable<Integer> {
    /** Largest value of the unsigned 32-bit item count. */
    private static final long MAX_ITEM_COUNT = 0xFFFF_FFFFL;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private NetIpcCli parent;

    @Option(names = "--type", required = true, paramLabel = "TYPE",
            converter = MessageType.Converter.class, completionCandidates = MessageType.CliNames.class,
            description = "Message type, one of: ${COMPLETION-CANDIDATES}.")
    private MessageType type;

    @Option(names = "--items", paramLabel = "N",
            description = "The outer header's item_count (0..4294967295); required for, and only for, batch.")
    private Long items;

    @Option(names = "--raw", description = "Print strings as exact lowercase hex under *_hex names.")
    private boolean raw;

    @Option(names = "--hex-lines",
            description = "Read one hex-encoded message per line and print one line per message:"
                    + " {\"ok\": true, \"value\": {...}} or {\"ok\": false, \"error\": \"CLASS\"}, where a line"
                    + " that is not an even number of hex digits gets CLASS " + DecodeSession.BAD_HEX + "."
                    + " A blank line is an empty (zero-byte) message, so every input line gets one output line.")
    private boolean hexLines;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-",
            description = "Binary message (with --hex-lines: text with one hex message per line);"
                    + " '-' or nothing reads standard input.")
    private String file;

    @Override
    public Integer call() {
        checkItemCount();
        InputSource input = new InputSource(file, parent.stdin());
        PrintWriter out = spec.commandLine().getOut();
        StringFormat strings = raw ? StringFormat.HEX : StringFormat.TEXT;
        long itemCount = items == null ? 0 : items;
        try (InputStream in = input.open();
                DecodeSession session = new DecodeSession(type.newFormatter(itemCount), strings, out)) {
            return hexLines ? decodeHexLines(input, in, session) : session.decodeMessage(input.readMessage(in));
        } catch (InputException e) {
            return inputError(e.getMessage());
        } catch (IOException e) {
            return inputError(input.failure(e).getMessage());
        }
    }

    private static int decodeHexLines(InputSource input, InputStream in, DecodeSession session)
            throws InputException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                session.decodeHexLine(line);
            }
        } catch (IOException e) {
            throw input.failure(e);
        }
        return ExitCodes.OK;
    }

    private void checkItemCount() {
        if (type.needsItemCount() && items == null) {
            throw usage("--items N is required for --type " + type.cliName()
                    + " (the item_count of the outer header)");
        }
        if (!type.needsItemCount() && items != null) {
            throw usage("--items applies only to --type " + MessageType.BATCH.cliName());
        }
        if (items != null && (items < 0 || items > MAX_ITEM_COUNT)) {
            throw usage("--items must be between 0 and " + MAX_ITEM_COUNT + ", not " + items);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int inputError(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        return ExitCodes.USAGE;
    }
}
