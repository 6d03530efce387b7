package io.netdata.netipc.cli.table;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A table for people: a header row and rows of cells, columns left-aligned and
 * separated by two spaces; the last column is not padded. Control characters
 * in cells are shown as {@code ?} so that a hostile string cannot break the
 * layout or the terminal.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class TextTable {
    private static final String GAP = "  ";
    private static final char SHOWN_FOR_CONTROL = '?';

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... headers) {
        this.headers = headers.clone();
    }

    /** Adds a row of exactly as many cells as there are headers. */
    public void add(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.length + " columns");
        }
        String[] shown = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            shown[i] = printable(cells[i]);
        }
        rows.add(shown);
    }

    public int rowCount() {
        return rows.size();
    }

    /** Prints the header and the rows. */
    public void print(PrintWriter out) {
        int[] widths = new int[headers.length];
        measure(headers, widths);
        rows.forEach(row -> measure(row, widths));
        printRow(out, headers, widths);
        rows.forEach(row -> printRow(out, row, widths));
    }

    private static void measure(String[] row, int[] widths) {
        for (int i = 0; i < row.length; i++) {
            widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
        }
    }

    private static void printRow(PrintWriter out, String[] row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            line.append(row[i]);
            if (i < row.length - 1) {
                line.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()))).append(GAP);
            }
        }
        out.println(line);
    }

    static String printable(String cell) {
        StringBuilder shown = new StringBuilder(cell.length());
        cell.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(SHOWN_FOR_CONTROL);
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
