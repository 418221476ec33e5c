package io.rapport.customers.export;

import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.RowStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A list view as CSV: a header of the column labels, then one line per row with each cell as the page shows it.
 * RFC 4180 (comma, CRLF, fields with commas, quotes or line breaks in double quotes, quotes doubled), UTF-8 with a
 * byte-order mark so that Excel reads the accents right.
 */
public final class CsvExport {

    /** U+FEFF: Excel takes a CSV file for UTF-8 only when it starts with this. */
    static final char BOM = '\uFEFF';
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private CsvExport() {}

    /** Writes the header and every row; returns the number of rows (the header not counted). */
    public static <T> long write(List<Column<T>> columns, RowStream<T> rows, OutputStream out) {
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            writer.write(BOM);
            CSVPrinter csv = new CSVPrinter(writer, FORMAT);
            csv.printRecord(columns.stream().map(c -> safe(c.label())).toList());
            List<String> cells = new ArrayList<>(columns.size());
            long count = rows.forEach(row -> {
                cells.clear();
                for (Column<T> column : columns) cells.add(safe(column.cell().apply(row).plain()));
                try {
                    csv.printRecord(cells);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            csv.flush();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Defuses formula injection (OWASP "CSV Injection"): a cell starting with {@code = + - @}, a tab or a carriage
     * return would be run as a formula by a spreadsheet, so it gets a leading single quote, which spreadsheets read as
     * "this is text". Plain numbers such as {@code -12.5} are left alone: they cannot carry a formula.
     */
    static String safe(String value) {
        if (value == null || value.isEmpty()) return "";
        char first = value.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !PLAIN_NUMBER.matcher(value).matches() ? "'" + value : value;
    }
}
