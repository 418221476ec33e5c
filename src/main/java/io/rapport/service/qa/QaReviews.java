package io.rapport.service.qa;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem.FieldError;
import io.rapport.platform.web.Problems;
import io.rapport.service.recovery.TicketAccess;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * QA scorecards: a manager or admin scores a solved ticket 1–5 on each active criterion, with comments; the review's
 * score is the weighted mean. The ticket's assignee is the agent reviewed and sees it on the ticket and in "My reviews".
 */
@Service
public class QaReviews {

    public record Criterion(long id, String name, BigDecimal weight, int position, boolean active) {}

    public record Score(long criterionId, String criterion, int score, String comment) {}

    public record Review(long id, long ticketId, long ticketNumber, String subject, long reviewerId, String reviewerName,
                         Long agentId, BigDecimal score, String comment, Instant createdAt, List<Score> scores) {}

    public record ScoreInput(Long criterionId, Integer score, String comment) {}

    private final JdbcClient jdbc;
    private final TicketAccess access;

    QaReviews(JdbcClient jdbc, TicketAccess access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    public List<Criterion> criteria(boolean activeOnly) {
        return jdbc.sql("select id, name, weight, position, active from qa_criteria" + (activeOnly ? " where active" : "")
                        + " order by position, id")
                .query((rs, n) -> new Criterion(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getInt(4), rs.getBoolean(5)))
                .list();
    }

    /** Adds or changes a criterion (admin): name, weight (0 < w ≤ 100), position, active. */
    @Transactional
    public Criterion saveCriterion(Long id, String name, BigDecimal weight, Integer position, Boolean active) {
        List<FieldError> errors = new ArrayList<>();
        if (id == null && (name == null || name.isBlank())) errors.add(new FieldError("name", "required"));
        if (name != null && (name.isBlank() || name.strip().length() > 80)) errors.add(new FieldError("name", "1 to 80 characters"));
        if (weight != null && (weight.signum() <= 0 || weight.compareTo(BigDecimal.valueOf(100)) > 0))
            errors.add(new FieldError("weight", "must be more than 0 and at most 100"));
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        String n = name == null ? null : name.strip();
        if (n != null && jdbc.sql("select count(*) from qa_criteria where lower(name) = lower(:n) and id <> coalesce(:id, -1)")
                .param("n", n).param("id", id).query(Long.class).single() > 0) {
            throw Problems.invalid("name", "a criterion named '" + n + "' exists");
        }
        long saved;
        if (id == null) {
            saved = jdbc.sql("""
                            insert into qa_criteria (name, weight, position, active)
                            values (:n, coalesce(:w, 1), coalesce(:p, (select coalesce(max(position), 0) + 1 from qa_criteria)), coalesce(:a, true))
                            returning id""")
                    .param("n", n).param("w", weight).param("p", position).param("a", active).query(Long.class).single();
        } else {
            int updated = jdbc.sql("""
                            update qa_criteria set name = coalesce(:n, name), weight = coalesce(:w, weight),
                                   position = coalesce(:p, position), active = coalesce(:a, active) where id = :id""")
                    .param("n", n).param("w", weight).param("p", position).param("a", active).param("id", id).update();
            if (updated == 0) throw Problems.notFound("QA criterion", id);
            saved = id;
        }
        return criteria(false).stream().filter(c -> c.id() == saved).findFirst().orElseThrow();
    }

    public List<Review> ofTicket(CurrentUser user, long ticketId) {
        access.read(user, ticketId);
        return load("r.ticket_id = :v", ticketId);
    }

    public List<Review> ofAgent(long agentId) {
        return load("r.agent_id = :v", agentId);
    }

    @Transactional
    public Review create(CurrentUser user, long ticketId, List<ScoreInput> scores, String comment) {
        TicketAccess.TicketRef ticket = access.read(user, ticketId);
        if (!TicketAccess.isReviewer(user)) throw Problems.forbidden("Only managers and admins review tickets");
        if (!"SOLVED".equals(ticket.status()) && !"CLOSED".equals(ticket.status())) {
            throw Problems.conflict("Ticket " + ticketId + " is " + ticket.status() + "; only solved tickets are reviewed");
        }
        Map<Long, Criterion> active = criteria(true).stream().collect(Collectors.toMap(Criterion::id, c -> c));
        List<FieldError> errors = new ArrayList<>();
        if (scores == null || scores.isEmpty()) errors.add(new FieldError("scores", "score every criterion: " + active.keySet()));
        Set<Long> seen = new HashSet<>();
        BigDecimal weighted = BigDecimal.ZERO, weights = BigDecimal.ZERO;
        for (int i = 0; scores != null && i < scores.size(); i++) {
            ScoreInput s = scores.get(i);
            String f = "scores[" + i + "]";
            if (s.criterionId() == null || !active.containsKey(s.criterionId())) errors.add(new FieldError(f + ".criterionId", "unknown or inactive criterion"));
            else if (!seen.add(s.criterionId())) errors.add(new FieldError(f + ".criterionId", "scored twice"));
            if (s.score() == null || s.score() < 1 || s.score() > 5) errors.add(new FieldError(f + ".score", "must be 1 to 5"));
            if (s.comment() != null && s.comment().length() > 2000) errors.add(new FieldError(f + ".comment", "at most 2000 characters"));
            if (errors.isEmpty()) {
                BigDecimal w = active.get(s.criterionId()).weight();
                weighted = weighted.add(w.multiply(BigDecimal.valueOf(s.score())));
                weights = weights.add(w);
            }
        }
        if (scores != null && errors.isEmpty() && !seen.containsAll(active.keySet())) {
            errors.add(new FieldError("scores", "score every active criterion; missing " + active.keySet().stream().filter(k -> !seen.contains(k)).toList()));
        }
        if (comment != null && comment.length() > 4000) errors.add(new FieldError("comment", "at most 4000 characters"));
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        BigDecimal score = weighted.divide(weights, 2, RoundingMode.HALF_UP);
        long id = jdbc.sql("""
                        insert into qa_reviews (ticket_id, reviewer_id, agent_id, score, comment)
                        values (:t, :r, :a, :s, :c) returning id""")
                .param("t", ticketId).param("r", user.id()).param("a", ticket.assigneeId()).param("s", score)
                .param("c", comment == null || comment.isBlank() ? null : comment.strip()).query(Long.class).single();
        for (ScoreInput s : scores) {
            jdbc.sql("insert into qa_review_scores (review_id, criterion_id, score, comment) values (:r, :c, :s, :m)")
                    .param("r", id).param("c", s.criterionId()).param("s", s.score())
                    .param("m", s.comment() == null || s.comment().isBlank() ? null : s.comment().strip()).update();
        }
        return load("r.id = :v", id).getFirst();
    }

    private List<Review> load(String where, long value) {
        List<Review> reviews = jdbc.sql("""
                        select r.id, r.ticket_id, t.number, t.subject, r.reviewer_id, u.name, r.agent_id, r.score, r.comment, r.created_at
                          from qa_reviews r join tickets t on t.id = r.ticket_id join users u on u.id = r.reviewer_id
                         where """ + " " + where + " order by r.created_at desc, r.id desc limit 200").param("v", value)
                .query((rs, n) -> new Review(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                        (Long) rs.getObject(7), rs.getBigDecimal(8), rs.getString(9), rs.getTimestamp(10).toInstant(), new ArrayList<>()))
                .list();
        for (Review r : reviews) {
            r.scores().addAll(jdbc.sql("""
                            select s.criterion_id, c.name, s.score, s.comment from qa_review_scores s join qa_criteria c on c.id = s.criterion_id
                             where s.review_id = :r order by c.position, c.id""").param("r", r.id())
                    .query((rs, n) -> new Score(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4))).list());
        }
        return reviews;
    }
}
