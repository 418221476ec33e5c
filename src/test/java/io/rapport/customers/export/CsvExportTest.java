package io.rapport.customers.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.customers.listing.Cell;
import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.RowStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvExportTest {

    record Row(String name, String note) {}

    static final List<Column<Row>> COLUMNS = List.of(
            new Column<>("name", "Name", null, r -> Cell.text(r.name())),
            new Column<>("note", "Note", null, r -> Cell.text(r.note())));

    static byte[] csv(List<Column<Row>> columns, List<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RowStream<Row> stream = each -> {
            rows.forEach(each);
            return rows.size();
        };
        long written = CsvExport.write(columns, stream, out);
        assertThat(written).isEqualTo(rows.size());
        return out.toByteArray();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void startsWithAByteOrderMarkAndEndsLinesWithCrLf() {
        byte[] bytes = csv(COLUMNS, List.of(new Row("Ann", "x")));
        assertThat(bytes[0] & 0xff).isEqualTo(0xEF);
        assertThat(bytes[1] & 0xff).isEqualTo(0xBB);
        assertThat(bytes[2] & 0xff).isEqualTo(0xBF);
        assertThat(text(bytes)).isEqualTo("\uFEFFName,Note\r\nAnn,x\r\n");
    }

    @Test
    void anEmptyListIsTheHeaderOnly() {
        assertThat(text(csv(COLUMNS, List.of()))).isEqualTo("\uFEFFName,Note\r\n");
    }

    @Test
    void quotesCommasQuotesAndLineBreaksAsRfc4180Says() {
        String csv = text(csv(COLUMNS, List.of(new Row("Smith, Ann", "she said \"hi\"\nand left"), new Row("Zoë Ünal", "a\r\nb"))));
        assertThat(csv).isEqualTo("\uFEFFName,Note\r\n\"Smith, Ann\",\"she said \"\"hi\"\"\nand left\"\r\nZoë Ünal,\"a\r\nb\"\r\n");
    }

    @Test
    void prefixesCellsThatASpreadsheetWouldRunAsFormulas() {
        assertThat(CsvExport.safe("=HYPERLINK(\"http://evil\",\"x\")")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(CsvExport.safe("+1+cmd|' /C calc'!A0")).isEqualTo("'+1+cmd|' /C calc'!A0");
        assertThat(CsvExport.safe("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvExport.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvExport.safe("\t=1")).isEqualTo("'\t=1");
        assertThat(CsvExport.safe("\r=1")).isEqualTo("'\r=1");
        assertThat(CsvExport.safe("+14155552671")).isEqualTo("'+14155552671");
        // harmless: plain numbers, text with a formula character later on, empty cells
        assertThat(CsvExport.safe("-12.5")).isEqualTo("-12.5");
        assertThat(CsvExport.safe("a=b")).isEqualTo("a=b");
        assertThat(CsvExport.safe(null)).isEmpty();
    }

    @Test
    void escapesFormulasInHeadersAndCellsAndStillQuotesThem() {
        List<Column<Row>> columns = List.of(new Column<>("cf.evil", "=label", null, r -> Cell.text(r.name())),
                new Column<>("tags", "Tags", null, r -> Cell.tags(List.of("a", "=b"))));
        assertThat(text(csv(columns, List.of(new Row("=1+1,2", null)))))
                .isEqualTo("\uFEFF'=label,Tags\r\n\"'=1+1,2\",\"a, =b\"\r\n");
    }

    @Test
    void writesBadgesAndTagsAsThePageShowsThem() {
        List<Column<Row>> columns = List.of(new Column<>("tier", "Tier", null, r -> Cell.badge("GOLD")),
                new Column<>("tags", "Tags", null, r -> Cell.tags(List.of("vip", "emea"))),
                new Column<>("link", "Account", null, r -> Cell.link("Acme", "/accounts/1")));
        assertThat(text(csv(columns, List.of(new Row("x", null))))).endsWith("\r\nGold,\"vip, emea\",Acme\r\n");
    }
}
