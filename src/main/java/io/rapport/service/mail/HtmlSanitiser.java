package io.rapport.service.mail;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * HTML from mail made safe to show to agents: no scripts, styles-with-code, event handlers or javascript: links
 * (jsoup's relaxed safelist), and no remote images loading by themselves (their src moves to data-src).
 */
final class HtmlSanitiser {

    private static final Safelist SAFE = Safelist.relaxed()
            .removeTags("img").addTags("span", "font", "center", "hr")
            .addAttributes(":all", "title", "dir").addAttributes("font", "color")
            .addAttributes("a", "rel").addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer");

    private HtmlSanitiser() {}

    static String sanitise(String html) {
        Document dirty = Jsoup.parse(html);
        // remote images would tell the sender the mail was opened: keep them as a link the agent may follow
        for (Element img : dirty.select("img[src]")) {
            String src = img.absUrl("src").isEmpty() ? img.attr("src") : img.absUrl("src");
            if (src.startsWith("http://") || src.startsWith("https://")) {
                img.replaceWith(new Element("a").attr("href", src).text("[image: " + (img.attr("alt").isBlank() ? "remote" : img.attr("alt")) + "]"));
            } else {
                img.remove();
            }
        }
        Document clean = new Cleaner(SAFE).clean(dirty);
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }

    /**
     * An agent's plain-text reply as HTML for the text/html part of the mail: escaped, paragraphs on blank lines, line
     * breaks kept, web addresses as links; and then through the same safelist as incoming mail.
     */
    static String fromText(String text) {
        StringBuilder html = new StringBuilder("<div>");
        for (String paragraph : (text == null ? "" : text.strip()).split("\\r?\\n\\s*\\r?\\n")) {
            if (paragraph.isBlank()) continue;
            String escaped = org.jsoup.nodes.Entities.escape(paragraph.strip());
            escaped = escaped.replaceAll("(https?://[^\\s<>&\"]+(?:&amp;[^\\s<>&\"]+)*)", "<a href=\"$1\">$1</a>");
            html.append("<p>").append(escaped.replaceAll("\\r?\\n", "<br>")).append("</p>");
        }
        html.append("</div>");
        Document clean = new Cleaner(SAFE).clean(Jsoup.parse(html.toString()));
        clean.outputSettings().prettyPrint(false);
        return "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"></head><body>" + clean.body().html() + "</body></html>";
    }

    /** The text an HTML-only mail says, line breaks kept, for body_text. */
    static String text(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("blockquote, div.gmail_quote, div#divRplyFwdMsg, div#appendonsend").remove();  // what the reply quotes
        doc.select("br").after("\\n");
        doc.select("p, div, li, tr, h1, h2, h3, h4, blockquote").before("\\n");
        String text = doc.text().replace("\\n", "\n");
        return text.replaceAll("[ \\t]*\n[ \\t]*", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }
}
