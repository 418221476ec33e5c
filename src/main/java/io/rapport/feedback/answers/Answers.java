package io.rapport.feedback.answers;

import io.rapport.feedback.SurveyKind;
import io.rapport.feedback.loop.ClosingTheLoop;
import io.rapport.feedback.sending.AnswerTokens;
import io.rapport.feedback.sending.Invitations;
import io.rapport.feedback.surveys.Survey;
import io.rapport.feedback.surveys.SurveyDefinitions;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.ApiProblem.FieldError;
import io.rapport.platform.web.Problems;
import io.rapport.service.TextSentiment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customer's answers, reached by a signed link. A forged link is 404, an expired one 410, a used one 409. The
 * e-mail's one-click score is recorded at once (the invitation becomes STARTED); the rest of the form may follow
 * once, and completes it. The first score stands. Every score lands in survey_responses with the comment (the
 * text answers), its sentiment and topics; the answer goes on the timeline and a detractor opens a follow-up task.
 */
@Service
public class Answers {

    /** One submitted value: for a question, raw as typed, and the field name to blame. */
    public record Item(long questionId, String value, String field) {}

    /** What the answer page shows. */
    public record View(Survey survey, Invitations.Invitation invitation, Map<Long, String> given, boolean alreadyScored) {
        public boolean completed() {
            return "COMPLETED".equals(invitation.status());
        }
    }

    private final AnswerTokens tokens;
    private final Invitations invitations;
    private final SurveyDefinitions surveys;
    private final TopicRules topics;
    private final ClosingTheLoop loop;
    private final JdbcClient jdbc;

    Answers(AnswerTokens tokens, Invitations invitations, SurveyDefinitions surveys, TopicRules topics, ClosingTheLoop loop,
            JdbcClient jdbc) {
        this.tokens = tokens;
        this.invitations = invitations;
        this.surveys = surveys;
        this.topics = topics;
        this.loop = loop;
        this.jdbc = jdbc;
    }

    /** The survey behind a link that may still be answered (SENT or STARTED). */
    @Transactional(readOnly = true)
    public View open(String token) {
        Invitations.Invitation inv = usable(token, false);
        return view(inv, false);
    }

    /** The e-mail's one-click score: recorded when it is the first; a later click shows the form with the first. */
    @Transactional
    public View oneClick(String token, String rawScore) {
        Invitations.Invitation inv = usable(token, true);
        Survey survey = surveys.get(inv.surveyId());
        Survey.Question q = survey.oneClick();
        if (q == null) throw Problems.invalid("score", "this survey has no score question");
        int score = parse(SurveyKind.valueOf(q.scale()), rawScore, "score");
        if (!"SENT".equals(inv.status())) return view(inv, true);
        Instant now = Instant.now();
        insertScore(inv, survey, q, score, null, now);
        jdbc.sql("update survey_invitations set status = 'STARTED', answered_at = :t where id = :id")
                .param("t", java.sql.Timestamp.from(now)).param("id", inv.id()).update();
        afterScores(inv, survey, Map.of(q, score), null, now);
        return view(invitations.find(inv.id()).orElseThrow(), false);
    }

    /** The whole form: validated together (nothing is written when one answer is wrong); completes the invitation. */
    @Transactional
    public View submit(String token, List<Item> items) {
        Invitations.Invitation inv = usable(token, true);
        Survey survey = surveys.get(inv.surveyId());
        Map<Long, Survey.Question> byId = survey.questions().stream().collect(Collectors.toMap(Survey.Question::id, q -> q));
        Set<Long> scored = new HashSet<>(jdbc.sql("select question_id from survey_responses where invitation_id = :i and question_id is not null")
                .param("i", inv.id()).query(Long.class).list());
        List<FieldError> errors = new ArrayList<>();
        Map<Survey.Question, Integer> scores = new LinkedHashMap<>();
        Map<Survey.Question, String> values = new LinkedHashMap<>();
        Set<Long> seen = new HashSet<>();
        for (Item item : items) {
            Survey.Question q = byId.get(item.questionId());
            if (q == null) {
                errors.add(new FieldError(item.field(), "not a question of this survey"));
                continue;
            }
            if (!seen.add(q.id())) {
                errors.add(new FieldError(item.field(), "answered twice"));
                continue;
            }
            String v = item.value() == null ? null : item.value().strip();
            if (v == null || v.isEmpty()) continue;
            if (v.indexOf('\u0000') >= 0) {
                errors.add(new FieldError(item.field(), "must not contain the NUL character"));
                continue;
            }
            switch (q.type()) {
                case "SCORE" -> {
                    try {
                        int s = parse(SurveyKind.valueOf(q.scale()), v, item.field());
                        if (!scored.contains(q.id())) scores.put(q, s);
                    } catch (ApiProblem p) {
                        errors.addAll(p.errors());
                    }
                }
                case "CHOICE" -> {
                    if (!q.choices().contains(v)) errors.add(new FieldError(item.field(), "one of " + q.choices()));
                    else values.put(q, v);
                }
                default -> {
                    if (v.length() > 4000) errors.add(new FieldError(item.field(), "at most 4000 characters"));
                    else values.put(q, v);
                }
            }
        }
        for (Survey.Question q : survey.questions()) {
            if (q.required() && !scores.containsKey(q) && !values.containsKey(q) && !scored.contains(q.id())) {
                String field = items.stream().filter(i -> i.questionId() == q.id()).map(Item::field).findFirst().orElse("q" + q.id());
                if (errors.stream().noneMatch(e -> e.field().equals(field))) errors.add(new FieldError(field, "required"));
            }
        }
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        Instant now = Instant.now();
        String comment = values.entrySet().stream().filter(e -> "TEXT".equals(e.getKey().type())).map(Map.Entry::getValue)
                .collect(Collectors.joining("\n\n"));
        if (comment.length() > 4000) comment = comment.substring(0, 4000);
        String c = comment.isEmpty() ? null : comment;
        scores.forEach((q, s) -> insertScore(inv, survey, q, s, c, now));
        if (c != null) {
            // the one-click score gets the "why?" too
            jdbc.sql("update survey_responses set comment = :c, sentiment = :s, topics = :t where invitation_id = :i and comment is null")
                    .param("c", c).param("s", TextSentiment.score(c)).param("t", topics.topics(c).toArray(String[]::new))
                    .param("i", inv.id()).update();
        }
        values.forEach((q, v) -> jdbc.sql("""
                        insert into survey_answers (invitation_id, question_id, value) values (:i, :q, :v)
                        on conflict (invitation_id, question_id) do nothing""")
                .param("i", inv.id()).param("q", q.id()).param("v", v).update());
        jdbc.sql("update survey_invitations set status = 'COMPLETED', answered_at = coalesce(answered_at, :t) where id = :id")
                .param("t", java.sql.Timestamp.from(now)).param("id", inv.id()).update();
        afterScores(inv, survey, scores, c, now);
        return view(invitations.find(inv.id()).orElseThrow(), false);
    }

    private void insertScore(Invitations.Invitation inv, Survey survey, Survey.Question q, int score, String comment, Instant at) {
        jdbc.sql("""
                        insert into survey_responses (kind, score, contact_id, account_id, order_id, comment, source, answered_at,
                                                      survey_id, invitation_id, question_id, sentiment, topics)
                        select :kind, :score, c.id, c.account_id, :o, :comment, 'SURVEY', :at, :s, :i, :q, :sent, :topics
                          from (select :contact::bigint as cid) x left join contacts c on c.id = x.cid""")
                .param("kind", q.scale()).param("score", score).param("o", inv.orderId()).param("comment", comment)
                .param("at", java.sql.Timestamp.from(at)).param("s", survey.id()).param("i", inv.id()).param("q", q.id())
                .param("sent", comment == null ? null : TextSentiment.score(comment))
                .param("topics", topics.topics(comment).toArray(String[]::new)).param("contact", inv.contactId()).update();
    }

    private void afterScores(Invitations.Invitation inv, Survey survey, Map<Survey.Question, Integer> scores, String comment, Instant at) {
        if (inv.contactId() == null) return;
        for (var e : scores.entrySet()) {
            SurveyKind kind = SurveyKind.valueOf(e.getKey().scale());
            loop.onTimeline(inv.contactId(), kind, e.getValue(), survey.name(), null, inv.orderId(), comment, at,
                    "inv:" + inv.id() + ":q:" + e.getKey().id());
            loop.followUp(inv.contactId(), kind, e.getValue(), survey.name(), null, inv.orderId(), comment);
        }
    }

    private static int parse(SurveyKind kind, String raw, String field) {
        int v;
        try {
            v = Integer.parseInt(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            throw Problems.invalid(field, "a whole number from " + kind.min() + " to " + kind.max());
        }
        if (!kind.accepts(v)) throw Problems.invalid(field, "outside the " + kind + " scale: a whole number from " + kind.min() + " to " + kind.max());
        return v;
    }

    /** Checks the link; forUpdate locks the invitation so two submits at once record one answer. */
    private Invitations.Invitation usable(String token, boolean forUpdate) {
        AnswerTokens.Verified v = tokens.verify(token, Instant.now());
        if (v.check() == AnswerTokens.Check.FORGED) throw notValid();
        if (forUpdate) jdbc.sql("select id from survey_invitations where id = :id for update").param("id", v.invitationId()).query(Long.class).optional();
        Invitations.Invitation inv = invitations.find(v.invitationId()).filter(i -> !"REFUSED".equals(i.status())).orElseThrow(Answers::notValid);
        if (v.check() == AnswerTokens.Check.EXPIRED) {
            throw new ApiProblem(HttpStatus.GONE, "survey-link-expired", "Survey link expired",
                    "This survey link expired on " + inv.expiresAt() + "; thank you all the same", List.of());
        }
        if ("COMPLETED".equals(inv.status())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "survey-link-used", "Survey already answered",
                    "This survey was answered already; each link works once", List.of());
        }
        return inv;
    }

    private static ApiProblem notValid() {
        return new ApiProblem(HttpStatus.NOT_FOUND, "survey-link-invalid", "Survey link not valid",
                "This survey link is not valid; use the link from the e-mail exactly as it was sent", List.of());
    }

    private View view(Invitations.Invitation inv, boolean alreadyScored) {
        Survey survey = surveys.get(inv.surveyId());
        Map<Long, String> given = new HashMap<>();
        jdbc.sql("select question_id, score from survey_responses where invitation_id = :i and question_id is not null")
                .param("i", inv.id()).query(rs -> {
                    given.put(rs.getLong(1), String.valueOf(rs.getInt(2)));
                });
        jdbc.sql("select question_id, value from survey_answers where invitation_id = :i").param("i", inv.id())
                .query(rs -> {
                    given.put(rs.getLong(1), rs.getString(2));
                });
        return new View(survey, inv, given, alreadyScored);
    }
}
