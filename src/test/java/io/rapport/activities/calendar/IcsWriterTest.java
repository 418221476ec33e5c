package io.rapport.activities.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IcsWriterTest {

    @Test
    void escapesBackslashSemicolonCommaAndLineBreaks() {
        assertThat(IcsWriter.escapeText("a\\b;c,d\ne\r\nf\rg")).isEqualTo("a\\\\b\\;c\\,d\\ne\\nf\\ng");
        assertThat(IcsWriter.escapeText("bell\u0007 tab\t")).isEqualTo("bell tab\t");
        String ics = new IcsWriter().text("SUMMARY", "Lunch; then, maybe\nmore").toString();
        assertThat(ics).isEqualTo("SUMMARY:Lunch\\; then\\, maybe\\nmore\r\n");
    }

    @Test
    void foldsLongLinesAt75OctetsWithoutSplittingCharacters() {
        String text = "Besprechung über Größenordnungen — 会議の議題 ".repeat(8);
        String ics = new IcsWriter().text("DESCRIPTION", text).toString();
        assertThat(ics).endsWith("\r\n");
        String[] lines = ics.substring(0, ics.length() - 2).split("\r\n", -1);
        assertThat(lines.length).isGreaterThan(3);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i].getBytes(StandardCharsets.UTF_8).length).as("line " + i).isLessThanOrEqualTo(75);
            if (i > 0) assertThat(lines[i]).startsWith(" ");
            assertThat(lines[i]).doesNotContain("\uFFFD");
        }
        // unfolding (remove CRLF + one space) gives back the escaped value exactly
        assertThat(ics.replace("\r\n ", "")).isEqualTo("DESCRIPTION:" + IcsWriter.escapeText(text) + "\r\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void aLineOfExactly75OctetsIsNotFolded() {
        String value = "x".repeat(75 - "SUMMARY:".length());
        assertThat(new IcsWriter().text("SUMMARY", value).toString()).isEqualTo("SUMMARY:" + value + "\r\n");
        assertThat(new IcsWriter().text("SUMMARY", value + "y").toString()).isEqualTo("SUMMARY:" + value + "\r\n y\r\n");
    }

    @Test
    void writesTimesInUtcToTheSecondAndQuotesParameterValues() {
        assertThat(IcsWriter.utc(Instant.parse("2026-12-01T09:30:15.789Z"))).isEqualTo("20261201T093015Z");
        String ics = new IcsWriter().person("ATTENDEE", "Doe, \"Jane\"", "jane@example.com", "ROLE=REQ-PARTICIPANT").toString();
        assertThat(ics).isEqualTo("ATTENDEE;CN=\"Doe, Jane\";ROLE=REQ-PARTICIPANT:mailto:jane@example.com\r\n");
        assertThat(new IcsWriter().text("LOCATION", null).text("LOCATION", "  ").toString()).isEmpty();
    }
}
