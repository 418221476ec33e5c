package io.rapport.service.mail;

import java.util.regex.Pattern;

/**
 * The new words of a reply, without what it quotes: cuts at the first quote header ("On … wrote:", Outlook's
 * "-----Original Message-----" or a "From:" block) or signature delimiter ("-- "), and drops "&gt;" lines.
 */
final class QuoteStripper {

    private static final Pattern WROTE = Pattern.compile("^\\s*(On|Am|Le|El|Op|Il)\\s.{0,300}(wrote|schrieb|a écrit|escribió|schreef|ha scritto)\\s*:\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL = Pattern.compile("^\\s*-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\\s*-{2,}\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_FROM = Pattern.compile("^\\s*\\*?(From|Von|De)\\s*:\\*?\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_LINE = Pattern.compile("^\\s*\\*?(Sent|Gesendet|Envoyé|To|An|À|Subject|Betreff|Objet|Date|Cc)\\s*:.*",
            Pattern.CASE_INSENSITIVE);

    private QuoteStripper() {}

    static String strip(String text) {
        if (text == null) return "";
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals("-- ") || line.equals("--") || ORIGINAL.matcher(line).matches() || WROTE.matcher(line).matches()) break;
            // "On Tue, 1 Dec 2026 at 10:00, Jane <jane@example.com>" wrapped onto a second line ending in "wrote:"
            if (i + 1 < lines.length && line.matches("^\\s*On\\s.+") && lines[i + 1].trim().matches(".*wrote:\\s*$")) break;
            if (OUTLOOK_FROM.matcher(line).matches() && i + 1 < lines.length && HEADER_LINE.matcher(lines[i + 1]).matches()) break;
            if (line.startsWith(">")) continue;
            out.append(line).append('\n');
        }
        String stripped = out.toString().strip();
        return stripped.isEmpty() ? text.strip() : stripped;  // all quote: keep what was sent rather than nothing
    }
}
