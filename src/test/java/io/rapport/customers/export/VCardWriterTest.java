package io.rapport.customers.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VCardWriterTest {

    static String card(java.util.function.Consumer<VCardWriter> body) {
        StringWriter out = new StringWriter();
        VCardWriter writer = new VCardWriter(out).begin();
        body.accept(writer);
        writer.end();
        return out.toString();
    }

    @Test
    void wrapsPropertiesInBeginVersionEndWithCrLf() {
        assertThat(card(w -> w.text("FN", "Ann Smith")))
                .isEqualTo("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Smith\r\nEND:VCARD\r\n");
    }

    @Test
    void escapesBackslashCommaSemicolonAndLineBreaks() {
        assertThat(VCardWriter.escape("a\\b,c;d\ne\r\nf\rg")).isEqualTo("a\\\\b\\,c\\;d\\ne\\nf\\ng");
        assertThat(card(w -> w.text("NOTE", "Acme, Inc.; \"HQ\"\nLine 2")))
                .contains("\r\nNOTE:Acme\\, Inc.\\; \"HQ\"\\nLine 2\r\n");
    }

    @Test
    void joinsCompoundComponentsWithSemicolonsAndListsWithCommas() {
        assertThat(card(w -> w.compound("N", "O;Brien", "Ann, Jr", "", "", "")
                .list("CATEGORIES", List.of("vip", "a,b"))))
                .contains("\r\nN:O\\;Brien;Ann\\, Jr;;;\r\n")
                .contains("\r\nCATEGORIES:vip,a\\,b\r\n");
    }

    @Test
    void leavesOutEmptyTextAndWritesUtcTimestamps() {
        assertThat(card(w -> w.text("TITLE", null).text("ORG", " ").timestamp("REV", Instant.parse("2026-12-01T09:05:03.123Z"))))
                .isEqualTo("BEGIN:VCARD\r\nVERSION:4.0\r\nREV:20261201T090503Z\r\nEND:VCARD\r\n");
    }

    @Test
    void foldsLinesLongerThan75OctetsWithALeadingSpace() {
        String folded = VCardWriter.fold("NOTE:" + "x".repeat(200));
        String[] lines = folded.split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).hasSize(75);
        assertThat(lines[1]).startsWith(" ").hasSize(75);
        assertThat(lines[2]).startsWith(" ");
        assertThat(unfold(folded)).isEqualTo("NOTE:" + "x".repeat(200));
        assertThat(VCardWriter.fold("FN:" + "y".repeat(72))).isEqualTo("FN:" + "y".repeat(72) + "\r\n");  // exactly 75
    }

    @Test
    void neverSplitsAMultiByteCharacterWhenFolding() {
        // 2-byte (é), 3-byte (€, 漢) and 4-byte (emoji, a surrogate pair in Java) characters across fold points
        String value = "é€漢😀".repeat(40);
        String folded = VCardWriter.fold("NOTE:" + value);
        for (String line : folded.split("\r\n")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).as(line).isLessThanOrEqualTo(75);
            // each physical line is valid UTF-8 on its own: it round-trips without replacement characters
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(line).doesNotContain("\uFFFD");
            assertThat(Character.isLowSurrogate(line.charAt(line.startsWith(" ") ? 1 : 0))).isFalse();
        }
        assertThat(unfold(folded)).isEqualTo("NOTE:" + value);
    }

    @Test
    void foldingUsesTheFullLimitForMultiByteText() {
        // 5 ASCII octets + 35 × 2 octets = 75: fits; one more 2-octet character must move to the next line
        assertThat(VCardWriter.fold("NOTE:" + "é".repeat(35)).split("\r\n")).hasSize(1);
        String[] lines = VCardWriter.fold("NOTE:" + "é".repeat(36)).split("\r\n");
        assertThat(lines).containsExactly("NOTE:" + "é".repeat(35), " é");
    }

    static String unfold(String folded) {
        return folded.replace("\r\n ", "").replaceFirst("\r\n$", "");
    }
}
