package io.rapport.feedback.surveys;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Survey definitions: validated as a whole (nothing is written when one question is wrong), managed by admins,
 * readable by every signed-in user. A standard survey (NPS, CSAT, CES) without questions gets its score question
 * and a "why?"; editing keeps the ids of the questions sent back with their id, so earlier answers stay linked.
 */
@Service
public class SurveyDefinitions {

    static final Set<String> FIELDS = Set.of("name", "kind", "trigger", "intro", "active", "linkDays", "questions", "version");
    static final Set<String> QUESTION_FIELDS = Set.of("id", "type", "scale", "prompt", "choices", "required");

    private final JdbcClient jdbc;
    private final AuditLog audit;

    SurveyDefinitions(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public List<Survey> list() {
        List<Survey> shells = jdbc.sql(SELECT + " order by s.active desc, s.name, s.id").query(SurveyDefinitions::shell).list();
        return shells.stream().map(s -> withQuestions(s)).toList();
    }

    public Optional<Survey> find(long id) {
        return jdbc.sql(SELECT + " where s.id = :id").param("id", id).query(SurveyDefinitions::shell).optional().map(this::withQuestions);
    }

    public Survey get(long id) {
        return find(id).orElseThrow(() -> Problems.notFound("Survey", id));
    }

    /** Active surveys sent by a trigger, oldest first. */
    public List<Survey> activeWithTrigger(String trigger) {
        return jdbc.sql(SELECT + " where s.active and s.trigger = :t order by s.id").param("t", trigger)
                .query(SurveyDefinitions::shell).list().stream().map(this::withQuestions).toList();
    }

    @Transactional
    public Survey create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        Draft d = read(body, null);
        long id = jdbc.sql("""
                        insert into surveys (name, kind, trigger, intro, active, link_days)
                        values (:name, :kind, :trigger, :intro, :active, :days) returning id""")
                .param("name", d.name).param("kind", d.kind).param("trigger", d.trigger).param("intro", d.intro)
                .param("active", d.active).param("days", d.linkDays).query(Long.class).single();
        writeQuestions(id, d.questions);
        audit.record("CREATE", "SURVEY", id, "Created survey " + d.name + " (" + d.kind + ")", Map.of());
        return get(id);
    }

    @Transactional
    public Survey update(CurrentUser user, long id, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        Survey current = get(id);
        Draft d = read(body, current);
        if (d.version != null && d.version != current.version()) {
            throw Problems.staleVersion("Survey", id, d.version, current.version());
        }
        int n = jdbc.sql("""
                        update surveys set name = :name, kind = :kind, trigger = :trigger, intro = :intro, active = :active,
                               link_days = :days, updated_at = now(), version = version + 1
                         where id = :id and version = :v""")
                .param("name", d.name).param("kind", d.kind).param("trigger", d.trigger).param("intro", d.intro)
                .param("active", d.active).param("days", d.linkDays).param("id", id).param("v", current.version()).update();
        if (n == 0) throw Problems.conflict("Survey " + id + " was changed meanwhile; reload and try again");
        writeQuestions(id, d.questions);
        audit.record("UPDATE", "SURVEY", id, "Edited survey " + d.name, Map.of());
        return get(id);
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        Survey s = get(id);
        // answers stay (survey_responses.survey_id is set null); a survey with answers is better deactivated
        jdbc.sql("delete from surveys where id = :id").param("id", id).update();
        audit.record("DELETE", "SURVEY", id, "Deleted survey " + s.name(), Map.of());
    }

    /** The default questions of a standard survey. */
    public static ObjectNode defaults(String kind) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "SCORE").put("scale", kind).put("required", true);
        o.put("prompt", switch (kind) {
            case "NPS" -> "How likely are you to recommend us to a friend or colleague?";
            case "CSAT" -> "How satisfied are you with us?";
            default -> "How easy was it to get what you needed?";
        });
        return o;
    }

    private record Draft(String name, String kind, String trigger, String intro, boolean active, int linkDays,
                         List<Survey.Question> questions, Integer version) {}

    private Draft read(JsonNode body, Survey current) {
        JsonFields in = new JsonFields(body, FIELDS);
        String name = in.has("name") || current == null ? in.text("name", 200) : current.name();
        if (name == null) in.error("name", "required");
        String kind = in.has("kind") || current == null ? in.oneOf("kind", Survey.KINDS) : current.kind();
        if (kind == null && !in.has("kind")) in.error("kind", "required: one of " + Survey.KINDS);
        String trigger = in.has("trigger") ? in.oneOf("trigger", Survey.TRIGGERS) : current == null ? "MANUAL" : current.trigger();
        String intro = in.has("intro") || current == null ? in.text("intro", 2000) : current.intro();
        Boolean active = in.has("active") ? in.bool("active") : null;
        Integer days = in.has("linkDays") ? in.integer("linkDays") : null;
        if (days != null && (days < 1 || days > 365)) in.error("linkDays", "between 1 and 365");
        Integer version = in.has("version") ? in.integer("version") : null;
        List<Survey.Question> questions = new ArrayList<>();
        JsonNode qs = in.node("questions");
        if (qs != null && !qs.isNull()) {
            if (!qs.isArray()) in.error("questions", "expected an array of questions");
            else if (qs.size() > 30) in.error("questions", "at most 30 questions");
            else for (int i = 0; i < qs.size(); i++) {
                Survey.Question q = question(in, "questions[" + i + "]", qs.get(i), i + 1);
                if (q != null) questions.add(q);
            }
        } else if (current != null && !in.has("questions") && (kind == null || kind.equals(current.kind()))) {
            questions.addAll(current.questions());
        } else if (kind != null && !"CUSTOM".equals(kind)) {
            questions.add(question(in, "questions[0]", defaults(kind), 1));
            ObjectNode why = JsonNodeFactory.instance.objectNode().put("type", "TEXT").put("prompt", "NPS".equals(kind)
                    ? "What is the main reason for your score?" : "What could we do better?");
            questions.add(question(in, "questions[1]", why, 2));
        }
        if (kind != null && in.errors().isEmpty()) {
            if (questions.isEmpty()) in.error("questions", "a survey needs at least one question");
            if (!"CUSTOM".equals(kind) && (questions.isEmpty() || !questions.get(0).isScore() || !kind.equals(questions.get(0).scale()))) {
                in.error("questions[0]", "a " + kind + " survey starts with a SCORE question on the " + kind + " scale");
            }
        }
        if (current != null) {
            Set<Long> own = new HashSet<>(current.questions().stream().map(Survey.Question::id).toList());
            for (int i = 0; i < questions.size(); i++) {
                long qid = questions.get(i).id();
                if (qid != 0 && !own.contains(qid)) in.error("questions[" + i + "].id", "not a question of this survey");
            }
        } else {
            for (int i = 0; i < questions.size(); i++) {
                if (questions.get(i).id() != 0) in.error("questions[" + i + "].id", "a new survey's questions have no id");
            }
        }
        in.throwIfInvalid();
        return new Draft(name, kind, trigger, intro, active != null ? active : current == null || current.active(),
                days != null ? days : current == null ? 14 : current.linkDays(), questions, version);
    }

    private static Survey.Question question(JsonFields parent, String path, JsonNode node, int position) {
        if (node == null || !node.isObject()) {
            parent.error(path, "expected an object");
            return null;
        }
        JsonFields q = new JsonFields(node, QUESTION_FIELDS);
        Long id = q.id("id");
        String type = q.oneOf("type", Survey.Question.TYPES);
        if (type == null && !q.has("type")) q.error("type", "required: one of " + Survey.Question.TYPES);
        String scale = q.has("scale") ? q.oneOf("scale", List.of("NPS", "CSAT", "CES")) : null;
        if ("SCORE".equals(type) && scale == null && !q.has("scale")) q.error("scale", "required for a SCORE question: NPS, CSAT or CES");
        if (type != null && !"SCORE".equals(type) && scale != null) q.error("scale", "only a SCORE question has a scale");
        String prompt = q.text("prompt", 500);
        if (prompt == null && q.errors().stream().noneMatch(e -> e.field().equals("prompt"))) q.error("prompt", "required");
        List<String> choices = q.strings("choices", 20, 200);
        if ("CHOICE".equals(type) && choices.size() < 2) q.error("choices", "a CHOICE question needs 2 to 20 choices");
        if (type != null && !"CHOICE".equals(type) && !choices.isEmpty()) q.error("choices", "only a CHOICE question has choices");
        if ("CHOICE".equals(type) && new HashSet<>(choices).size() != choices.size()) q.error("choices", "the choices must differ");
        Boolean required = q.bool("required");
        List<io.rapport.platform.web.ApiProblem.FieldError> errors = List.copyOf(q.errors());
        parent.absorb(path, q);
        if (!errors.isEmpty()) return null;
        return new Survey.Question(id == null ? 0 : id, position, type, scale, prompt, choices, required != null && required);
    }

    private void writeQuestions(long surveyId, List<Survey.Question> questions) {
        List<Long> kept = questions.stream().map(Survey.Question::id).filter(id -> id != 0).toList();
        jdbc.sql("delete from survey_questions where survey_id = :s and not (id = any(:kept))")
                .param("s", surveyId).param("kept", kept.toArray(Long[]::new)).update();
        for (Survey.Question q : questions) {
            if (q.id() != 0) {
                jdbc.sql("""
                                update survey_questions set position = :p, type = :t, scale = :sc, prompt = :pr, choices = :ch,
                                       required = :r where id = :id and survey_id = :s""")
                        .param("p", q.position()).param("t", q.type()).param("sc", q.scale()).param("pr", q.prompt())
                        .param("ch", q.choices().toArray(String[]::new)).param("r", q.required()).param("id", q.id())
                        .param("s", surveyId).update();
            } else {
                jdbc.sql("""
                                insert into survey_questions (survey_id, position, type, scale, prompt, choices, required)
                                values (:s, :p, :t, :sc, :pr, :ch, :r)""")
                        .param("s", surveyId).param("p", q.position()).param("t", q.type()).param("sc", q.scale())
                        .param("pr", q.prompt()).param("ch", q.choices().toArray(String[]::new)).param("r", q.required()).update();
            }
        }
    }

    private Survey withQuestions(Survey s) {
        List<Survey.Question> qs = jdbc.sql("""
                        select id, position, type, scale, prompt, choices, required from survey_questions
                         where survey_id = :s order by position, id""")
                .param("s", s.id()).query((rs, n) -> new Survey.Question(rs.getLong(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), strings(rs.getArray(6)), rs.getBoolean(7))).list();
        return new Survey(s.id(), s.name(), s.kind(), s.trigger(), s.intro(), s.active(), s.linkDays(), qs, s.createdAt(),
                s.updatedAt(), s.version());
    }

    static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static final String SELECT = """
            select s.id, s.name, s.kind, s.trigger, s.intro, s.active, s.link_days, s.created_at, s.updated_at, s.version
              from surveys s""";

    private static Survey shell(ResultSet rs, int n) throws SQLException {
        return new Survey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
                rs.getInt(7), List.of(), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(), rs.getInt(10));
    }
}
