package io.rapport.service.macros;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The {@code {{…}}} placeholders of macros and automation e-mails: which exist, which a text uses, and their values
 * for one ticket (looked up in one query). Unknown names are rejected when a text is saved, never left in a reply.
 */
@Component
public class Placeholders {

    public static final List<String> KNOWN = List.of("contact.first_name", "contact.last_name", "contact.name",
            "contact.email", "ticket.number", "ticket.subject", "ticket.status", "ticket.priority", "ticket.type",
            "agent.name", "agent.email", "account.name");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private final JdbcClient jdbc;

    Placeholders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The placeholders in {@code text} that do not exist, in order of appearance. */
    public static List<String> unknown(String text) {
        if (text == null) return List.of();
        return PLACEHOLDER.matcher(text).results().map(m -> m.group(1))
                .filter(name -> !KNOWN.contains(name)).distinct().toList();
    }

    /** The values for a ticket as seen by {@code agentId} (null: no agent, e.g. automation); empty when no ticket. */
    public Map<String, String> values(long ticketId, Long agentId) {
        return jdbc.sql("""
                        select t.number, t.subject, t.status, t.priority, t.type, c.first_name, c.last_name, c.emails[1] as email,
                               a.name as account_name, u.name as agent_name, u.email as agent_email
                          from tickets t
                          left join contacts c on c.id = t.requester_id
                          left join accounts a on a.id = t.account_id
                          left join users u on u.id = coalesce(:agent, t.assignee_id)
                         where t.id = :id""")
                .param("id", ticketId).param("agent", agentId)
                .query((rs, n) -> {
                    Map<String, String> v = new LinkedHashMap<>();
                    String first = nz(rs.getString("first_name"));
                    String last = nz(rs.getString("last_name"));
                    v.put("contact.first_name", first);
                    v.put("contact.last_name", last);
                    v.put("contact.name", (first + " " + last).trim());
                    v.put("contact.email", nz(rs.getString("email")));
                    v.put("ticket.number", "#" + rs.getLong("number"));
                    v.put("ticket.subject", rs.getString("subject"));
                    v.put("ticket.status", rs.getString("status"));
                    v.put("ticket.priority", rs.getString("priority"));
                    v.put("ticket.type", rs.getString("type"));
                    v.put("agent.name", nz(rs.getString("agent_name")));
                    v.put("agent.email", nz(rs.getString("agent_email")));
                    v.put("account.name", nz(rs.getString("account_name")));
                    return v;
                }).optional().orElse(Map.of());
    }

    /** Replaces every known placeholder; {@code escapeHtml} escapes the values (the template text is kept as is). */
    public static String render(String text, Map<String, String> values, boolean escapeHtml) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(escapeHtml ? HtmlUtils.htmlEscape(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
