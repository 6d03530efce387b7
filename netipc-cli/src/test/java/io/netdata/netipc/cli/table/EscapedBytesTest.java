package io.netdata.netipc.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdata.netipc.protocol.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables show wire strings losslessly: distinct bytes never print alike. */
class EscapedBytesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2f78ff                 | /x\\xff
            2f78fe                 | /x\\xfe
            2f785c786666           | /x\\\\xff
            636166c3a9             | café
            c385                   | Å
            c3                     | \\xc3
            c328                   | \\xc3(
            6101620a63             | a\\x01b\\x0ac
            c285                   | \\xc2\\x85
            1b5b33316d             | \\x1b[31m
            eda080                 | \\xed\\xa0\\x80
            """)
    void showsUtf8AsTextAndEveryOtherByteEscaped(String hex, String shown) {
        assertThat(EscapedBytes.of(ByteString.fromHex(hex))).isEqualTo(shown);
    }

    @Test
    void stringsThatDecodeAlikeAsUtf8AreShownApart() {
        ByteString ff = ByteString.fromHex("2f78ff");
        ByteString fe = ByteString.fromHex("2f78fe");
        ByteString literal = ByteString.utf8("/x\\xff");

        assertThat(ff.asString()).isEqualTo(fe.asString());
        assertThat(EscapedBytes.of(ff)).isNotEqualTo(EscapedBytes.of(fe)).isNotEqualTo(EscapedBytes.of(literal));
    }

    @Test
    void escapedCellsPassTheTableUnchanged() {
        String shown = EscapedBytes.of(ByteString.fromHex("0a1b7fc285ff"));

        assertThat(TextTable.printable(shown)).isEqualTo(shown);
    }
}
