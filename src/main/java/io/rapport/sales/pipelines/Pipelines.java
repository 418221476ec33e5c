package io.rapport.sales.pipelines;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Pipelines and stages: everyone reads them, only admins change them. Every change is audited. */
@Service
public class Pipelines {

    static final Set<String> PIPELINE_FIELDS = Set.of("name", "position", "isDefault", "archived", "staleDays", "stages",
            "version", "id");
    static final Set<String> STAGE_FIELDS = Set.of("name", "position", "probability", "outcome", "id", "pipelineId",
            "dealCount");
    static final List<String> OUTCOMES = List.of("OPEN", "WON", "LOST");

    private final JdbcClient jdbc;
    private final AuditLog audit;

    Pipelines(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Pipelines with their stages, without deal counts (what the board, moves and forms need). */
    public List<Pipeline> all(boolean withArchived) {
        return load(withArchived, false);
    }

    /** Pipelines with the number of deals in each stage: one aggregate over all deals, for the admin views. */
    public List<Pipeline> allWithCounts(boolean withArchived) {
        return load(withArchived, true);
    }

    public Optional<Pipeline> find(long id) {
        return all(true).stream().filter(p -> p.id() == id).findFirst();
    }

    public Pipeline get(long id) {
        return find(id).orElseThrow(() -> Problems.notFound("Pipeline", id));
    }

    public Pipeline getWithCounts(long id) {
        return allWithCounts(true).stream().filter(p -> p.id() == id).findFirst()
                .orElseThrow(() -> Problems.notFound("Pipeline", id));
    }

    /** The pipeline a board opens on: the default one, else the first. */
    public Optional<Pipeline> defaultPipeline() {
        List<Pipeline> open = all(false);
        return open.stream().filter(Pipeline::isDefault).findFirst().or(() -> open.stream().findFirst());
    }

    private List<Pipeline> load(boolean withArchived, boolean counted) {
        List<Pipeline> pipelines = jdbc.sql("select * from pipelines where :all or not archived order by position, id")
                .param("all", withArchived)
                .query((rs, n) -> new Pipeline(rs.getLong("id"), rs.getString("name"), rs.getInt("position"),
                        rs.getBoolean("is_default"), rs.getBoolean("archived"), (Integer) rs.getObject("stale_days"),
                        rs.getInt("version"), new ArrayList<>()))
                .list();
        Map<Long, Pipeline> byId = new LinkedHashMap<>();
        pipelines.forEach(p -> byId.put(p.id(), p));
        Map<Long, Long> counts = new java.util.HashMap<>();
        if (counted) {
            jdbc.sql("select stage_id, count(*) from deals group by stage_id").query(rs -> { counts.put(rs.getLong(1), rs.getLong(2)); });
        }
        jdbc.sql("select * from pipeline_stages order by pipeline_id, position, id")
                .query((rs, n) -> new Stage(rs.getLong("id"), rs.getLong("pipeline_id"), rs.getString("name"),
                        rs.getInt("position"), rs.getInt("probability"), rs.getString("outcome"),
                        counted ? counts.getOrDefault(rs.getLong("id"), 0L) : null))
                .list()
                .forEach(s -> {
                    Pipeline p = byId.get(s.pipelineId());
                    if (p != null) p.stages().add(s);
                });
        return pipelines;
    }

    @Transactional
    public Pipeline create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, PIPELINE_FIELDS);
        String name = in.text("name", 100);
        if (name == null) in.error("name", "required");
        Integer staleDays = staleDays(in);
        Boolean isDefault = in.bool("isDefault");
        List<JsonFields> stages = new ArrayList<>();
        JsonNode list = in.node("stages");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) in.error("stages", "a list of {name, probability, outcome}");
            else for (int i = 0; i < list.size(); i++) stages.add(new JsonFields(list.get(i), STAGE_FIELDS));
        }
        List<Object[]> stageValues = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            JsonFields s = stages.get(i);
            stageValues.add(stageValues(s, true));
            in.absorb("stages[" + i + "]", s);
        }
        if (name != null && nameTaken(name, null)) in.error("name", "a pipeline named '" + name + "' exists");
        in.throwIfInvalid();
        if (Boolean.TRUE.equals(isDefault)) jdbc.sql("update pipelines set is_default = false where is_default").update();
        long id = jdbc.sql("""
                        insert into pipelines (name, position, is_default, stale_days)
                        values (:name, (select coalesce(max(position) + 1, 0) from pipelines), :def, :stale) returning id""")
                .param("name", name).param("def", Boolean.TRUE.equals(isDefault)).param("stale", staleDays)
                .query(Long.class).single();
        for (int i = 0; i < stageValues.size(); i++) insertStage(id, stageValues.get(i), i);
        audit.record("CREATE", "PIPELINE", id, "Created pipeline " + name, Map.of("name", new FieldChange(null, name)));
        return getWithCounts(id);
    }

    @Transactional
    public Pipeline update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireAdmin(user);
        Pipeline current = get(id);
        JsonFields in = new JsonFields(body, PIPELINE_FIELDS);
        String name = in.has("name") ? in.text("name", 100) : current.name();
        if (name == null) in.error("name", "required");
        Integer staleDays = in.has("staleDays") ? staleDays(in) : current.staleDays();
        boolean isDefault = in.has("isDefault") ? Boolean.TRUE.equals(in.bool("isDefault")) : current.isDefault();
        boolean archived = in.has("archived") ? Boolean.TRUE.equals(in.bool("archived")) : current.archived();
        Integer version = in.has("version") ? in.integer("version") : null;
        if (in.has("stages")) in.error("stages", "change stages through /api/v1/pipelines/" + id + "/stages");
        if (name != null && nameTaken(name, id)) in.error("name", "a pipeline named '" + name + "' exists");
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, version);
        if (expected.missing() && in.errors().isEmpty()) throw Problems.versionRequired();
        in.throwIfInvalid();
        expected.requireMatches("Pipeline", id, current.version());
        if (isDefault && !current.isDefault()) jdbc.sql("update pipelines set is_default = false where is_default").update();
        int n = jdbc.sql("""
                        update pipelines set name = :name, stale_days = :stale, is_default = :def, archived = :archived,
                               updated_at = now(), version = version + 1 where id = :id and version = :version""")
                .param("name", name).param("stale", staleDays).param("def", isDefault).param("archived", archived)
                .param("id", id).param("version", current.version()).update();
        if (n == 0) throw expected.lostRace("Pipeline", id, current.version());
        audit.record("UPDATE", "PIPELINE", id, "Updated pipeline " + name, FieldChange.between(
                snapshot(current.name(), current.staleDays(), current.isDefault(), current.archived()),
                snapshot(name, staleDays, isDefault, archived)));
        return getWithCounts(id);
    }

    @Transactional
    public Pipeline addStage(CurrentUser user, long pipelineId, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        Pipeline p = get(pipelineId);
        JsonFields in = new JsonFields(body, STAGE_FIELDS);
        Object[] v = stageValues(in, true);
        Integer position = in.has("position") ? in.integer("position") : null;
        if (v[0] != null && p.stages().stream().anyMatch(s -> s.name().equalsIgnoreCase((String) v[0]))) {
            in.error("name", "pipeline " + pipelineId + " already has a stage '" + v[0] + "'");
        }
        in.throwIfInvalid();
        int at = position == null ? p.stages().size() : Math.max(0, Math.min(position, p.stages().size()));
        jdbc.sql("update pipeline_stages set position = position + 1 where pipeline_id = :p and position >= :at")
                .param("p", pipelineId).param("at", at).update();
        long stageId = insertStage(pipelineId, v, at);
        bumpVersion(pipelineId);
        audit.record("CREATE", "PIPELINE_STAGE", stageId, "Added stage " + v[0] + " to pipeline " + p.name(),
                Map.of("name", new FieldChange(null, v[0]), "probability", new FieldChange(null, v[1]),
                        "outcome", new FieldChange(null, v[2])));
        return getWithCounts(pipelineId);
    }

    @Transactional
    public Pipeline updateStage(CurrentUser user, long pipelineId, long stageId, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        Pipeline p = get(pipelineId);
        Stage current = p.stage(stageId);
        if (current == null) throw Problems.notFound("Stage of pipeline " + pipelineId, stageId);
        JsonFields in = new JsonFields(body, STAGE_FIELDS);
        String name = in.has("name") ? in.text("name", 100) : current.name();
        if (name == null) in.error("name", "required");
        Integer probability = in.has("probability") ? probability(in) : Integer.valueOf(current.probability());
        String outcome = in.has("outcome") ? in.oneOf("outcome", OUTCOMES) : current.outcome();
        if (in.has("outcome") && outcome == null) in.error("outcome", "one of " + OUTCOMES);
        if (outcome != null && !outcome.equals(current.outcome()) && holdsDeals(pipelineId, stageId)) {
            in.error("outcome", "stage '" + current.name() + "' holds deals; move them before changing whether it is open, won or lost");
        }
        if (name != null && p.stages().stream().anyMatch(s -> s.id() != stageId && s.name().equalsIgnoreCase(name))) {
            in.error("name", "pipeline " + pipelineId + " already has a stage '" + name + "'");
        }
        in.throwIfInvalid();
        jdbc.sql("update pipeline_stages set name = :name, probability = :prob, outcome = :outcome where id = :id")
                .param("name", name).param("prob", probability).param("outcome", outcome).param("id", stageId).update();
        bumpVersion(pipelineId);
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("name", current.name());
        before.put("probability", current.probability());
        before.put("outcome", current.outcome());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("name", name);
        after.put("probability", probability);
        after.put("outcome", outcome);
        audit.record("UPDATE", "PIPELINE_STAGE", stageId, "Updated stage " + name + " of pipeline " + p.name(),
                FieldChange.between(before, after));
        return getWithCounts(pipelineId);
    }

    /** Puts the stages in the given order; the list must name every stage of the pipeline exactly once. */
    @Transactional
    public Pipeline reorder(CurrentUser user, long pipelineId, List<Long> stageIds) {
        RecordVisibility.requireAdmin(user);
        Pipeline p = get(pipelineId);
        List<Long> actual = p.stages().stream().map(Stage::id).sorted().toList();
        if (stageIds == null || !stageIds.stream().sorted().toList().equals(actual)) {
            throw Problems.invalid("stageIds", "must list every stage of pipeline " + pipelineId + " once: " + actual);
        }
        for (int i = 0; i < stageIds.size(); i++) {
            jdbc.sql("update pipeline_stages set position = :pos where id = :id").param("pos", i).param("id", stageIds.get(i)).update();
        }
        bumpVersion(pipelineId);
        audit.record("UPDATE", "PIPELINE", pipelineId, "Reordered the stages of pipeline " + p.name(),
                Map.of("stages", new FieldChange(p.stages().stream().map(Stage::id).toList(), stageIds)));
        return getWithCounts(pipelineId);
    }

    /** Moves a stage one place up (-1) or down (+1). */
    @Transactional
    public Pipeline shift(CurrentUser user, long pipelineId, long stageId, int by) {
        Pipeline p = get(pipelineId);
        List<Long> ids = new ArrayList<>(p.stages().stream().map(Stage::id).toList());
        int at = ids.indexOf(stageId);
        if (at < 0) throw Problems.notFound("Stage of pipeline " + pipelineId, stageId);
        int to = Math.max(0, Math.min(ids.size() - 1, at + by));
        ids.add(to, ids.remove(at));
        return reorder(user, pipelineId, ids);
    }

    /**
     * Deletes a stage. A stage holding deals is deleted only with {@code moveTo}, another stage of the same pipeline
     * with the same outcome, where its deals go first (their history keeps the deleted stage's rows re-pointed).
     */
    @Transactional
    public Pipeline deleteStage(CurrentUser user, long pipelineId, long stageId, Long moveTo) {
        RecordVisibility.requireAdmin(user);
        Pipeline p = get(pipelineId);
        Stage stage = p.stage(stageId);
        if (stage == null) throw Problems.notFound("Stage of pipeline " + pipelineId, stageId);
        if (p.stages().size() == 1) throw Problems.conflict("A pipeline keeps at least one stage");
        long held = jdbc.sql("select count(*) from deals where pipeline_id = :p and stage_id = :s")
                .param("p", pipelineId).param("s", stageId).query(Long.class).single();
        if (held > 0 || moveTo != null) {
            if (moveTo == null) {
                throw Problems.conflict("Stage '" + stage.name() + "' holds " + held
                        + " deals; pass moveTo=<another stage of pipeline " + pipelineId + "> to move them first");
            }
            Stage target = p.stage(moveTo);
            if (target == null || target.id() == stageId) {
                throw Problems.invalid("moveTo", "is not another stage of pipeline " + pipelineId);
            }
            if (!target.outcome().equals(stage.outcome())) {
                throw Problems.invalid("moveTo", "stage '" + target.name() + "' is " + target.outcome() + " but '"
                        + stage.name() + "' is " + stage.outcome() + "; move deals to a stage with the same outcome");
            }
            jdbc.sql("update deals set stage_id = :to, version = version + 1, updated_at = now() where stage_id = :from")
                    .param("to", moveTo).param("from", stageId).update();
        }
        // history stays as it happened: its rows keep the stage's name when the stage itself goes
        jdbc.sql("update deal_stage_history set to_stage_name = :name where to_stage = :s").param("name", stage.name()).param("s", stageId).update();
        jdbc.sql("update deal_stage_history set from_stage_name = :name where from_stage = :s").param("name", stage.name()).param("s", stageId).update();
        jdbc.sql("delete from pipeline_stages where id = :id").param("id", stageId).update();
        jdbc.sql("""
                update pipeline_stages s set position = o.rn - 1
                  from (select id, row_number() over (order by position, id) as rn from pipeline_stages where pipeline_id = :p) o
                 where s.id = o.id""").param("p", pipelineId).update();
        bumpVersion(pipelineId);
        audit.record("DELETE", "PIPELINE_STAGE", stageId, "Deleted stage " + stage.name() + " of pipeline " + p.name()
                + (held > 0 ? " (" + held + " deals moved to stage " + moveTo + ")" : ""), Map.of());
        return getWithCounts(pipelineId);
    }

    /** Days without activity after which an open deal is stale, for all pipelines without their own rule. */
    public Integer globalStaleDays() {
        return jdbc.sql("select stale_days from sales_settings where id = 1").query(Integer.class).optional().orElse(null);
    }

    @Transactional
    public Integer setGlobalStaleDays(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, Set.of("staleDays"));
        Integer days = staleDays(in);
        in.throwIfInvalid();
        Integer before = globalStaleDays();
        jdbc.sql("""
                insert into sales_settings (id, stale_days, updated_at) values (1, :d, now())
                on conflict (id) do update set stale_days = excluded.stale_days, updated_at = now()""")
                .param("d", days).update();
        audit.record("UPDATE", "SALES_SETTINGS", 1L, "Stale deals after " + days + " quiet days (global)",
                Map.of("staleDays", new FieldChange(before, days)));
        return days;
    }

    private Integer staleDays(JsonFields in) {
        if (!in.has("staleDays") || in.node("staleDays").isNull()) return null;
        Integer d = in.integer("staleDays");
        if (d != null && (d < 1 || d > 3650)) in.error("staleDays", "between 1 and 3650 days, or null for no rule");
        return d;
    }

    private static Integer probability(JsonFields in) {
        Integer p = in.integer("probability");
        if (p == null) in.error("probability", "required, 0 to 100");
        else if (p < 0 || p > 100) in.error("probability", "must be between 0 and 100");
        return p;
    }

    /** name, probability, outcome. */
    private static Object[] stageValues(JsonFields s, boolean creating) {
        String name = s.text("name", 100);
        if (name == null) s.error("name", "required");
        Integer probability = probability(s);
        String outcome = s.has("outcome") ? s.oneOf("outcome", OUTCOMES) : "OPEN";
        if (outcome == null) s.error("outcome", "one of " + OUTCOMES);
        return new Object[] {name, probability, outcome};
    }

    private long insertStage(long pipelineId, Object[] v, int position) {
        return jdbc.sql("""
                        insert into pipeline_stages (pipeline_id, name, position, probability, outcome)
                        values (:p, :name, :pos, :prob, :outcome) returning id""")
                .param("p", pipelineId).param("name", v[0]).param("pos", position).param("prob", v[1]).param("outcome", v[2])
                .query(Long.class).single();
    }

    private boolean holdsDeals(long pipelineId, long stageId) {
        return jdbc.sql("select exists (select 1 from deals where pipeline_id = :p and stage_id = :s)")
                .param("p", pipelineId).param("s", stageId).query(Boolean.class).single();
    }

    private boolean nameTaken(String name, Long except) {
        return jdbc.sql("select exists (select 1 from pipelines where lower(name) = lower(:n) and id is distinct from :id)")
                .param("n", name).param("id", except).query(Boolean.class).single();
    }

    private void bumpVersion(long pipelineId) {
        jdbc.sql("update pipelines set version = version + 1, updated_at = now() where id = :id").param("id", pipelineId).update();
    }

    private static Map<String, Object> snapshot(String name, Integer staleDays, boolean isDefault, boolean archived) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("staleDays", staleDays);
        m.put("isDefault", isDefault);
        m.put("archived", archived);
        return m;
    }
}
