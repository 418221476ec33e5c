package io.rapport.analytics.churn;

import io.rapport.feedback.SurveyKind;
import io.rapport.feedback.SurveyScores;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import io.rapport.service.CustomerServiceSignals;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The churn-risk score: P(no order in the next risk window) from a logistic regression over recency, order frequency
 * and its trend, tenure, average order value, open complaints, the latest NPS and the sentiment of the customer's
 * ticket messages. Trained on snapshots of the history (features as of past cut-offs, label = no order — or an
 * explicit churn — within the window after), back-tested on the latest cut-off whose window has fully passed
 * (a time-based hold-out: no training label looks past it), then every active customer is scored with the reasons
 * that raise their risk most (coefficient × standardised value).
 */
@Service
public class ChurnRisk {

    private static final Logger log = LoggerFactory.getLogger(ChurnRisk.class);

    static final String[] FEATURES = {"recency", "frequency", "frequencyTrend", "tenure", "orderValue", "openComplaints", "nps",
            "npsMissing", "sentiment"};
    static final int TRAIN_CUTOFFS = 6;
    static final int MAX_TRAIN_ROWS = 300_000;

    public record Reason(String feature, String label, double contribution) {}

    public record Model(long id, Instant trainedAt, String status, int windowDays, LocalDate holdoutCutoff, String trainCutoffs,
                        int trainRows, int holdoutRows, Double trainChurnRate, Double auc, String message,
                        List<Map<String, Object>> coefficients) {}

    public record Score(long contactId, String name, double score, String band, List<Reason> reasons, Instant scoredAt) {}

    /** One customer as of a cut-off: raw values (for the reasons), the feature vector and, for history, the label. */
    record Snapshot(long contactId, double recencyDays, int orders365, int orders90, int ordersBefore, double tenureDays,
                    double avgValue, int complaints, Integer nps, Double sentiment, boolean churned) {

        double[] features() {
            double recent = orders90 * 365.0 / 90, before = ordersBefore * 365.0 / 275;
            return new double[] {Math.log1p(Math.max(0, recencyDays)), Math.log1p(orders365), Math.log1p(recent) - Math.log1p(before),
                    Math.log1p(Math.max(0, tenureDays)), Math.log1p(Math.max(0, avgValue)), Math.min(complaints, 3),
                    nps == null ? 0 : (nps - 7) / 3.0, nps == null ? 1 : 0, sentiment == null ? 0 : sentiment};
        }

        String label(int feature) {
            return switch (FEATURES[feature]) {
                case "recency" -> "Last order " + Math.round(recencyDays) + " days ago";
                case "frequency" -> orders365 + (orders365 == 1 ? " order" : " orders") + " in the last year";
                case "frequencyTrend" -> "Ordering " + (orders90 * 365.0 / 90 < ordersBefore * 365.0 / 275 ? "less" : "more")
                        + " often: " + orders90 + " in the last 90 days vs " + ordersBefore + " in the 9 months before";
                case "tenure" -> "Customer for " + Math.round(tenureDays) + " days";
                case "orderValue" -> "Average order value " + Math.round(avgValue);
                case "openComplaints" -> complaints + (complaints == 1 ? " open complaint" : " open complaints");
                case "nps" -> nps == null ? "No NPS answer" : "Latest NPS " + nps + (nps <= 6 ? " (detractor)" : nps >= 9 ? " (promoter)" : " (passive)");
                case "npsMissing" -> nps == null ? "Never answered an NPS survey" : "Answered an NPS survey";
                case "sentiment" -> sentiment == null ? "No ticket messages lately"
                        : String.format(Locale.ROOT, "Ticket sentiment %.2f (%s)", sentiment, sentiment < -0.05 ? "negative" : sentiment > 0.05 ? "positive" : "neutral");
                default -> FEATURES[feature];
            };
        }
    }

    private final JdbcClient jdbc;
    private final ChurnSettings settings;
    private final SurveyScores surveys;
    private final CustomerServiceSignals service;
    private final TransactionTemplate tx;
    private final JsonMapper json = JsonMapper.builder().build();

    ChurnRisk(JdbcClient jdbc, ChurnSettings settings, SurveyScores surveys, CustomerServiceSignals service, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.surveys = surveys;
        this.service = service;
        this.tx = tx;
    }

    public static void requireTrainer(CurrentUser user) {
        if (user.role() != Role.ADMIN && user.role() != Role.MANAGER) {
            throw Problems.forbidden("Only administrators and managers can train the churn-risk model");
        }
    }

    /** Trains on history as of now, back-tests, stores the model and, when trained, scores every active customer. */
    public Model train(CurrentUser user) {
        if (user != null) requireTrainer(user);
        return train(user == null ? null : user.id(), Instant.now());
    }

    Model train(Long userId, Instant now) {
        ChurnDefinition def = settings.current();
        int window = def.riskWindowDays();
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        Instant holdout = today.minus(Duration.ofDays(window));
        int step = Math.max(30, window / 3);
        List<Snapshot> train = new ArrayList<>();
        List<String> cutoffs = new ArrayList<>();
        Random sample = new Random(31);
        for (int k = 0; k < TRAIN_CUTOFFS; k++) {
            Instant t = holdout.minus(Duration.ofDays(window + (long) k * step));
            cutoffs.add(t.toString().substring(0, 10));
            for (Snapshot s : snapshots(t, window, def.inactivityDays(), true)) {
                if (train.size() < MAX_TRAIN_ROWS) train.add(s);
                else if (sample.nextInt(train.size() + 1) < MAX_TRAIN_ROWS) train.set(sample.nextInt(MAX_TRAIN_ROWS), s);
            }
        }
        List<Snapshot> test = snapshots(holdout, window, def.inactivityDays(), true);
        long positives = train.stream().filter(Snapshot::churned).count();
        String cutoffText = String.join(",", cutoffs.reversed());
        if (train.size() < 20 || positives == 0 || positives == train.size()) {
            String message = "Not enough history to train: " + train.size() + " customer snapshots at " + cutoffs.size()
                    + " past cut-offs (" + positives + " churned); needs at least 20 with both outcomes. Older orders make training possible.";
            long id = insertModel(userId, "INSUFFICIENT_DATA", window, holdout, cutoffText, train.size(), test.size(),
                    train.isEmpty() ? null : positives / (double) train.size(), null, null, message);
            return model(id).orElseThrow();
        }
        int d = FEATURES.length;
        double[] mean = new double[d], sd = new double[d];
        List<double[]> raw = train.stream().map(Snapshot::features).toList();
        for (double[] x : raw) for (int j = 0; j < d; j++) mean[j] += x[j] / raw.size();
        for (double[] x : raw) for (int j = 0; j < d; j++) sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / raw.size();
        for (int j = 0; j < d; j++) sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1;
        boolean[] y = new boolean[train.size()];
        for (int i = 0; i < y.length; i++) y[i] = train.get(i).churned();
        double[] w = LogisticRegression.fit(raw.stream().map(x -> standardise(x, mean, sd)).toList(), y, 1.0, 50);
        Double auc = null;
        if (!test.isEmpty()) {
            double[] scores = new double[test.size()];
            boolean[] labels = new boolean[test.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = LogisticRegression.predict(w, standardise(test.get(i).features(), mean, sd));
                labels[i] = test.get(i).churned();
            }
            auc = Auc.of(scores, labels);
        }
        String model = modelJson(mean, sd, w);
        String message = auc == null ? "Trained; the hold-out cut-off " + holdout.toString().substring(0, 10)
                + " has " + test.size() + " customers and not both outcomes, so no AUC" : null;
        long id = insertModel(userId, "TRAINED", window, holdout, cutoffText, train.size(), test.size(), positives / (double) train.size(),
                auc, model, message);
        int scored = score(id, now, def.inactivityDays(), mean, sd, w);
        log.info("Churn-risk model {} trained on {} snapshots, hold-out AUC {}, {} customers scored", id, train.size(), auc, scored);
        return model(id).orElseThrow();
    }

    static double[] standardise(double[] x, double[] mean, double[] sd) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) z[j] = (x[j] - mean[j]) / sd[j];
        return z;
    }

    /** Customers active at t (an order within the inactivity days before it, not explicitly churned), as of t. */
    List<Snapshot> snapshots(Instant t, int window, int inactivityDays, boolean labelled) {
        Map<Long, Integer> complaints = service.openComplaints(t);
        Map<Long, Integer> nps = surveys.latestByContact(SurveyKind.NPS, t);
        Map<Long, Double> sentiment = service.averageSentiment(t.minus(Duration.ofDays(180)), t);
        String label = labelled ? """
                not exists (select 1 from orders o2 where o2.contact_id = o.contact_id and o2.status not in ('CANCELLED','REFUNDED')
                                and o2.ordered_at >= cast(:t as timestamptz) and o2.ordered_at < cast(:t2 as timestamptz))
                or exists (select 1 from churn_events e2 where e2.contact_id = o.contact_id and e2.churned_on >= cast(:td as date)
                               and e2.churned_on < cast(:t2d as date))""" : "false";
        List<Snapshot> out = new ArrayList<>();
        jdbc.sql("""
                        select o.contact_id, extract(epoch from (cast(:t as timestamptz) - max(o.ordered_at))) / 86400,
                               count(*) filter (where o.ordered_at >= cast(:t as timestamptz) - interval '365 days'),
                               count(*) filter (where o.ordered_at >= cast(:t as timestamptz) - interval '90 days'),
                               count(*) filter (where o.ordered_at >= cast(:t as timestamptz) - interval '365 days' and o.ordered_at < cast(:t as timestamptz) - interval '90 days'),
                               extract(epoch from (cast(:t as timestamptz) - min(o.ordered_at))) / 86400, avg(o.total)::float8, %s
                          from orders o
                         where o.contact_id is not null and o.status not in ('CANCELLED','REFUNDED') and o.ordered_at < cast(:t as timestamptz)
                           and not exists (select 1 from churn_events e where e.contact_id = o.contact_id and e.churned_on < cast(:td as date))
                         group by o.contact_id
                        having max(o.ordered_at) >= cast(:t as timestamptz) - make_interval(days => :inactive)""".formatted(label))
                .param("t", Timestamp.from(t)).param("t2", Timestamp.from(t.plus(Duration.ofDays(window))))
                .param("td", LocalDate.ofInstant(t, ZoneOffset.UTC)).param("t2d", LocalDate.ofInstant(t.plus(Duration.ofDays(window)), ZoneOffset.UTC))
                .param("inactive", inactivityDays)
                .query(rs -> {
                    long c = rs.getLong(1);
                    out.add(new Snapshot(c, rs.getDouble(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getDouble(6), rs.getDouble(7),
                            complaints.getOrDefault(c, 0), nps.get(c), sentiment.get(c), rs.getBoolean(8)));
                });
        return out;
    }

    private int score(long modelId, Instant now, int inactivityDays, double[] mean, double[] sd, double[] w) {
        List<Snapshot> current = snapshots(now, 1, inactivityDays, false);
        return tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(31, -1)").query().singleRow(); // one scoring at a time (contacts use keys ≥ 1)
            jdbc.sql("delete from churn_risk_scores").update();
            int batch = 5000;
            for (int from = 0; from < current.size(); from += batch) {
                List<Snapshot> part = current.subList(from, Math.min(current.size(), from + batch));
                long[] ids = new long[part.size()];
                double[] scores = new double[part.size()];
                String[] reasons = new String[part.size()];
                for (int i = 0; i < part.size(); i++) {
                    Snapshot s = part.get(i);
                    double[] z = standardise(s.features(), mean, sd);
                    ids[i] = s.contactId();
                    scores[i] = clamp(LogisticRegression.predict(w, z));
                    reasons[i] = reasonsJson(s, z, w);
                }
                jdbc.sql("""
                                insert into churn_risk_scores (contact_id, model_id, score, reasons, scored_at)
                                select c, :m, s, r::jsonb, :at from unnest(cast(:ids as bigint[]), cast(:scores as float8[]), cast(:reasons as text[])) as u(c, s, r)""")
                        .param("m", modelId).param("at", Timestamp.from(now)).param("ids", ids).param("scores", scores).param("reasons", reasons)
                        .update();
            }
            return current.size();
        });
    }

    private static double clamp(double p) {
        return Double.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0.5;
    }

    private String reasonsJson(Snapshot s, double[] z, double[] w) {
        List<Reason> reasons = new ArrayList<>();
        for (int j = 0; j < FEATURES.length; j++) {
            double c = w[j + 1] * z[j];
            if (c > 0.05 && Double.isFinite(c)) reasons.add(new Reason(FEATURES[j], s.label(j), Math.round(c * 1000) / 1000.0));
        }
        reasons.sort(Comparator.comparingDouble(Reason::contribution).reversed());
        return json.writeValueAsString(reasons.subList(0, Math.min(3, reasons.size())));
    }

    private String modelJson(double[] mean, double[] sd, double[] w) {
        return json.writeValueAsString(Map.of("features", List.of(FEATURES), "means", mean, "sds", sd, "intercept", w[0],
                "coefficients", java.util.Arrays.copyOfRange(w, 1, w.length)));
    }

    private long insertModel(Long userId, String status, int window, Instant holdout, String cutoffs, int trainRows, int holdoutRows,
                             Double churnRate, Double auc, String model, String message) {
        return jdbc.sql("""
                        insert into churn_risk_models (trained_by, status, window_days, holdout_cutoff, train_cutoffs, train_rows, holdout_rows,
                                                       train_churn_rate, auc, model, message)
                        values (:u, :s, :w, :h, :c, :tr, :hr, :rate, :auc, cast(:model as jsonb), :msg) returning id""")
                .param("u", userId).param("s", status).param("w", window).param("h", LocalDate.ofInstant(holdout, ZoneOffset.UTC))
                .param("c", cutoffs).param("tr", trainRows).param("hr", holdoutRows).param("rate", churnRate).param("auc", auc)
                .param("model", model).param("msg", message).query(Long.class).single();
    }

    public Optional<Model> latest() {
        return jdbc.sql("select id from churn_risk_models order by id desc limit 1").query(Long.class).optional().flatMap(this::model);
    }

    Optional<Model> model(long id) {
        return jdbc.sql("""
                        select id, trained_at, status, window_days, holdout_cutoff, train_cutoffs, train_rows, holdout_rows, train_churn_rate,
                               auc, model::text, message from churn_risk_models where id = :id""")
                .param("id", id)
                .query((rs, n) -> new Model(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getInt(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6), rs.getInt(7), rs.getInt(8), (Double) rs.getObject(9),
                        (Double) rs.getObject(10), rs.getString(12), coefficients(rs.getString(11))))
                .optional();
    }

    private List<Map<String, Object>> coefficients(String model) {
        if (model == null) return List.of();
        JsonNode m = json.readTree(model);
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(Map.of("feature", "intercept", "coefficient", m.get("intercept").asDouble()));
        for (int j = 0; j < m.get("features").size(); j++) {
            out.add(Map.of("feature", m.get("features").get(j).asString(), "coefficient", Math.round(m.get("coefficients").get(j).asDouble() * 10000) / 10000.0));
        }
        return out;
    }

    public static String band(double score) {
        return score >= 0.6 ? "high" : score >= 0.3 ? "medium" : "low";
    }

    /** Scored customers this user may see, highest risk first. */
    public List<Score> atRisk(CurrentUser user, double minScore, int limit, int offset) {
        var spec = jdbc.sql("""
                        select s.contact_id, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), s.score, s.reasons::text, s.scored_at
                          from churn_risk_scores s join contacts c on c.id = s.contact_id
                         where s.score >= :min and %s order by s.score desc, s.contact_id limit :limit offset :offset"""
                        .formatted(RecordVisibility.condition(user, "c")))
                .param("min", minScore).param("limit", limit).param("offset", offset);
        return RecordVisibility.bind(spec, user).query((rs, n) -> toScore(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getString(4),
                rs.getTimestamp(5).toInstant())).list();
    }

    public long countAtRisk(CurrentUser user, double minScore) {
        var spec = jdbc.sql("select count(*) from churn_risk_scores s join contacts c on c.id = s.contact_id where s.score >= :min and %s"
                .formatted(RecordVisibility.condition(user, "c"))).param("min", minScore);
        return RecordVisibility.bind(spec, user).query(Long.class).single();
    }

    /** The stored score of a contact (the caller has checked the contact is visible). */
    public Optional<Score> ofContact(long contactId) {
        return jdbc.sql("select contact_id, score, reasons::text, scored_at from churn_risk_scores where contact_id = :c").param("c", contactId)
                .query((rs, n) -> toScore(rs.getLong(1), null, rs.getDouble(2), rs.getString(3), rs.getTimestamp(4).toInstant())).optional();
    }

    private Score toScore(long contactId, String name, double score, String reasons, Instant at) {
        List<Reason> list = new ArrayList<>();
        for (JsonNode r : json.readTree(reasons)) {
            list.add(new Reason(r.get("feature").asString(), r.get("label").asString(), r.get("contribution").asDouble()));
        }
        return new Score(contactId, name, Math.round(score * 1000) / 1000.0, band(score), list, at);
    }
}
