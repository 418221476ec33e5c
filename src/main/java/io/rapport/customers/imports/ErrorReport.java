package io.rapport.customers.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rejected rows of an import as CSV (row, column, reason), written page by page so a file with a million bad
 * rows streams. Cells that a spreadsheet would run as a formula are prefixed with a quote.
 */
@Component
class ErrorReport {

    private record Line(long id, long rowNo, String column, String reason) {}

    private final JdbcClient jdbc;

    ErrorReport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Streams the report as a download ({@code import-<id>-errors.csv}) on the request's own thread. */
    void download(long importId, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"import-" + importId + "-errors.csv\"");
        write(importId, response.getOutputStream());
    }

    void write(long importId, OutputStream out) {
        try {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("row,column,reason\r\n");
            long afterRow = 0;
            long afterId = 0;
            while (true) {
                List<Line> page = jdbc.sql("""
                        select id, row_no, col, reason from import_errors where import_id = :import and (row_no, id) > (:row, :id)
                        order by row_no, id limit 5000""")
                        .param("import", importId).param("row", afterRow).param("id", afterId)
                        .query((rs, n) -> new Line(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4))).list();
                for (Line l : page) {
                    w.write(l.rowNo() + "," + cell(l.column()) + "," + cell(l.reason()) + "\r\n");
                }
                if (page.size() < 5000) break;
                afterRow = page.getLast().rowNo();
                afterId = page.getLast().id();
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cell(String value) {
        if (value == null) return "";
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
