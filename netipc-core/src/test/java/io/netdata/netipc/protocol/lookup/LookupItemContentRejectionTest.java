package io.netdata.netipc.protocol.lookup;

import static io.netdata.netipc.protocol.CodecAssertions.assertRejects;
import static io.netdata.netipc.protocol.WireBytes.*;
import static io.netdata.netipc.protocol.lookup.LookupFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import io.netdata.netipc.protocol.CodecError;
import io.netdata.netipc.protocol.Wire;
import io.netdata.netipc.protocol.lookup.LookupKind.StringField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The response string and label rules that CGROUPS_LOOKUP and APPS_LOOKUP share
 * ("Decoder Validation" and "Labels"), checked for every string of both item
 * layouts with the reference decoder's error class.
 */
class LookupItemContentRejectionTest {
    /** What the string-overlap rule says when it rejects. */
    private static final String OVERLAP = "overlap";

    private static final String SOURCES = "io.netdata.netipc.protocol.lookup.LookupItemContentRejectionTest#";
    private static final String EVERY_STRING = SOURCES + "everyString";
    private static final String EVERY_UNBOUNDED_STRING = SOURCES + "everyUnboundedString";
    private static final String EVERY_STRING_PAIR = SOURCES + "everyStringPair";

    static Stream<Arguments> everyString() {
        return Arrays.stream(LookupKind.values())
                .flatMap(kind -> kind.strings().stream().map(string -> Arguments.of(kind, string)));
    }

    /** Every string whose length only the item bounds (not comm, which the 15-byte rule rejects first). */
    static Stream<Arguments> everyUnboundedString() {
        return everyString().filter(arguments -> ((StringField) arguments.get()[1]).maxLength() == Integer.MAX_VALUE);
    }

    static Stream<Arguments> everyStringPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (LookupKind kind : LookupKind.values()) {
            List<StringField> strings = kind.strings();
            for (int first = 0; first < strings.size(); first++) {
                for (int second = first + 1; second < strings.size(); second++) {
                    pairs.add(Arguments.of(kind, strings.get(first), strings.get(second)));
                }
            }
        }
        return pairs.stream();
    }

    private static ByteString reversed(ByteString string) {
        byte[] bytes = string.toByteArray();
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte swap = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = swap;
        }
        return ByteString.of(bytes);
    }

    private static SingleItem labelled(LookupKind kind) {
        return new SingleItem(kind, kind.labelledResponse(LABELS));
    }

    @Nested
    class Strings {
        @ParameterizedTest
        @MethodSource(EVERY_STRING)
        void rejectsStringOffsetInsideItemHeader(LookupKind kind, StringField string) {
            SingleItem item = labelled(kind);
            for (long offset : new long[] {0, kind.itemHeaderSize() - 1}) {
                assertRejects(CodecError.OUT_OF_BOUNDS,
                        () -> kind.decodeResponse(withU32(item.response(), item.field(string.offsetField()), offset)));
            }
        }

        @ParameterizedTest
        @MethodSource(EVERY_STRING)
        void rejectsStringPastItemEnd(LookupKind kind, StringField string) {
            SingleItem item = labelled(kind);
            long endWithoutRoomForNul = item.length() - u32(item.response(), item.field(string.lengthField()));
            assertRejects(CodecError.OUT_OF_BOUNDS, () -> kind.decodeResponse(
                    withU32(item.response(), item.field(string.offsetField()), endWithoutRoomForNul)));
        }

        @ParameterizedTest
        @MethodSource(EVERY_STRING)
        void rejectsStringOffsetOfU32MaxWithoutWrapping(LookupKind kind, StringField string) {
            SingleItem item = labelled(kind);
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> kind.decodeResponse(withU32(item.response(), item.field(string.offsetField()), U32_MAX)));
        }

        @ParameterizedTest
        @MethodSource(EVERY_UNBOUNDED_STRING)
        void rejectsStringLengthOfU32MaxWithoutWrapping(LookupKind kind, StringField string) {
            SingleItem item = labelled(kind);
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> kind.decodeResponse(withU32(item.response(), item.field(string.lengthField()), U32_MAX)));
        }

        @ParameterizedTest
        @MethodSource(EVERY_STRING)
        void rejectsStringMissingNul(LookupKind kind, StringField string) {
            SingleItem item = labelled(kind);
            assertRejects(CodecError.MISSING_NUL,
                    () -> kind.decodeResponse(withU8(item.response(), item.terminator(string), '!')));
        }

        @ParameterizedTest
        @MethodSource(EVERY_STRING)
        void rejectsInteriorNulInString(LookupKind kind, StringField string) {
            SingleItem item = labelled(kind);
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeResponse(withU8(item.response(), item.stringStart(string), 0)));
        }

        @ParameterizedTest
        @MethodSource(EVERY_STRING_PAIR)
        void rejectsOverlappingStrings(LookupKind kind, StringField first, StringField second) {
            SingleItem item = labelled(kind);
            byte[] response = item.response();
            byte[] aliased = withU32(response, item.field(second.offsetField()),
                    u32(response, item.field(first.offsetField())));
            byte[] corrupt = withU32(aliased, item.field(second.lengthField()),
                    u32(response, item.field(first.lengthField())));
            assertRejects(CodecError.BAD_LAYOUT, OVERLAP, () -> kind.decodeResponse(corrupt));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsEmptyStringOnAnotherStringsNul(LookupKind kind) {
            SingleItem item = new SingleItem(kind, kind.plainResponse());
            StringField first = kind.strings().get(0);
            StringField empty = kind.strings().get(kind.strings().size() - 1);
            assertThat(u32(item.response(), item.field(empty.lengthField()))).isZero();

            long firstNul = item.terminator(first) - item.start();
            assertRejects(CodecError.BAD_LAYOUT, OVERLAP,
                    () -> kind.decodeResponse(withU32(item.response(), item.field(empty.offsetField()), firstNul)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsBytesAfterStringsWhenThereAreNoLabels(LookupKind kind) {
            SingleItem item = new SingleItem(kind, kind.plainResponse());
            assertThat(kind.decodeStrings(item.response())).isEqualTo(kind.plainStrings());
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(item.withTrailingBytes(1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void acceptsStringsStoredInAnyOrder(LookupKind kind) {
            List<ByteString> values = new ArrayList<>(kind.labelledStrings());
            values.set(1, reversed(values.get(0)));
            SingleItem item = new SingleItem(kind, kind.responseWithStrings(values, LABELS));
            StringField first = kind.strings().get(0);
            StringField second = kind.strings().get(1);
            byte[] response = item.response();
            byte[] swapped = withU32(withU32(response, item.field(first.offsetField()),
                    u32(response, item.field(second.offsetField()))), item.field(second.offsetField()),
                    u32(response, item.field(first.offsetField())));
            Collections.swap(values, 0, 1);

            assertThat(kind.decodeStrings(swapped)).isEqualTo(values);
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void acceptsStringsWithEveryNonNulByteValue(LookupKind kind) {
            byte[] every = everyNonNulByte();
            List<ByteString> values = kind.strings().stream()
                    .map(string -> ByteString.of(Arrays.copyOf(every, Math.min(every.length, string.maxLength()))))
                    .toList();
            List<LookupLabel> labels = List.of(new LookupLabel(ByteString.of(every), ByteString.of(every)));
            byte[] response = kind.responseWithStrings(values, labels);

            assertThat(kind.decodeStrings(response)).isEqualTo(values);
            assertThat(kind.decodeLabels(response)).isEqualTo(labels);
        }
    }

    @Nested
    class Labels {
        private static final int FIRST = 0;
        private static final int SECOND = 1;

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void acceptsLabelsWithEmptyValues(LookupKind kind) {
            SingleItem item = labelled(kind);
            assertThat(LABELS.get(SECOND).value().length()).isZero();
            assertThat(u32(item.response(), item.label(SECOND, LABEL_VALUE_LENGTH))).isZero();
            assertThat(kind.decodeLabels(item.response())).isEqualTo(LABELS);
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void placesTheTableAtTheFirstAlignedOffsetAfterTheStrings(LookupKind kind) {
            SingleItem item = labelled(kind);
            assertThat(item.tableStart()).as("fixture has padding before its table").isGreaterThan(item.stringsEnd());
            assertThat(u32(item.response(), item.label(FIRST, LABEL_KEY_OFFSET)))
                    .isEqualTo(item.tableStart() + (long) LABELS.size() * LABEL_ENTRY_SIZE);
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsNonCanonicalLabelTableOffset(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeResponse(labelled(kind).withLabelTableMovedBy(Wire.ALIGNMENT)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsNonZeroPaddingBeforeLabelTable(LookupKind kind) {
            SingleItem item = labelled(kind);
            int padding = item.start() + item.stringsEnd();
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(withU8(item.response(), padding, 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelTableStartingPastItemEnd(LookupKind kind) {
            SingleItem item = new SingleItem(kind, kind.plainResponse());
            assertThat(item.tableStart()).isGreaterThan(item.length());
            assertRejects(CodecError.OUT_OF_BOUNDS,
                    () -> kind.decodeResponse(withU16(item.response(), item.field(kind.labelCountField()), 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelTableByteCountPastItemEnd(LookupKind kind) {
            SingleItem item = labelled(kind);
            for (int count : new int[] {LABELS.size() + 1, U16_MAX}) {
                assertRejects(CodecError.OUT_OF_BOUNDS, () -> kind.decodeResponse(
                        withU16(item.response(), item.field(kind.labelCountField()), count)));
            }
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsEmptyLabelKey(LookupKind kind) {
            SingleItem item = labelled(kind);
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeResponse(withU32(item.response(), item.label(SECOND, LABEL_KEY_LENGTH), 0)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelKeyNotPackedRightAfterTheTable(LookupKind kind) {
            SingleItem item = labelled(kind);
            int keyOffset = item.label(FIRST, LABEL_KEY_OFFSET);
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(
                    withU32(item.response(), keyOffset, u32(item.response(), keyOffset) + 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelValueNotRightAfterItsKey(LookupKind kind) {
            SingleItem item = labelled(kind);
            int valueOffset = item.label(FIRST, LABEL_VALUE_OFFSET);
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(
                    withU32(item.response(), valueOffset, u32(item.response(), valueOffset) - 1)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelKeysOutOfTableOrder(LookupKind kind) {
            SingleItem item = labelled(kind);
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(withU32(item.response(),
                    item.label(SECOND, LABEL_KEY_OFFSET), u32(item.response(), item.label(FIRST, LABEL_KEY_OFFSET)))));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsBytesAfterTheLastLabel(LookupKind kind) {
            assertRejects(CodecError.BAD_LAYOUT,
                    () -> kind.decodeResponse(labelled(kind).withTrailingBytes(Wire.ALIGNMENT)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelKeyMissingNul(LookupKind kind) {
            SingleItem item = labelled(kind);
            int keyNul = item.labelString(FIRST, LABEL_KEY_OFFSET) + LABELS.get(FIRST).key().length();
            assertRejects(CodecError.MISSING_NUL, () -> kind.decodeResponse(withU8(item.response(), keyNul, '=')));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelValueMissingNul(LookupKind kind) {
            SingleItem item = labelled(kind);
            int valueNul = item.labelString(FIRST, LABEL_VALUE_OFFSET) + LABELS.get(FIRST).value().length();
            assertRejects(CodecError.MISSING_NUL, () -> kind.decodeResponse(withU8(item.response(), valueNul, '!')));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsInteriorNulInLabelKey(LookupKind kind) {
            SingleItem item = labelled(kind);
            int key = item.labelString(FIRST, LABEL_KEY_OFFSET);
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(withU8(item.response(), key, 0)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsInteriorNulInLabelValue(LookupKind kind) {
            SingleItem item = labelled(kind);
            int value = item.labelString(FIRST, LABEL_VALUE_OFFSET);
            assertRejects(CodecError.BAD_LAYOUT, () -> kind.decodeResponse(withU8(item.response(), value, 0)));
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelKeyPastItemEnd(LookupKind kind) {
            SingleItem item = labelled(kind);
            for (long length : new long[] {item.length(), U32_MAX}) {
                assertRejects(CodecError.OUT_OF_BOUNDS, () -> kind.decodeResponse(
                        withU32(item.response(), item.label(SECOND, LABEL_KEY_LENGTH), length)));
            }
        }

        @ParameterizedTest
        @EnumSource(LookupKind.class)
        void rejectsLabelValuePastItemEnd(LookupKind kind) {
            SingleItem item = labelled(kind);
            for (long length : new long[] {1, U32_MAX}) {
                assertRejects(CodecError.OUT_OF_BOUNDS, () -> kind.decodeResponse(
                        withU32(item.response(), item.label(SECOND, LABEL_VALUE_LENGTH), length)));
            }
        }
    }
}
