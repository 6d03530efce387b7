package io.netdata.netipc.cli.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void columnsAreAlignedAndTheLastIsNotPadded() {
        TextTable table = new TextTable("NAME", "PATH");
        table.add("a", "/x");
        table.add("much-longer", "/y/z");
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out, true));

        assertThat(out.toString().lines()).containsExactly(
                "NAME         PATH",
                "a            /x",
                "much-longer  /y/z");
        assertThat(table.rowCount()).isEqualTo(2);
    }

    @Test
    void controlCharactersCannotBreakTheLayout() {
        assertThat(TextTable.printable("a\tb\nc\u001b[31m é")).isEqualTo("a?b?c?[31m é");
        assertThatThrownBy(() -> new TextTable("ONE").add("a", "b")).isInstanceOf(IllegalArgumentException.class);
    }
}
