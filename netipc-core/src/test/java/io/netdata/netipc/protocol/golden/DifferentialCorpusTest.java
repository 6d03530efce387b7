package io.netdata.netipc.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.BatchView;
import io.netdata.netipc.protocol.BytesView;
import io.netdata.netipc.protocol.ChunkHeaderView;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.CodecException;
import io.netdata.netipc.protocol.HelloAckView;
import io.netdata.netipc.protocol.HelloView;
import io.netdata.netipc.protocol.IncrementCodec;
import io.netdata.netipc.protocol.MessageHeaderView;
import io.netdata.netipc.protocol.StringReverseView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotItemView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotRequestView;
import io.netdata.netipc.protocol.cgroups.CgroupsSnapshotResponseView;
import io.netdata.netipc.protocol.lookup.AppsLookupItemView;
import io.netdata.netipc.protocol.lookup.AppsLookupRequestView;
import io.netdata.netipc.protocol.lookup.AppsLookupResponseView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupItemView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupRequestView;
import io.netdata.netipc.protocol.lookup.CgroupsLookupResponseView;
import io.netdata.netipc.protocol.lookup.LookupLabelView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The differential corpus ({@code ../shared/golden/differential.jsonl}): about
 * ten thousand valid and mutated payloads with the reference C decoder's
 * verdict. For every line the project's composite verdict, as the golden README
 * defines it per decoder, must match the reference's accept/reject verdict and
 * error class, and decoding must never throw anything but {@link CodecException}.
 */
class DifferentialCorpusTest {
    /** The reference's error field of an accepted input. */
    private static final String ACCEPTED = "OK";
    /** The corpus holds about 10,000 lines; fewer means it was not read in full. */
    private static final int MIN_LINES = 10_000;
    /** Most disagreements listed in one failure. */
    private static final int MAX_REPORTED = 20;

    /** The composite decode of each decoder of the README's table, by decoder name. */
    private static final Map<String, CompositeDecoder> DECODERS = decoders();

    private static List<CorpusLine> corpus;

    /** Decodes an input and everything a caller can reach through the view; throws on rejection. */
    @FunctionalInterface
    private interface CompositeDecoder {
        void decode(ByteBuffer buffer, int offset, int length, long param);
    }

    /** One line of the corpus; {@code number} counts from 1. */
    private record CorpusLine(int number, String decoder, long param, boolean accept, String error, byte[] bytes) {
        /** The reference's verdict: {@value #ACCEPTED} or the error class. */
        String expectedVerdict() {
            return accept ? ACCEPTED : error;
        }

        String describe() {
            return "line " + number + " (" + decoder + ", param " + param + ", " + bytes.length + " bytes) hex "
                    + GoldenFiles.quotedHex(bytes);
        }
    }

    private static Map<String, CompositeDecoder> decoders() {
        Map<String, CompositeDecoder> decoders = new LinkedHashMap<>();
        decoders.put("header", (buffer, offset, length, param) -> new MessageHeaderView().wrap(buffer, offset, length));
        decoders.put("chunk_header", (buffer, offset, length, param) ->
                new ChunkHeaderView().wrap(buffer, offset, length));
        decoders.put("hello", (buffer, offset, length, param) -> new HelloView().wrap(buffer, offset, length));
        decoders.put("hello_ack", (buffer, offset, length, param) -> new HelloAckView().wrap(buffer, offset, length));
        decoders.put("batch", DifferentialCorpusTest::decodeBatch);
        decoders.put("increment", (buffer, offset, length, param) -> IncrementCodec.decode(buffer, offset, length));
        decoders.put("string_reverse", (buffer, offset, length, param) ->
                new StringReverseView().wrap(buffer, offset, length));
        decoders.put("cgroups_snapshot_request", (buffer, offset, length, param) ->
                new CgroupsSnapshotRequestView().wrap(buffer, offset, length));
        decoders.put("cgroups_snapshot_response", DifferentialCorpusTest::decodeSnapshotResponse);
        decoders.put("cgroups_lookup_request", DifferentialCorpusTest::decodeCgroupsLookupRequest);
        decoders.put("apps_lookup_request", DifferentialCorpusTest::decodeAppsLookupRequest);
        decoders.put("cgroups_lookup_response", DifferentialCorpusTest::decodeCgroupsLookupResponse);
        decoders.put("apps_lookup_response", DifferentialCorpusTest::decodeAppsLookupResponse);
        return Collections.unmodifiableMap(decoders);
    }

    /** Batch: {@code param} is the outer header's item count; every item 0..param-1 must be extractable. */
    private static void decodeBatch(ByteBuffer buffer, int offset, int length, long itemCount) {
        BatchView view = new BatchView().wrap(buffer, offset, length, itemCount);
        BytesView item = new BytesView();
        for (int i = 0; i < itemCount; i++) {
            view.item(i, item);
        }
    }

    /** Snapshot response: the snapshot and every item. */
    private static void decodeSnapshotResponse(ByteBuffer buffer, int offset, int length, long param) {
        CgroupsSnapshotResponseView view = new CgroupsSnapshotResponseView().wrap(buffer, offset, length);
        CgroupsSnapshotItemView item = new CgroupsSnapshotItemView();
        for (int i = 0; i < view.itemCount(); i++) {
            view.item(i, item);
        }
    }

    /** CGROUPS_LOOKUP request: the request and every path key. */
    private static void decodeCgroupsLookupRequest(ByteBuffer buffer, int offset, int length, long param) {
        CgroupsLookupRequestView view = new CgroupsLookupRequestView().wrap(buffer, offset, length);
        BytesView path = new BytesView();
        for (int i = 0; i < view.itemCount(); i++) {
            view.path(i, path);
        }
    }

    /** APPS_LOOKUP request: the request and every PID key. */
    private static void decodeAppsLookupRequest(ByteBuffer buffer, int offset, int length, long param) {
        AppsLookupRequestView view = new AppsLookupRequestView().wrap(buffer, offset, length);
        for (int i = 0; i < view.itemCount(); i++) {
            view.pid(i);
        }
    }

    /** CGROUPS_LOOKUP response: the response, every item and every label of every item. */
    private static void decodeCgroupsLookupResponse(ByteBuffer buffer, int offset, int length, long param) {
        CgroupsLookupResponseView view = new CgroupsLookupResponseView().wrap(buffer, offset, length);
        CgroupsLookupItemView item = new CgroupsLookupItemView();
        LookupLabelView label = new LookupLabelView();
        for (int i = 0; i < view.itemCount(); i++) {
            view.item(i, item);
            for (int j = 0; j < item.labelCount(); j++) {
                item.label(j, label);
            }
        }
    }

    /** APPS_LOOKUP response: the response, every item and every label of every item. */
    private static void decodeAppsLookupResponse(ByteBuffer buffer, int offset, int length, long param) {
        AppsLookupResponseView view = new AppsLookupResponseView().wrap(buffer, offset, length);
        AppsLookupItemView item = new AppsLookupItemView();
        LookupLabelView label = new LookupLabelView();
        for (int i = 0; i < view.itemCount(); i++) {
            view.item(i, item);
            for (int j = 0; j < item.labelCount(); j++) {
                item.label(j, label);
            }
        }
    }

    /** The corpus, read once. */
    private static synchronized List<CorpusLine> corpus() {
        if (corpus == null) {
            List<String> lines = GoldenFiles.readLines(GoldenFiles.DIFFERENTIAL);
            List<CorpusLine> parsed = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                parsed.add(parse(i + 1, GoldenFiles.parseJson(lines.get(i))));
            }
            corpus = List.copyOf(parsed);
        }
        return corpus;
    }

    private static CorpusLine parse(int number, JsonNode line) {
        return new CorpusLine(number, line.required("decoder").stringValue(), line.required("param").longValue(),
                line.required("accept").booleanValue(), line.required("error").stringValue(),
                HexFormat.of().parseHex(line.required("hex").stringValue()));
    }

    @Test
    void corpusIsCompleteAndNamesOnlyKnownDecodersAndErrorClasses() {
        List<CorpusLine> lines = corpus();
        Set<String> errorClasses = Arrays.stream(CodecError.values()).map(Enum::name).collect(Collectors.toSet());
        Set<String> decoders = lines.stream().map(CorpusLine::decoder).collect(Collectors.toSet());

        assertThat(lines).hasSizeGreaterThan(MIN_LINES);
        assertThat(decoders).as("decoders named in the corpus").containsExactlyInAnyOrderElementsOf(DECODERS.keySet());
        assertThat(lines).filteredOn(CorpusLine::accept).extracting(CorpusLine::error).containsOnly(ACCEPTED);
        assertThat(lines).filteredOn(line -> !line.accept()).extracting(CorpusLine::error).isSubsetOf(errorClasses);
    }

    @TestFactory
    Stream<DynamicTest> everyVerdictMatchesTheReference() {
        return DECODERS.entrySet().stream().map(decoder -> DynamicTest.dynamicTest(decoder.getKey(),
                () -> assertVerdictsMatch(decoder.getKey(), decoder.getValue())));
    }

    private static void assertVerdictsMatch(String name, CompositeDecoder decoder) {
        List<CorpusLine> lines = corpus().stream().filter(line -> line.decoder().equals(name)).toList();
        List<String> disagreements = new ArrayList<>();
        List<String> foreignThrowables = new ArrayList<>();
        for (CorpusLine line : lines) {
            try {
                Verdict verdict = verdict(decoder, line);
                if (!verdict.errorClass().equals(line.expectedVerdict())) {
                    disagreements.add("expected " + line.expectedVerdict() + ", got " + verdict + " at "
                            + line.describe());
                }
            } catch (Throwable thrown) {
                foreignThrowables.add(thrown + " at " + line.describe());
            }
        }

        assertThat(lines).as("%s lines in the corpus", name).isNotEmpty();
        assertThat(lines).as("%s lines the reference accepts", name).anyMatch(CorpusLine::accept);
        assertThat(lines).as("%s lines the reference rejects", name).anyMatch(line -> !line.accept());
        assertNone(name + ": lines that threw something other than CodecException", foreignThrowables, lines.size());
        assertNone(name + ": verdicts that differ from the reference", disagreements, lines.size());
    }

    /** Fails with the count of {@code problems} and the first {@value #MAX_REPORTED} of them. */
    private static void assertNone(String what, List<String> problems, int lines) {
        if (problems.isEmpty()) {
            return;
        }
        String shown = problems.stream().limit(MAX_REPORTED).collect(Collectors.joining(System.lineSeparator() + "  "));
        throw new AssertionError(what + ": " + problems.size() + " of " + lines + " lines; the first "
                + Math.min(MAX_REPORTED, problems.size()) + ":" + System.lineSeparator() + "  " + shown);
    }

    /** The outcome of a composite decode: {@value #ACCEPTED} or the error class, and the rejection's message. */
    private record Verdict(String errorClass, String detail) {
        @Override
        public String toString() {
            return detail == null ? errorClass : errorClass + " (\"" + detail + "\")";
        }
    }

    private static Verdict verdict(CompositeDecoder decoder, CorpusLine line) {
        byte[] bytes = line.bytes();
        try {
            decoder.decode(GoldenFiles.atBufferEnd(bytes), GoldenFiles.REGION_OFFSET, bytes.length, line.param());
            return new Verdict(ACCEPTED, null);
        } catch (CodecException rejection) {
            return new Verdict(rejection.error().name(), rejection.getMessage());
        }
    }
}
