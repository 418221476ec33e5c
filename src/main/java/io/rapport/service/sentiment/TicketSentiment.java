package io.rapport.service.sentiment;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.rapport.service.macros.DeskRoles;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Sentiment for the ticket page: the fragment {@code /tickets/{id}/sentiment} (ticket score, flag, and each
 * customer message's score), and {@link #label(Double)} for the conversation to badge each message itself.
 */
@Controller
public class TicketSentiment {

    public record Scored(long messageId, double score, String label, String excerpt) {}

    private final JdbcClient jdbc;

    TicketSentiment(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** "very negative" … "very positive"; empty when not scored (agent replies, notes). */
    public static String label(Double score) {
        if (score == null) return "";
        if (score <= -0.5) return "very negative";
        if (score < -0.05) return "negative";
        if (score <= 0.05) return "neutral";
        if (score < 0.5) return "positive";
        return "very positive";
    }

    /** Scores of the ticket's inbound messages, by message id, oldest first. */
    public Map<Long, Double> messageScores(long ticketId) {
        Map<Long, Double> scores = new LinkedHashMap<>();
        jdbc.sql("select id, sentiment from ticket_messages where ticket_id = :t and sentiment is not null order by id")
                .param("t", ticketId).query((rs, n) -> scores.put(rs.getLong(1), rs.getBigDecimal(2).doubleValue())).list();
        return scores;
    }

    @GetMapping("/tickets/{ticketId}/sentiment")
    String fragment(@PathVariable long ticketId, Model model) {
        DeskRoles.requireReader(CurrentUser.require());
        Map<String, Object> ticket = jdbc.sql("select sentiment, flagged from tickets where id = :id").param("id", ticketId)
                .query((rs, n) -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    BigDecimal s = rs.getBigDecimal("sentiment");
                    t.put("score", s == null ? null : s.doubleValue());
                    t.put("label", label(s == null ? null : s.doubleValue()));
                    t.put("flagged", rs.getBoolean("flagged"));
                    return t;
                }).optional().orElseThrow(() -> Problems.notFound("Ticket", ticketId));
        model.addAttribute("ticket", ticket);
        model.addAttribute("messages", jdbc.sql("""
                        select id, sentiment, left(body_text, 80) as excerpt from ticket_messages
                         where ticket_id = :t and sentiment is not null order by id""")
                .param("t", ticketId).query((rs, n) -> {
                    double s = rs.getBigDecimal("sentiment").doubleValue();
                    return new Scored(rs.getLong("id"), s, label(s), rs.getString("excerpt"));
                }).list());
        return "service/sentiment-fragment";
    }
}
