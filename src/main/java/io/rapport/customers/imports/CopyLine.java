package io.rapport.customers.imports;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/** One line of PostgreSQL's COPY text format, built value by value (batches go in with one COPY, not row inserts). */
public final class CopyLine {

    private final StringBuilder line = new StringBuilder(256);
    private boolean first = true;

    public CopyLine add(Object value) {
        separate();
        if (value == null) line.append("\\N");
        else if (value instanceof Boolean b) line.append(b ? 't' : 'f');
        else escape(value.toString());
        return this;
    }

    /** A text[] value; null or empty is the empty array. */
    public CopyLine array(List<String> values) {
        separate();
        StringBuilder literal = new StringBuilder("{");
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) literal.append(',');
                literal.append('"');
                String v = values.get(i);
                for (int j = 0; j < v.length(); j++) {
                    char c = v.charAt(j);
                    if (c == '"' || c == '\\') literal.append('\\');
                    literal.append(c);
                }
                literal.append('"');
            }
        }
        escape(literal.append('}').toString());
        return this;
    }

    @Override
    public String toString() {
        return line.toString();
    }

    private void separate() {
        if (!first) line.append('\t');
        first = false;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c);
            }
        }
    }

    /** COPYs the lines into {@code table (columns)} on the transaction's connection. */
    public static long copy(Connection connection, String table, String columns, List<String> lines) throws SQLException {
        if (lines.isEmpty()) return 0;
        StringBuilder all = new StringBuilder(lines.size() * 200);
        for (String l : lines) all.append(l).append('\n');
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + table + " (" + columns + ") from stdin", new StringReader(all.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }
}
