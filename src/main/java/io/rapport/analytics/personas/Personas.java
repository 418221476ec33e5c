package io.rapport.analytics.personas;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.analytics.journeys.Segment;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ApiProblem.FieldError;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Personas: k-means proposes clusters of contacts with similar behaviour (see {@link PersonaFeatures}); a person names
 * a cluster as a persona and describes it; every contact is assigned the persona whose centroid is nearest (each
 * persona measures distance in the scale of the run that found it). Saving or deleting a persona queues a background job
 * that recomputes every assignment ({@link #queueAssignment}); a new proposal run assigns contacts that have none yet.
 */
@Service
public class Personas {

    /** Selection of k is done on at most this many contacts; the chosen k is then fitted on all of them. */
    static final int SELECTION_SAMPLE = 20_000;
    static final int SILHOUETTE_SAMPLE = 2_000;
    static final long SEED = 42;

    public record Cluster(int cluster, int size, double sharePct, String label, Map<String, Double> means,
                          Map<String, Double> zScores, String topSource, Long matchesPersonaId, String matchesPersonaName,
                          List<Double> centroid) {}

    public record Run(long id, int k, String chosenBy, Double silhouette, Map<Integer, Double> silhouetteByK, int contacts,
                      List<String> features, Map<String, Double> overall, List<Cluster> clusters, String scope,
                      Instant createdAt, int newlyAssigned) {}

    public record Persona(long id, String name, String description, long contacts, Map<String, Double> means,
                          Map<String, Double> zScores, Long runId, Integer runCluster, Instant createdAt, Instant updatedAt,
                          int version) {}

    public record ContactPersona(long contactId, long personaId, String name, String description, double distance,
                                 Instant assignedAt) {}

    public record PersonaContact(long id, String name, String lifecycleStage, double distance) {}

    private final JdbcClient jdbc;
    private final PersonaFeatures features;
    private final Contacts contacts;
    private final AuditLog audit;
    private final JsonMapper json;
    private final AnalyticsJobs jobs;

    Personas(JdbcClient jdbc, PersonaFeatures features, Contacts contacts, AuditLog audit, JsonMapper json, AnalyticsJobs jobs) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.features = features;
        this.contacts = contacts;
        this.audit = audit;
        this.json = json;
    }

    static void requireAnalyst(CurrentUser user) {
        if (user.role() != Role.ADMIN && user.role() != Role.MANAGER && user.role() != Role.MARKETING) {
            throw Problems.forbidden("Your role " + user.role() + " cannot run or save personas (ADMIN, MANAGER and MARKETING can)");
        }
    }

    // ---- proposals ----

    @Transactional
    public Run propose(CurrentUser user, Integer k, Segment scope) {
        requireAnalyst(user);
        if (k != null && (k < 2 || k > 8)) throw Problems.invalid("k", "must be between 2 and 8, or left out to choose k by silhouette");
        PersonaFeatures.Matrix m = features.load(user, scope);
        int n = m.n();
        if (n < 2) {
            throw Problems.invalid("segment", "clustering needs at least 2 contacts; " + scope.describe() + " has " + n);
        }
        if (k != null && k > n) throw Problems.invalid("k", "must be at most " + n + ", the number of contacts in " + scope.describe());
        int d = PersonaFeatures.D;
        double[] t = PersonaFeatures.transform(m);
        double[][] scale = PersonaFeatures.scale(t, n);
        double[] z = PersonaFeatures.standardise(t, n, scale[0], scale[1]);

        Map<Integer, Double> byK = new LinkedHashMap<>();
        int chosen;
        if (k != null) {
            chosen = k;
        } else {
            int[] picked = KMeans.sample(n, SELECTION_SAMPLE, SEED);
            int sn = picked.length;
            double[] sample = new double[sn * d];
            for (int p = 0; p < sn; p++) System.arraycopy(z, picked[p] * d, sample, p * d, d);
            chosen = 2;
            double best = Double.NEGATIVE_INFINITY;
            for (int kk = 2; kk <= Math.min(8, sn); kk++) {
                KMeans.Fit f = KMeans.fit(sample, sn, d, kk, 4, SEED, 60);
                double s = KMeans.silhouette(sample, sn, d, f.labels(), kk, SILHOUETTE_SAMPLE);
                byK.put(kk, round(s, 4));
                if (s > best + 1e-9) {
                    best = s;
                    chosen = kk;
                }
            }
        }
        KMeans.Fit fit = KMeans.fit(z, n, d, chosen, n > 200_000 ? 2 : 5, SEED, n > 200_000 ? 40 : 100);
        double silhouette = KMeans.silhouette(z, n, d, fit.labels(), chosen, SILHOUETTE_SAMPLE);
        if (k != null) byK.put(chosen, round(silhouette, 4));

        List<Persona> saved = list();
        List<Cluster> clusters = new ArrayList<>();
        Map<String, Double> overall = rawMeans(m, null, -1);
        for (int j = 0; j < chosen; j++) {
            int size = fit.size(j);
            if (size == 0) continue;
            double[] cz = java.util.Arrays.copyOfRange(fit.centroids(), j * d, (j + 1) * d);
            List<Double> centroid = new ArrayList<>();
            Map<String, Double> zScores = new LinkedHashMap<>();
            for (int f = 0; f < d; f++) {
                centroid.add(cz[f] * scale[1][f] + scale[0][f]);
                zScores.put(PersonaFeatures.NAMES.get(f), round(cz[f], 3));
            }
            Long match = null;
            String matchName = null;
            double bestDist = Double.MAX_VALUE;
            for (Persona p : saved) {
                double[] pc = stored(p.id());
                double dist = 0;
                for (int f = 0; f < d; f++) {
                    double a = (centroid.get(f) - pc[f]) / scale[1][f];
                    dist += a * a;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    match = p.id();
                    matchName = p.name();
                }
            }
            clusters.add(new Cluster(j, size, round(100.0 * size / n, 1), label(zScores), rawMeans(m, fit.labels(), j), zScores,
                    topSource(m, fit.labels(), j), match, matchName, centroid));
        }
        clusters.sort(Comparator.comparingInt(Cluster::size).reversed());
        long id = jdbc.sql("""
                        insert into persona_runs (k, chosen_by, silhouette, contacts, features, means, sds, clusters, scope, created_by)
                        values (:k, :by, :sil, :n, cast(:features as text[]), cast(:means as float8[]), cast(:sds as float8[]),
                                cast(:clusters as jsonb), :scope, :user) returning id""")
                .param("k", chosen).param("by", k == null ? "SILHOUETTE" : "USER").param("sil", round(silhouette, 4)).param("n", n)
                .param("features", PersonaFeatures.NAMES.toArray(String[]::new)).param("means", scale[0]).param("sds", scale[1])
                .param("clusters", json.writeValueAsString(Map.of("clusters", clusters, "overall", overall, "silhouetteByK", byK)))
                .param("scope", scope.label()).param("user", user.id())
                .query(Long.class).single();
        int assigned = saved.isEmpty() ? 0 : assign(true);
        audit.record("persona.proposals", "persona_run", id, "k = " + chosen + " over " + n + " contacts", Map.of());
        return run(id).map(r -> withAssigned(r, assigned)).orElseThrow();
    }

    private static Run withAssigned(Run r, int assigned) {
        return new Run(r.id(), r.k(), r.chosenBy(), r.silhouette(), r.silhouetteByK(), r.contacts(), r.features(), r.overall(),
                r.clusters(), r.scope(), r.createdAt(), assigned);
    }

    public Optional<Run> run(long id) {
        return jdbc.sql("select id, k, chosen_by, silhouette, contacts, clusters::text, scope, created_at from persona_runs where id = :id")
                .param("id", id).query((rs, i) -> {
                    JsonNode body = json.readTree(rs.getString(6));
                    List<Cluster> clusters = new ArrayList<>();
                    for (JsonNode c : body.get("clusters")) clusters.add(json.treeToValue(c, Cluster.class));
                    Map<String, Double> overall = new LinkedHashMap<>();
                    body.get("overall").properties().forEach(e -> overall.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asDouble()));
                    Map<Integer, Double> byK = new LinkedHashMap<>();
                    body.get("silhouetteByK").properties().forEach(e -> byK.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
                    return new Run(rs.getLong(1), rs.getInt(2), rs.getString(3), (Double) rs.getObject(4), byK, rs.getInt(5),
                            PersonaFeatures.NAMES, overall, clusters, rs.getString(7), rs.getTimestamp(8).toInstant(), 0);
                }).optional();
    }

    public Optional<Run> latestRun() {
        return jdbc.sql("select max(id) from persona_runs").query(Long.class).optional().flatMap(this::run);
    }

    // ---- personas ----

    public List<Persona> list() {
        return jdbc.sql("""
                        select p.id, p.name, p.description, (select count(*) from contact_personas cp where cp.persona_id = p.id),
                               p.profile::text, p.run_id, p.run_cluster, p.created_at, p.updated_at, p.version
                          from personas p order by lower(p.name), p.id""")
                .query((rs, i) -> persona(rs)).list();
    }

    public Persona get(long id) {
        return jdbc.sql("""
                        select p.id, p.name, p.description, (select count(*) from contact_personas cp where cp.persona_id = p.id),
                               p.profile::text, p.run_id, p.run_cluster, p.created_at, p.updated_at, p.version
                          from personas p where p.id = :id""").param("id", id)
                .query((rs, i) -> persona(rs)).optional().orElseThrow(() -> Problems.notFound("Persona", id));
    }

    private Persona persona(java.sql.ResultSet rs) throws java.sql.SQLException {
        JsonNode profile = json.readTree(rs.getString(5));
        return new Persona(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), doubles(profile.get("means")),
                doubles(profile.get("zScores")), (Long) rs.getObject(6), (Integer) rs.getObject(7), rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant(), rs.getInt(10));
    }

    private static Map<String, Double> doubles(JsonNode node) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (node != null) node.properties().forEach(e -> m.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asDouble()));
        return m;
    }

    @Transactional
    public Persona create(CurrentUser user, Long runId, Integer cluster, String name, String description) {
        requireAnalyst(user);
        List<FieldError> errors = new ArrayList<>();
        if (runId == null) errors.add(new FieldError("runId", "required: the proposal run the cluster comes from"));
        if (cluster == null) errors.add(new FieldError("cluster", "required: the number of the proposed cluster"));
        String n = name(name, errors);
        String desc = description(description, errors);
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        Run run = run(runId).orElseThrow(() -> Problems.invalid("runId", "no proposal run " + runId));
        Cluster c = run.clusters().stream().filter(x -> x.cluster() == cluster).findFirst()
                .orElseThrow(() -> Problems.invalid("cluster", "run " + runId + " has no cluster " + cluster));
        requireFreeName(n, null);
        long id = jdbc.sql("""
                        insert into personas (name, description, run_id, run_cluster, features, centroid, means, sds, profile, created_by)
                        select :name, :desc, r.id, :cluster, r.features, cast(:centroid as float8[]), r.means, r.sds, cast(:profile as jsonb), :user
                          from persona_runs r where r.id = :run returning id""")
                .param("name", n).param("desc", desc).param("cluster", cluster)
                .param("centroid", c.centroid().stream().mapToDouble(Double::doubleValue).toArray())
                .param("profile", json.writeValueAsString(Map.of("means", c.means(), "zScores", c.zScores())))
                .param("user", user.id()).param("run", runId).query(Long.class).single();
        audit.record("persona.create", "persona", id, n, Map.of());
        return get(id);
    }

    @Transactional
    public Persona update(CurrentUser user, long id, String name, String description, Integer version) {
        requireAnalyst(user);
        Persona current = get(id);
        List<FieldError> errors = new ArrayList<>();
        String n = name == null ? current.name() : name(name, errors);
        String desc = description == null ? current.description() : description(description, errors);
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        if (version == null) throw Problems.versionRequired();
        if (version != current.version()) throw Problems.staleVersion("Persona", id, version, current.version());
        requireFreeName(n, id);
        jdbc.sql("update personas set name = :n, description = :d, updated_at = now(), version = version + 1 where id = :id")
                .param("n", n).param("d", desc).param("id", id).update();
        audit.record("persona.update", "persona", id, n, Map.of());
        return get(id);
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        requireAnalyst(user);
        get(id);
        jdbc.sql("delete from personas where id = :id").param("id", id).update();
        audit.record("persona.delete", "persona", id, "deleted", Map.of());
    }

    /**
     * Queues reassigning every contact to its nearest persona, after a persona was saved or deleted (a background job:
     * a million contacts take minutes). Call after the change committed; a job not started yet is joined, since it
     * will read the personas as they are then.
     */
    public AnalyticsJobs.Job queueAssignment(CurrentUser user) {
        return jobs.queue(AnalyticsJobs.Kind.PERSONA_ASSIGN, Map.of(), user.id(), AnalyticsJobs.Join.QUEUED);
    }

    /** The assignment job: reassigns everyone, reporting progress per batch. */
    @org.springframework.stereotype.Component
    static class AssignmentJob implements AnalyticsJobs.Handler {
        private final Personas personas;

        AssignmentJob(@org.springframework.context.annotation.Lazy Personas personas) {
            this.personas = personas;
        }

        @Override
        public boolean handles(AnalyticsJobs.Kind kind) {
            return kind == AnalyticsJobs.Kind.PERSONA_ASSIGN;
        }

        @Override
        public Map<String, Object> run(AnalyticsJobs.Job job, JsonNode params, AnalyticsJobs.Progress progress) {
            return Map.of("assigned", personas.assign(false, progress));
        }
    }

    private void requireFreeName(String name, Long except) {
        boolean taken = jdbc.sql("select exists (select 1 from personas where lower(name) = lower(:n) and id <> :id)")
                .param("n", name).param("id", except == null ? -1L : except).query(Boolean.class).single();
        if (taken) throw Problems.invalid("name", "a persona named '" + name + "' exists already");
    }

    private static String name(String name, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "required, e.g. 'Loyal big spenders'"));
            return null;
        }
        String n = name.strip();
        if (n.length() > 80) errors.add(new FieldError("name", "at most 80 characters"));
        return n;
    }

    private static String description(String d, List<FieldError> errors) {
        if (d == null || d.isBlank()) return null;
        String s = d.strip();
        if (s.length() > 2000) errors.add(new FieldError("description", "at most 2000 characters"));
        return s;
    }

    // ---- assignments ----

    /**
     * Assigns each contact (only those without a persona when {@code onlyNew}) the nearest saved persona; with no
     * personas left, clears every assignment. Returns how many contacts were assigned.
     */
    @Transactional
    public int assign(boolean onlyNew) {
        return assign(onlyNew, (step, done, total) -> {});
    }

    /** As {@link #assign(boolean)}, reporting progress; one assignment at a time (an advisory lock). */
    @Transactional
    public int assign(boolean onlyNew, AnalyticsJobs.Progress progress) {
        jdbc.sql("select pg_advisory_xact_lock(37, 200)").query(Object.class).single();
        progress.step("reading contact features", 0, null);
        record Saved(long id, double[] centroid, double[] means, double[] sds) {}
        List<Saved> saved = jdbc.sql("select id, centroid, means, sds from personas order by id")
                .query((rs, i) -> new Saved(rs.getLong(1), arr(rs.getArray(2)), arr(rs.getArray(3)), arr(rs.getArray(4)))).list();
        if (saved.isEmpty()) {
            jdbc.sql("delete from contact_personas").update();
            return 0;
        }
        if (!onlyNew) jdbc.sql("delete from contact_personas").update();
        PersonaFeatures.Matrix m = features.load(onlyNew
                ? "not exists (select 1 from contact_personas cp where cp.contact_id = c.id)" : "true", Map.of());
        double[] t = PersonaFeatures.transform(m);
        int d = PersonaFeatures.D;
        int batch = 10_000;
        progress.step("assigning contacts", 0, (long) m.n());
        long[] ids = new long[Math.min(batch, Math.max(1, m.n()))];
        long[] personas = new long[ids.length];
        double[] dists = new double[ids.length];
        int fill = 0;
        for (int i = 0; i < m.n(); i++) {
            long best = -1;
            double bestD = Double.MAX_VALUE;
            for (Saved p : saved) {
                double s = 0;
                for (int f = 0; f < d; f++) {
                    double v = t[i * d + f];
                    double a = Double.isNaN(v) ? (p.means[f] - p.centroid[f]) / p.sds[f] : (v - p.centroid[f]) / p.sds[f];
                    s += a * a;
                }
                if (s < bestD) {
                    bestD = s;
                    best = p.id;
                }
            }
            ids[fill] = m.ids()[i];
            personas[fill] = best;
            dists[fill] = Math.sqrt(bestD);
            if (++fill == ids.length) {
                write(ids, personas, dists, fill);
                fill = 0;
                progress.step("assigning contacts", i + 1, (long) m.n());
            }
        }
        if (fill > 0) write(ids, personas, dists, fill);
        return m.n();
    }

    private void write(long[] ids, long[] personas, double[] dists, int n) {
        jdbc.sql("""
                        insert into contact_personas (contact_id, persona_id, distance)
                        select * from unnest(cast(:ids as bigint[]), cast(:ps as bigint[]), cast(:ds as float8[]))
                        on conflict (contact_id) do update set persona_id = excluded.persona_id, distance = excluded.distance,
                                                               assigned_at = now()""")
                .param("ids", java.util.Arrays.copyOf(ids, n)).param("ps", java.util.Arrays.copyOf(personas, n))
                .param("ds", java.util.Arrays.copyOf(dists, n)).update();
    }

    private static double[] arr(java.sql.Array a) throws java.sql.SQLException {
        Object[] o = (Object[]) a.getArray();
        double[] d = new double[o.length];
        for (int i = 0; i < o.length; i++) d[i] = ((Number) o[i]).doubleValue();
        return d;
    }

    private double[] stored(long personaId) {
        return jdbc.sql("select centroid from personas where id = :id").param("id", personaId)
                .query((rs, i) -> arr(rs.getArray(1))).single();
    }

    /** The persona of a contact the user can see (404 otherwise); empty when the contact has none. */
    public Optional<ContactPersona> ofContact(CurrentUser user, long contactId) {
        contacts.get(user, contactId);
        return jdbc.sql("""
                        select cp.contact_id, p.id, p.name, p.description, cp.distance, cp.assigned_at
                          from contact_personas cp join personas p on p.id = cp.persona_id where cp.contact_id = :c""")
                .param("c", contactId)
                .query((rs, i) -> new ContactPersona(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        round(rs.getDouble(5), 3), rs.getTimestamp(6).toInstant())).optional();
    }

    /** The persona's contacts the user may see, by id (keyset: after). */
    public PageResult<PersonaContact> contactsOf(CurrentUser user, long personaId, Long after, int limit) {
        get(personaId);
        Map<String, Object> params = new HashMap<>();
        params.put("p", personaId);
        params.put("after", after == null ? 0L : after);
        params.put("limit", limit + 1);
        if (user.role().seesOnlyOwnBook()) {
            params.put("visUser", user.id());
            if (user.teamId() != null) params.put("visTeam", user.teamId());
        }
        List<PersonaContact> rows = jdbc.sql("""
                        select c.id, trim(c.first_name || ' ' || c.last_name), c.lifecycle_stage, cp.distance
                          from contact_personas cp join contacts c on c.id = cp.contact_id
                         where cp.persona_id = :p and cp.contact_id > :after and %s
                         order by cp.contact_id limit :limit""".formatted(RecordVisibility.condition(user, "c")))
                .params(params).query((rs, i) -> new PersonaContact(rs.getLong(1), rs.getString(2), rs.getString(3), round(rs.getDouble(4), 3)))
                .list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = String.valueOf(rows.getLast().id());
        }
        return new PageResult<>(rows, next);
    }

    // ---- profiles ----

    /** Mean raw features of one cluster (labels == cluster) or of everyone (labels == null); NPS over answers only. */
    static Map<String, Double> rawMeans(PersonaFeatures.Matrix m, int[] labels, int cluster) {
        int d = PersonaFeatures.D;
        double[] sum = new double[d];
        int[] cnt = new int[d];
        for (int i = 0; i < m.n(); i++) {
            if (labels != null && labels[i] != cluster) continue;
            for (int f = 0; f < d; f++) {
                double v = m.raw()[i * d + f];
                if (Double.isNaN(v)) continue;
                sum[f] += v;
                cnt[f]++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int f = 0; f < d; f++) out.put(PersonaFeatures.NAMES.get(f), cnt[f] == 0 ? null : round(sum[f] / cnt[f], 2));
        return out;
    }

    static String topSource(PersonaFeatures.Matrix m, int[] labels, int cluster) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < m.n(); i++) {
            if (labels[i] == cluster && m.sources()[i] != null) counts.merge(m.sources()[i], 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static final Map<String, String[]> WORDS = Map.of(
            "orders", new String[] {"frequent buyers", "rare buyers"},
            "revenue", new String[] {"high spenders", "low spenders"},
            "averageOrderValue", new String[] {"big baskets", "small baskets"},
            "recencyDays", new String[] {"lapsed", "recently active"},
            "tickets", new String[] {"many tickets", "few tickets"},
            "complaintShare", new String[] {"complainers", "rarely complain"},
            "nps", new String[] {"promoters", "detractors"},
            "digitalShare", new String[] {"digital", "offline"});

    /** A suggested name from the one or two features that set the cluster apart most (|z| ≥ 0.5). */
    static String label(Map<String, Double> z) {
        List<String> words = z.entrySet().stream().filter(e -> Math.abs(e.getValue()) >= 0.5)
                .sorted(Comparator.comparing((Map.Entry<String, Double> e) -> -Math.abs(e.getValue())))
                .limit(2).map(e -> WORDS.get(e.getKey())[e.getValue() > 0 ? 0 : 1]).toList();
        if (words.isEmpty()) return "Typical contacts";
        String s = String.join(", ", words);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static double round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return 0;
        double p = Math.pow(10, places);
        return Math.round(v * p) / p;
    }
}
