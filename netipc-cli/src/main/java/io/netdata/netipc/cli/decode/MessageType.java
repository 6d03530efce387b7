package io.netdata.netipc.cli.decode;

import io.netdata.netipc.cli.decode.format.AppsLookupRequestFormatter;
import io.netdata.netipc.cli.decode.format.AppsLookupResponseFormatter;
import io.netdata.netipc.cli.decode.format.BatchFormatter;
import io.netdata.netipc.cli.decode.format.CgroupsLookupRequestFormatter;
import io.netdata.netipc.cli.decode.format.CgroupsLookupResponseFormatter;
import io.netdata.netipc.cli.decode.format.CgroupsSnapshotRequestFormatter;
import io.netdata.netipc.cli.decode.format.CgroupsSnapshotResponseFormatter;
import io.netdata.netipc.cli.decode.format.ChunkHeaderFormatter;
import io.netdata.netipc.cli.decode.format.HeaderFormatter;
import io.netdata.netipc.cli.decode.format.HelloAckFormatter;
import io.netdata.netipc.cli.decode.format.HelloFormatter;
import io.netdata.netipc.cli.decode.format.IncrementFormatter;
import io.netdata.netipc.cli.decode.format.MessageFormatter;
import io.netdata.netipc.cli.decode.format.StringReverseFormatter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The message types {@code netipc decode --type} accepts, by their command-line
 * names, with the formatter that decodes each.
 *
 * <p>Thread-safety: immutable enum.
 */
public enum MessageType {
    HEADER("header", HeaderFormatter::new),
    CHUNK_HEADER("chunk-header", ChunkHeaderFormatter::new),
    BATCH("batch", BatchFormatter::new),
    HELLO("hello", HelloFormatter::new),
    HELLO_ACK("hello-ack", HelloAckFormatter::new),
    INCREMENT("increment", IncrementFormatter::new),
    STRING_REVERSE("string-reverse", StringReverseFormatter::new),
    CGROUPS_SNAPSHOT_REQUEST("cgroups-snapshot-request", CgroupsSnapshotRequestFormatter::new),
    CGROUPS_SNAPSHOT_RESPONSE("cgroups-snapshot-response", CgroupsSnapshotResponseFormatter::new),
    CGROUPS_LOOKUP_REQUEST("cgroups-lookup-request", CgroupsLookupRequestFormatter::new),
    CGROUPS_LOOKUP_RESPONSE("cgroups-lookup-response", CgroupsLookupResponseFormatter::new),
    APPS_LOOKUP_REQUEST("apps-lookup-request", AppsLookupRequestFormatter::new),
    APPS_LOOKUP_RESPONSE("apps-lookup-response", AppsLookupResponseFormatter::new);

    private static final List<String> CLI_NAMES = Arrays.stream(values()).map(MessageType::cliName).toList();

    private final String cliName;
    private final LongFunction<MessageFormatter> formatterForItemCount;
    private final boolean needsItemCount;

    /** A type decoded on its own. */
    MessageType(String cliName, Supplier<MessageFormatter> formatter) {
        this.cliName = cliName;
        this.formatterForItemCount = itemCount -> formatter.get();
        this.needsItemCount = false;
    }

    /** A type that can only be decoded knowing the outer header's item count. */
    MessageType(String cliName, LongFunction<MessageFormatter> formatterForItemCount) {
        this.cliName = cliName;
        this.formatterForItemCount = formatterForItemCount;
        this.needsItemCount = true;
    }

    /** The name on the command line, e.g. {@code chunk-header}. */
    public String cliName() {
        return cliName;
    }

    /** True when decoding needs the outer header's item count ({@code --items}). */
    public boolean needsItemCount() {
        return needsItemCount;
    }

    /**
     * A new formatter for this type.
     *
     * @param itemCount the outer header's item count; ignored unless {@link #needsItemCount()}
     */
    public MessageFormatter newFormatter(long itemCount) {
        return formatterForItemCount.apply(itemCount);
    }

    /** The type called {@code cliName} on the command line. */
    public static Optional<MessageType> fromCliName(String cliName) {
        return Arrays.stream(values()).filter(type -> type.cliName.equals(cliName)).findFirst();
    }

    /** Every command-line name, in declaration order. */
    public static List<String> cliNames() {
        return CLI_NAMES;
    }

    /** Converts a {@code --type} argument; unknown names are usage errors that list the valid ones. */
    public static final class Converter implements ITypeConverter<MessageType> {
        @Override
        public MessageType convert(String value) {
            return fromCliName(value).orElseThrow(() -> new TypeConversionException(
                    "unknown message type '" + value + "'; expected one of: " + String.join(", ", CLI_NAMES)));
        }
    }

    /** The command-line names, for picocli's help ({@code ${COMPLETION-CANDIDATES}}). */
    public static final class CliNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CLI_NAMES.iterator();
        }
    }
}
