package io.rapport.analytics.journeys;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.analytics.jobs.Snapshots;
import io.rapport.feedback.ScoredAnswer;
import io.rapport.feedback.SurveyKind;
import io.rapport.feedback.SurveyScores;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.rapport.service.ComplaintHistory;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The customer journey of a segment as a funnel, and touchpoint analysis. Stages are dated from real records
 * (the earliest date that qualifies):
 * <ol>
 * <li>awareness: the contact was created, or the lead it was converted from (if earlier);</li>
 * <li>consideration: a lead converted to it, a deal it is on was opened, or an engaged touchpoint (a call, a
 * meeting, an inbound message, or an entry the source module marked CONSIDERATION);</li>
 * <li>purchase: the first order (not cancelled or refunded) or the first won deal it is on;</li>
 * <li>retention: the second such order;</li>
 * <li>advocacy: an NPS answer of 9–10 (promoter) or a timeline entry marked ADVOCACY (referral, review).</li>
 * </ol>
 * A contact that reached a stage counts as having passed every earlier one (a customer who bought without a recorded
 * consideration still went through it), so conversions are at most 100 %; advocacy counts only for contacts who
 * bought (a promoter who never bought is not an advocate customer). The median time between two stages is
 * over contacts with both dates in order.
 * <p>
 * The stage dates are read from a snapshot ({@link JourneySnapshot}): current whenever the base is small enough to
 * recompute inline, otherwise refreshed in the background with its age shown (ADR 0037).
 */
@Service
public class Journeys {

    public static final List<String> STAGES = List.of("AWARENESS", "CONSIDERATION", "PURCHASE", "RETENTION", "ADVOCACY");

    public record Stage(String stage, long reached, Double shareOfSegmentPct, Double conversionFromPreviousPct,
                        Double medianDaysFromPrevious, long timedContacts) {}

    /** freshness: when the stage dates were computed and whether their sources changed since. */
    public record Funnel(String segment, String description, long contacts, List<Stage> stages, String biggestDrop,
                         String message, Snapshots.Freshness freshness) {}

    public record Touchpoint(String type, String channel, long volume, Double sentiment, long sentimentSamples,
                             long negative, Double satisfiedPct, long satisfactionSamples, String satisfactionMeasure,
                             Double nps, boolean painPoint, boolean worst) {}

    public record Touchpoints(String segment, Instant from, Instant to, List<Touchpoint> rows, String worst, String message) {}

    /** Samples below this are shown but not judged (a single angry e-mail is not a pain point). */
    static final int MIN_SAMPLES = 5;

    private final JdbcClient jdbc;
    private final ComplaintHistory complaints;
    private final SurveyScores surveys;
    private final Snapshots snapshots;
    private final JourneySnapshot snapshot;
    private final AnalyticsJobs jobs;

    Journeys(JdbcClient jdbc, ComplaintHistory complaints, SurveyScores surveys, Snapshots snapshots, JourneySnapshot snapshot,
             AnalyticsJobs jobs) {
        this.jdbc = jdbc;
        this.complaints = complaints;
        this.surveys = surveys;
        this.snapshots = snapshots;
        this.snapshot = snapshot;
        this.jobs = jobs;
    }

    /**
     * The funnel over the stage dates of the snapshot ({@link JourneySnapshot}) of the segment's contacts; format with
     * the segment condition over {@code c}. Thirteen figures: contacts, reached 2–5, then median days and timed
     * contacts between each pair of stages.
     */
    static final String FUNNEL_SQL = """
            with j as (select cj.t1, cj.t2, cj.t3, cj.t4, cj.t5 from contact_journeys cj join contacts c on c.id = cj.contact_id where %s)
            select count(*),
                   count(*) filter (where coalesce(t2, t3, t4) is not null),
                   count(*) filter (where coalesce(t3, t4) is not null),
                   count(*) filter (where t4 is not null or (t3 is not null and t5 is not null)),
                   count(*) filter (where t5 is not null and coalesce(t3, t4) is not null),
                   percentile_cont(0.5) within group (order by extract(epoch from t2 - t1) / 86400) filter (where t2 >= t1),
                   count(*) filter (where t2 >= t1),
                   percentile_cont(0.5) within group (order by extract(epoch from t3 - t2) / 86400) filter (where t3 >= t2),
                   count(*) filter (where t3 >= t2),
                   percentile_cont(0.5) within group (order by extract(epoch from t4 - t3) / 86400) filter (where t4 >= t3),
                   count(*) filter (where t4 >= t3),
                   percentile_cont(0.5) within group (order by extract(epoch from t5 - t4) / 86400) filter (where t5 >= t4),
                   count(*) filter (where t5 >= t4)
              from j""";

    /** The funnel query's thirteen figures (null where a median has no contacts). */
    static Double[] figures(java.sql.ResultSet rs) throws java.sql.SQLException {
        rs.next();
        Double[] f = new Double[13];
        for (int i = 0; i < 13; i++) {
            double v = rs.getDouble(i + 1);
            f[i] = rs.wasNull() || Double.isNaN(v) || Double.isInfinite(v) ? null : v;
        }
        return f;
    }

    /** Makes the stage dates current when that is cheap (or queues their refresh) and says how current they are. */
    public Snapshots.Freshness freshness() {
        return snapshots.ensure(snapshot.spec());
    }

    /**
     * The funnel of a segment: for users who see every contact and the whole base, the funnel stored with the snapshot;
     * otherwise the figures over the segment's rows of the snapshot (proportional to the segment).
     */
    public Funnel funnel(CurrentUser user, Segment segment) {
        Snapshots.Freshness freshness = freshness();
        Double[] f = null;
        if (segment.equals(Segment.ALL) && !user.role().seesOnlyOwnBook()) {
            f = jdbc.sql("select figures from journey_funnel_all").query((rs, i) -> {
                Object[] a = (Object[]) rs.getArray(1).getArray();
                Double[] d = new Double[13];
                for (int k = 0; k < 13; k++) d[k] = a[k] == null ? null : ((Number) a[k]).doubleValue();
                return d;
            }).optional().orElse(null);
        }
        if (f == null) f = jdbc.sql(FUNNEL_SQL.formatted(segment.condition(user, "c"))).params(segment.params(user)).query(Journeys::figures);
        long total = f[0] == null ? 0 : f[0].longValue();
        List<Stage> stages = new ArrayList<>();
        long previous = total;
        String biggest = null;
        double worstConversion = 101;
        for (int s = 0; s < 5; s++) {
            long reached = s == 0 ? total : f[s].longValue();
            Double conversion = s == 0 || previous == 0 ? null : round(100.0 * reached / previous, 1);
            Double median = s == 0 ? null : f[3 + 2 * s];
            long timed = s == 0 ? 0 : f[4 + 2 * s].longValue();
            stages.add(new Stage(STAGES.get(s), reached, total == 0 ? null : round(100.0 * reached / total, 1), conversion,
                    median == null ? null : round(median, 1), timed));
            if (conversion != null && conversion < worstConversion) {
                worstConversion = conversion;
                biggest = STAGES.get(s - 1) + " → " + STAGES.get(s);
            }
            previous = reached;
        }
        String message = total == 0 ? (freshness.refreshedAt() == null
                ? "The journey stages are being computed for the first time; reload in a minute."
                : "No contacts in " + segment.describe() + " that you can see: pick another segment.") : null;
        return new Funnel(segment.label(), segment.describe(), total, stages, biggest, message, freshness);
    }

    /** An analyst's "refresh now": the refresh job, or the one already queued or running. */
    public AnalyticsJobs.Job refresh(CurrentUser user) {
        if (user.role() != io.rapport.platform.security.Role.ADMIN && user.role() != io.rapport.platform.security.Role.MANAGER
                && user.role() != io.rapport.platform.security.Role.MARKETING) {
            throw Problems.forbidden("Your role " + user.role() + " cannot refresh analytics (ADMIN, MANAGER and MARKETING can)");
        }
        return jobs.queue(AnalyticsJobs.Kind.JOURNEY_REFRESH, Map.of(), user.id(), AnalyticsJobs.Join.ACTIVE);
    }

    public Touchpoints touchpoints(CurrentUser user, Segment segment, Instant from, Instant to) {
        if (!from.isBefore(to)) throw Problems.invalid("to", "must be after from");
        Set<Long> members = segment == Segment.ALL && !user.role().seesOnlyOwnBook() ? null : members(user, segment);
        List<Touchpoint> rows = new ArrayList<>();
        // the timeline, per channel, with the sentiment the writing module recorded
        String who = members == null ? "true" : "a.contact_id = any(cast(:ids as bigint[]))";
        var spec = jdbc.sql("""
                        select a.channel, count(*), count(a.sentiment),
                               count(*) filter (where a.sentiment = 'POSITIVE'), count(*) filter (where a.sentiment = 'NEGATIVE')
                          from activities a where a.contact_id is not null and a.occurred_at >= :from and a.occurred_at < :to and %s
                         group by a.channel order by count(*) desc, a.channel""".formatted(who))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to));
        if (members != null) spec = spec.param("ids", members.stream().mapToLong(Long::longValue).toArray());
        if (members == null || !members.isEmpty()) {
            rows.addAll(spec.query((rs, n) -> {
                long labelled = rs.getLong(3);
                Double sentiment = labelled == 0 ? null : round((rs.getLong(4) - rs.getLong(5)) / (double) labelled, 3);
                return new Touchpoint("Timeline", rs.getString(1), rs.getLong(2), sentiment, labelled, rs.getLong(5), null, 0, null, null,
                        false, false);
            }).list());
        }
        // tickets per channel: sentiment of the customer's messages and CSAT of the desk
        for (ComplaintHistory.ChannelFigures f : complaints.byChannel(from, to, members)) {
            rows.add(new Touchpoint("Tickets", f.channel(), f.tickets(), f.averageSentiment() == null ? null : round(f.averageSentiment(), 3),
                    f.averageSentiment() == null ? 0 : f.tickets(), f.negative(),
                    f.csatAnswers() == 0 ? null : round(100.0 * f.csatSatisfied() / f.csatAnswers(), 1), f.csatAnswers(), "CSAT 4–5",
                    null, false, false));
        }
        // survey answers per kind and source
        for (SurveyKind kind : SurveyKind.values()) {
            Map<String, long[]> bySource = new LinkedHashMap<>();
            for (ScoredAnswer a : surveys.answers(kind, from, to)) {
                if (members != null && (a.contactId() == null || !members.contains(a.contactId()))) continue;
                long[] c = bySource.computeIfAbsent(a.source(), x -> new long[3]);
                c[0]++;
                boolean good = switch (kind) {
                    case NPS -> a.score() >= 9;
                    case CSAT -> a.score() >= 4;
                    case CES -> a.score() >= 5;
                };
                if (good) c[1]++;
                if (kind == SurveyKind.NPS && a.score() <= 6) c[2]++;
                if (kind != SurveyKind.NPS && (kind == SurveyKind.CSAT ? a.score() <= 2 : a.score() <= 3)) c[2]++;
            }
            bySource.forEach((source, c) -> rows.add(new Touchpoint("Survey " + kind, source, c[0], null, 0, c[2],
                    round(100.0 * c[1] / c[0], 1), c[0], switch (kind) {
                        case NPS -> "promoters (9–10)";
                        case CSAT -> "CSAT 4–5";
                        case CES -> "easy (5–7)";
                    }, kind == SurveyKind.NPS ? round(100.0 * (c[1] - c[2]) / c[0], 1) : null, false, false)));
        }
        // pain points: sentiment below −0.2 or satisfaction below 60 %, judged on enough samples; the worst one flagged
        Touchpoint worst = null;
        double worstScore = Double.MAX_VALUE;
        List<Touchpoint> judged = new ArrayList<>();
        for (Touchpoint t : rows) {
            boolean sentimentOk = t.sentiment() != null && t.sentimentSamples() >= MIN_SAMPLES;
            boolean satisfactionOk = t.satisfiedPct() != null && t.satisfactionSamples() >= MIN_SAMPLES;
            boolean pain = (sentimentOk && t.sentiment() < -0.2) || (satisfactionOk && t.satisfiedPct() < 60);
            // one scale for the worst: sentiment −1…1 mapped onto 0…100, else the satisfied share
            double score = Math.min(sentimentOk ? (t.sentiment() + 1) * 50 : Double.MAX_VALUE,
                    satisfactionOk ? t.satisfiedPct() : Double.MAX_VALUE);
            Touchpoint marked = new Touchpoint(t.type(), t.channel(), t.volume(), t.sentiment(), t.sentimentSamples(), t.negative(),
                    t.satisfiedPct(), t.satisfactionSamples(), t.satisfactionMeasure(), t.nps(), pain, false);
            judged.add(marked);
            if (score < worstScore) {
                worstScore = score;
                worst = marked;
            }
        }
        List<Touchpoint> out = new ArrayList<>();
        for (Touchpoint t : judged) {
            out.add(t == worst ? new Touchpoint(t.type(), t.channel(), t.volume(), t.sentiment(), t.sentimentSamples(), t.negative(),
                    t.satisfiedPct(), t.satisfactionSamples(), t.satisfactionMeasure(), t.nps(), t.painPoint(), true) : t);
        }
        out.sort(Comparator.comparing(Touchpoint::type).thenComparing(Comparator.comparingLong(Touchpoint::volume).reversed()));
        String message = out.isEmpty() ? "No touchpoints of " + segment.describe() + " in this period: pick a wider period or another segment." : null;
        return new Touchpoints(segment.label(), from, to, out, worst == null ? null : worst.type() + " · " + worst.channel(), message);
    }

    /** The ids of the segment's contacts the user can see. */
    public Set<Long> members(CurrentUser user, Segment segment) {
        return new HashSet<>(jdbc.sql("select c.id from contacts c where " + segment.condition(user, "c"))
                .params(segment.params(user)).query(Long.class).list());
    }


    static double round(double v, int places) {
        double p = Math.pow(10, places);
        return Math.round(v * p) / p;
    }
}
