package io.netdata.netipc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
    private static final String ASCII = "system.slice";
    private static final String NON_ASCII = "caf\u00e9-\u65e5\u672c-\uD83D\uDE00";
    private static final int VIEW_OFFSET = 3;

    /** A view of the UTF-8 encoding of {@code text} at {@link #VIEW_OFFSET} inside a larger buffer. */
    private static BytesView viewOf(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(VIEW_OFFSET + utf8.length + 1);
        buffer.put(VIEW_OFFSET, utf8);
        buffer.put(VIEW_OFFSET + utf8.length, (byte) '#');
        return new BytesView().wrap(buffer, VIEW_OFFSET, utf8.length);
    }

    @Nested
    class BytesViewTest {
        @Test
        void exposesItsRange() {
            BytesView view = viewOf(ASCII);

            assertThat(view.offset()).isEqualTo(VIEW_OFFSET);
            assertThat(view.length()).isEqualTo(ASCII.length());
            assertThat(view.isEmpty()).isFalse();
            assertThat(view.buffer().capacity()).isEqualTo(VIEW_OFFSET + ASCII.length() + 1);
            assertThat(view.byteAt(0)).isEqualTo((byte) 's');
            assertThat(view.toString()).isEqualTo(ASCII);
        }

        @Test
        void byteAtChecksTheViewBoundsNotTheBuffer() {
            BytesView view = viewOf(ASCII);
            assertThatThrownBy(() -> view.byteAt(ASCII.length())).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> view.byteAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        }

        @Test
        void wrapRejectsRangesOutsideTheBuffer() {
            ByteBuffer buffer = ByteBuffer.allocate(4);
            assertThatThrownBy(() -> new BytesView().wrap(buffer, 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> new BytesView().wrap(null, 0, 0)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void unwrappedViewPrintsAsEmpty() {
            assertThat(new BytesView().toString()).isEmpty();
        }

        @Test
        void copiesOutItsBytes() {
            BytesView view = viewOf(NON_ASCII);
            byte[] utf8 = NON_ASCII.getBytes(StandardCharsets.UTF_8);

            assertThat(view.toByteArray()).isEqualTo(utf8);
            assertThat(view.toByteString()).isEqualTo(ByteString.of(utf8));
            assertThat(view.asString()).isEqualTo(NON_ASCII);

            ByteBuffer target = ByteBuffer.allocate(utf8.length + 2);
            view.copyTo(target, 2);
            assertThat(target.array()).endsWith(utf8);
        }

        @Test
        void emptyViewCopiesToTheSharedEmptyByteString() {
            BytesView empty = viewOf("");
            assertThat(empty.isEmpty()).isTrue();
            assertThat(empty.toByteString()).isSameAs(ByteString.EMPTY);
        }

        @Test
        void contentEqualsAsciiText() {
            BytesView view = viewOf(ASCII);

            assertThat(view.contentEquals(ASCII)).isTrue();
            assertThat(view.contentEquals(new StringBuilder(ASCII))).isTrue();
            assertThat(view.contentEquals("system.slicE")).isFalse();
            assertThat(view.contentEquals("system.slic")).isFalse();
            assertThat(view.contentEquals(ASCII + "e")).isFalse();
        }

        @Test
        void contentEqualsNonAsciiTextByItsUtf8Encoding() {
            BytesView view = viewOf(NON_ASCII);

            assertThat(view.contentEquals(NON_ASCII)).isTrue();
            assertThat(view.contentEquals(NON_ASCII.replace('\u00e9', '\u00e8'))).isFalse();
            assertThat(viewOf("caf\u00c3\u00a9").contentEquals("caf\u00e9")).isFalse();
            assertThat(viewOf(ASCII).contentEquals(NON_ASCII)).isFalse();
        }

        @Test
        void contentEqualsByteSources() {
            BytesView view = viewOf(ASCII);

            assertThat(view.contentEquals(ByteString.utf8(ASCII))).isTrue();
            assertThat(view.contentEquals(viewOf(ASCII))).isTrue();
            assertThat(view.contentEquals(ByteString.utf8("system.slicE"))).isFalse();
            assertThat(view.contentEquals(ByteString.EMPTY)).isFalse();
        }

        @Test
        void reportsEmbeddedNul() {
            assertThat(viewOf(ASCII).containsNul()).isFalse();
            assertThat(viewOf("a\0b").containsNul()).isTrue();
        }
    }

    @Nested
    class ByteStringTest {
        private static final byte[] LOW = {0x01, 0x7F};
        private static final byte[] HIGH = {(byte) 0x80};

        @Test
        void contentEqualsComparesBytesWhateverTheOtherSourceIs() {
            ByteString name = ByteString.utf8("cgroup-7");

            assertThat(name.contentEquals(ByteString.utf8("cgroup-7"))).isTrue();
            assertThat(name.contentEquals(ByteString.utf8("cgroup-8"))).isFalse();
            assertThat(name.contentEquals(ByteString.utf8("cgroup-77"))).isFalse();
            assertThat(name.contentEquals(viewOf("cgroup-7"))).as("a wire view").isTrue();
            assertThat(name.contentEquals(viewOf("cgroup-x"))).isFalse();
            assertThat(ByteString.EMPTY.contentEquals(viewOf(""))).isTrue();
        }

        @Test
        void ofCopiesItsInput() {
            byte[] source = {1, 2, 3};
            ByteString string = ByteString.of(source);
            source[0] = 9;

            assertThat(string.byteAt(0)).isEqualTo((byte) 1);
            byte[] copy = string.toByteArray();
            copy[1] = 9;
            assertThat(string.byteAt(1)).isEqualTo((byte) 2);
        }

        @Test
        void equalityAndHashCodeAreByContent() {
            assertThat(ByteString.utf8(ASCII)).isEqualTo(ByteString.of(ASCII.getBytes(StandardCharsets.US_ASCII)))
                    .hasSameHashCodeAs(ByteString.of(ASCII.getBytes(StandardCharsets.US_ASCII)));
            assertThat(ByteString.utf8(ASCII)).isNotEqualTo(ByteString.utf8(ASCII + "x"));
            assertThat(ByteString.utf8(ASCII)).isNotEqualTo(ASCII);
            assertThat(ByteString.of(new byte[0])).isEqualTo(ByteString.EMPTY);
        }

        @Test
        void comparesBytesAsUnsigned() {
            assertThat(ByteString.of(LOW)).isLessThan(ByteString.of(HIGH));
            assertThat(ByteString.of(HIGH)).isGreaterThan(ByteString.of(LOW));
            assertThat(ByteString.EMPTY).isLessThan(ByteString.of(LOW));
            assertThat(ByteString.of(LOW).compareTo(ByteString.of(LOW.clone()))).isZero();
        }

        @Test
        void formatsAndParsesHex() {
            ByteString string = ByteString.of(new byte[] {0x00, (byte) 0xAB, 0x7F, (byte) 0xFF});

            assertThat(string.toHex()).isEqualTo("00ab7fff");
            assertThat(ByteString.fromHex("00ab7fff")).isEqualTo(string);
            assertThat(ByteString.fromHex("00AB7FFF")).isEqualTo(string);
            assertThat(ByteString.fromHex("")).isEqualTo(ByteString.EMPTY);
        }

        @Test
        void decodesAsUtf8() {
            assertThat(ByteString.utf8(NON_ASCII).asString()).isEqualTo(NON_ASCII);
            assertThat(ByteString.utf8(NON_ASCII).toString()).isEqualTo(NON_ASCII);
            assertThat(ByteString.of(new byte[] {(byte) 0xFF}).asString()).isEqualTo("\uFFFD");
        }

        @Test
        void copiesIntoABufferAtAnIndex() {
            ByteBuffer target = ByteBuffer.allocate(ASCII.length() + 1);
            ByteString.utf8(ASCII).copyTo(target, 1);
            assertThat(new String(target.array(), 1, ASCII.length(), StandardCharsets.US_ASCII)).isEqualTo(ASCII);
        }

        @Test
        void copyOfReturnsOwnedStringsAsIsAndCopiesViews() {
            ByteString owned = ByteString.utf8(ASCII);
            BytesView view = viewOf(ASCII);

            assertThat(ByteString.copyOf(owned)).isSameAs(owned);
            assertThat(ByteString.copyOf(view)).isEqualTo(owned);
            assertThat(ByteString.copyOf(viewOf(""))).isSameAs(ByteString.EMPTY);
            assertThatThrownBy(() -> ByteString.copyOf(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void reportsEmbeddedNul() {
            assertThat(ByteString.utf8("a\0").containsNul()).isTrue();
            assertThat(ByteString.of(WireBytes.everyNonNulByte()).containsNul()).isFalse();
        }

        @Test
        void comparesContentWithAnyByteSource() {
            assertThat(ByteString.utf8("abc").contentEquals(viewOf("abc"))).isTrue();
            assertThat(viewOf("abc").contentEquals(ByteString.utf8("abc"))).isTrue();
            assertThat(ByteString.utf8("abc").contentEquals(ByteString.utf8("abd"))).as("same length").isFalse();
            assertThat(ByteString.utf8("abc").contentEquals(ByteString.utf8("ab"))).as("other length").isFalse();
            assertThat(ByteString.EMPTY.contentEquals(viewOf(""))).isTrue();
        }
    }

    @Nested
    class SimpleHashTest {
        private static final int MAX_FRAGMENTS = 24;

        /** FNV-1a 32-bit reference vectors (offset basis, "a", "foobar"). */
        static Stream<Arguments> fnv1aVectors() {
            return Stream.of(
                    Arguments.of("", 0x811c9dc5L),
                    Arguments.of("a", 0xe40c292cL),
                    Arguments.of("foobar", 0xbf9cf968L));
        }

        @ParameterizedTest
        @MethodSource("fnv1aVectors")
        void matchesFnv1aReferenceVectors(String text, long expected) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

            assertThat(SimpleHash.of(text)).isEqualTo(expected);
            assertThat(SimpleHash.of(bytes)).isEqualTo(expected);
            assertThat(SimpleHash.of(ByteString.of(bytes))).isEqualTo(expected);
        }

        @Test
        void treatsBytesAsUnsigned() {
            byte[] high = {(byte) 0xFF, (byte) 0x80};
            long expected = Integer.toUnsignedLong(
                    ((SimpleHash.OFFSET_BASIS ^ 0xFF) * SimpleHash.PRIME ^ 0x80) * SimpleHash.PRIME);

            assertThat(SimpleHash.of(high)).isEqualTo(expected);
            assertThat(SimpleHash.of(ByteString.of(high))).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {NON_ASCII, "\u007f\u0080\u07ff\u0800\uffff", "\uD800", "x\uDC00y", "\uD83D",
            "\uDBFF\uDFFF", "\uD83D\uD83D\uDE00"})
        void hashesTextAsItsUtf8Encoding(String text) {
            assertThat(SimpleHash.of(text)).isEqualTo(SimpleHash.of(text.getBytes(StandardCharsets.UTF_8)));
        }

        @ParameterizedTest
        @MethodSource(WireGen.CASES)
        void hashesRandomTextAsItsUtf8Encoding(WireGen gen) {
            String text = randomText(gen);
            assertThat(SimpleHash.of(text)).isEqualTo(SimpleHash.of(text.getBytes(StandardCharsets.UTF_8)));
            assertThat(SimpleHash.of(new StringBuilder(text))).isEqualTo(SimpleHash.of(ByteString.utf8(text)));
        }

        /** Text mixing ASCII, BMP characters, supplementary code points and lone surrogates. */
        private static String randomText(WireGen gen) {
            StringBuilder text = new StringBuilder();
            int fragments = gen.between(0, MAX_FRAGMENTS);
            for (int i = 0; i < fragments; i++) {
                switch (gen.between(0, 3)) {
                    case 0 -> text.append((char) gen.between(0, 0x7F));
                    case 1 -> text.append((char) gen.between(0x80, Character.MAX_VALUE));
                    case 2 -> text.appendCodePoint(gen.between(Character.MIN_SUPPLEMENTARY_CODE_POINT,
                            Character.MAX_CODE_POINT));
                    default -> text.append((char) gen.between(Character.MIN_SURROGATE, Character.MAX_SURROGATE));
                }
            }
            return text.toString();
        }
    }

    @Nested
    class Statuses {
        @ParameterizedTest
        @CsvSource({"0, OK", "1, BAD_ENVELOPE", "2, AUTH_FAILED", "3, INCOMPATIBLE", "4, UNSUPPORTED",
            "5, LIMIT_EXCEEDED", "6, INTERNAL_ERROR"})
        void transportStatusCodesMatchTheSpecification(int code, TransportStatus status) {
            assertThat(status.code()).isEqualTo(code);
            assertThat(TransportStatus.fromCode(code)).isSameAs(status);
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 7, WireBytes.U16_MAX})
        void transportStatusIsNullForUndefinedCodes(int code) {
            assertThat(TransportStatus.fromCode(code)).isNull();
        }
    }

    @Nested
    class CodecExceptionTest {
        @Test
        void carriesItsErrorClassAndNoStackTrace() {
            CodecException exception = new CodecException(CodecError.MISSING_NUL, "name terminator");

            assertThat(exception.error()).isEqualTo(CodecError.MISSING_NUL);
            assertThat(exception.getMessage()).isEqualTo("MISSING_NUL: name terminator");
            assertThat(exception.getStackTrace()).isEmpty();
            assertThat(exception.getCause()).isNull();
        }
    }
}
