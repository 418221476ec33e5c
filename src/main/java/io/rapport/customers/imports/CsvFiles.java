package io.rapport.customers.imports;

import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/** How Rapport reads CSV: strict UTF-8 (BOM or not), ',' or ';' as found in the header line, RFC 4180 quoting. */
final class CsvFiles {

    private CsvFiles() {}

    static BufferedReader reader(InputStream in) {
        return new BufferedReader(new StrictUtf8Reader(in), 64 * 1024);
    }

    /**
     * ';' when the header line has more semicolons than commas outside quotes, else ','. The reader is left where
     * it was. Returns 0 for a file without any content.
     */
    static char separator(BufferedReader reader) throws IOException {
        reader.mark(64 * 1024);
        int commas = 0;
        int semicolons = 0;
        int read = 0;
        boolean quoted = false;
        boolean any = false;
        for (int c; read < 64 * 1024 - 1 && (c = reader.read()) >= 0; read++) {
            if (!Character.isWhitespace(c)) any = true;
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r') && any) break;
            else if (!quoted && c == ',') commas++;
            else if (!quoted && c == ';') semicolons++;
        }
        reader.reset();
        if (!any) return 0;
        return semicolons > commas ? ';' : ',';
    }

    static CSVParser parser(BufferedReader reader, char separator) throws IOException {
        return CSVFormat.DEFAULT.builder().setDelimiter(separator).setIgnoreEmptyLines(true).get().parse(reader);
    }

    /** A file that cannot be read on from here: not UTF-8, or broken quoting. */
    static ApiProblem unreadable(UncheckedIOException e, long afterRow) {
        if (e.getCause() instanceof StrictUtf8Reader.NotUtf8Exception notUtf8) return notUtf8.asProblem();
        String message = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        String reason = message != null && message.contains("EOF reached before encapsulated token finished")
                ? "a quoted field (opened after row " + afterRow + ") is never closed"
                : message != null && message.contains("invalid char between encapsulated token and delimiter")
                ? "a quoted field after row " + afterRow + " is followed by other characters before the separator"
                : "the file cannot be read after row " + afterRow + ": " + message;
        return Problems.invalid("file", "Broken CSV: " + reason + " " + lineOf(message));
    }

    private static String lineOf(String message) {
        if (message == null) return "";
        var m = java.util.regex.Pattern.compile("line (\\d+)|startline (\\d+)", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(message);
        if (!m.find()) return "";
        return "(line " + (m.group(1) != null ? m.group(1) : m.group(2)) + ")";
    }
}
