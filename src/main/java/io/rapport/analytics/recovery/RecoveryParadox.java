package io.rapport.analytics.recovery;

import io.rapport.analytics.journeys.Journeys;
import io.rapport.analytics.journeys.Segment;
import io.rapport.feedback.ScoredAnswer;
import io.rapport.feedback.SurveyKind;
import io.rapport.feedback.SurveyScores;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import io.rapport.service.ComplaintHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The service recovery paradox: are customers whose complaint was recovered more satisfied and loyal than those who
 * never complained? Three groups of customers (contacts), each with a reference date:
 * <ul>
 * <li>RECOVERED: their first complaint was solved and its recovery workflow completed (the follow-up step); the
 * reference is the complaint's creation;</li>
 * <li>NOT_RECOVERED: their first complaint was not (yet) recovered; the same reference;</li>
 * <li>NEVER_COMPLAINED: customers with at least one order and no complaint; the reference is their first order.</li>
 * </ul>
 * Outcomes after the reference: the first NPS answer (mean score, t interval), the first CSAT answer (share 4–5,
 * Wilson; feedback's answers and the desk's CSAT, the complaint's own survey included), repurchase (an order within
 * {@code repurchaseDays}, Wilson) and churn (no order within {@code churnDays}, Wilson). Repurchase and churn count
 * only customers whose window has fully passed.
 */
@Service
public class RecoveryParadox {

    public enum Group { RECOVERED, NOT_RECOVERED, NEVER_COMPLAINED }

    public record Estimate(Double value, Double low, Double high, long n) {}

    public record GroupFigures(Group group, long customers, Estimate laterNps, Estimate laterCsatSatisfiedPct,
                               Estimate repurchasePct, Estimate churnPct) {}

    public record Comparison(String metric, String verdict, String sentence) {}

    public record Result(String segment, int repurchaseDays, int churnDays, List<GroupFigures> groups,
                         List<Comparison> comparisons, String verdict, String summary) {}

    /** Below this many customers in a group a comparison is "not enough data". */
    static final int MIN_N = 10;

    private final ComplaintHistory complaints;
    private final SurveyScores surveys;
    private final Journeys journeys;
    private final JdbcClient jdbc;

    RecoveryParadox(ComplaintHistory complaints, SurveyScores surveys, Journeys journeys, JdbcClient jdbc) {
        this.complaints = complaints;
        this.surveys = surveys;
        this.journeys = journeys;
        this.jdbc = jdbc;
    }

    static void requireReader(CurrentUser user) {
        if (user.role() != Role.ADMIN && user.role() != Role.MANAGER && user.role() != Role.READ_ONLY) {
            throw Problems.forbidden("Your role " + user.role() + " cannot see the service recovery analysis (ADMIN, MANAGER and READ_ONLY can)");
        }
    }

    public Result analyse(CurrentUser user, Segment segment, Integer repurchaseDays, Integer churnDays, Instant now) {
        requireReader(user);
        int rDays = days("repurchaseDays", repurchaseDays, 90);
        int cDays = days("churnDays", churnDays, 180);
        Set<Long> members = segment == Segment.ALL ? null : journeys.members(user, segment);

        // reference dates
        Map<Long, Instant> reference = new HashMap<>();
        Map<Long, Group> group = new HashMap<>();
        Set<Long> complainers = new HashSet<>();
        for (ComplaintHistory.Complaint c : complaints.complaints()) {
            if (members != null && !members.contains(c.requesterId())) continue;
            complainers.add(c.requesterId());
            if (reference.containsKey(c.requesterId())) continue; // the first complaint decides
            reference.put(c.requesterId(), c.createdAt());
            group.put(c.requesterId(), c.recovered() ? Group.RECOVERED : Group.NOT_RECOVERED);
        }
        Map<Long, List<Instant>> orders = new HashMap<>();
        jdbc.sql("""
                        select contact_id, ordered_at from orders
                         where contact_id is not null and status not in ('CANCELLED','REFUNDED') order by contact_id, ordered_at""")
                .query(rs -> {
                    long c = rs.getLong(1);
                    if (members != null && !members.contains(c)) return;
                    orders.computeIfAbsent(c, x -> new ArrayList<>()).add(rs.getTimestamp(2).toInstant());
                });
        orders.forEach((c, list) -> {
            if (!complainers.contains(c)) {
                reference.put(c, list.getFirst());
                group.put(c, Group.NEVER_COMPLAINED);
            }
        });

        // answers after the reference: the first one counts
        Map<Long, Integer> nps = firstAfter(surveys.answers(SurveyKind.NPS, Instant.EPOCH, now), reference);
        List<ScoredAnswer> csatAnswers = new ArrayList<>(surveys.answers(SurveyKind.CSAT, Instant.EPOCH, now));
        Set<Long> csatTickets = new HashSet<>();
        for (ScoredAnswer a : csatAnswers) if (a.ticketId() != null) csatTickets.add(a.ticketId());
        for (ComplaintHistory.TicketCsat a : complaints.csatAnswers(Instant.EPOCH, now)) {
            if (!csatTickets.contains(a.ticketId()) && a.contactId() != null) {
                csatAnswers.add(new ScoredAnswer(-a.ticketId(), SurveyKind.CSAT, a.score(), a.contactId(), null, a.ticketId(), null,
                        "SERVICE_CSAT", a.answeredAt()));
            }
        }
        csatAnswers.sort(java.util.Comparator.comparing(ScoredAnswer::answeredAt));
        Map<Long, Integer> csat = firstAfter(csatAnswers, reference);

        List<GroupFigures> figures = new ArrayList<>();
        for (Group g : Group.values()) {
            List<Double> npsValues = new ArrayList<>();
            long csatN = 0, csatOk = 0, rN = 0, rYes = 0, cN = 0, cYes = 0, customers = 0;
            for (Map.Entry<Long, Group> e : group.entrySet()) {
                if (e.getValue() != g) continue;
                customers++;
                long c = e.getKey();
                Instant ref = reference.get(c);
                if (nps.containsKey(c)) npsValues.add((double) nps.get(c));
                if (csat.containsKey(c)) {
                    csatN++;
                    if (csat.get(c) >= 4) csatOk++;
                }
                List<Instant> own = orders.getOrDefault(c, List.of());
                if (!ref.plus(Duration.ofDays(rDays)).isAfter(now)) {
                    rN++;
                    if (own.stream().anyMatch(o -> o.isAfter(ref) && !o.isAfter(ref.plus(Duration.ofDays(rDays))))) rYes++;
                }
                if (!ref.plus(Duration.ofDays(cDays)).isAfter(now)) {
                    cN++;
                    if (own.stream().noneMatch(o -> o.isAfter(ref) && !o.isAfter(ref.plus(Duration.ofDays(cDays))))) cYes++;
                }
            }
            figures.add(new GroupFigures(g, customers,
                    estimate(Intervals.mean(npsValues.stream().mapToDouble(Double::doubleValue).toArray()), npsValues.size(), 1, 2),
                    estimate(Intervals.wilson(csatOk, csatN), csatN, 100, 1),
                    estimate(Intervals.wilson(rYes, rN), rN, 100, 1),
                    estimate(Intervals.wilson(cYes, cN), cN, 100, 1)));
        }
        GroupFigures rec = figures.get(0), not = figures.get(1), never = figures.get(2);
        List<Comparison> comparisons = new ArrayList<>();
        comparisons.add(compare("Later CSAT (share satisfied)", rec.laterCsatSatisfiedPct(), never.laterCsatSatisfiedPct(), true));
        comparisons.add(compare("Later NPS score", rec.laterNps(), never.laterNps(), true));
        comparisons.add(compare("Repurchase within " + rDays + " days", rec.repurchasePct(), never.repurchasePct(), true));
        comparisons.add(compare("Churn (no order within " + cDays + " days)", rec.churnPct(), never.churnPct(), false));

        long holds = comparisons.stream().filter(c -> c.verdict().equals("HOLDS")).count();
        long against = comparisons.stream().filter(c -> c.verdict().equals("DOES_NOT_HOLD")).count();
        long judged = comparisons.stream().filter(c -> !c.verdict().equals("NOT_ENOUGH_DATA")).count();
        String verdict;
        String summary;
        if (judged == 0) {
            verdict = "NOT_ENOUGH_DATA";
            summary = complainers.isEmpty()
                    ? "No complaints in " + segment.describe() + " yet, so there is nothing to compare: the paradox cannot be tested."
                    : "Not enough data to test the paradox: each group needs at least " + MIN_N + " customers with the outcome measured "
                      + "(recovered " + rec.customers() + ", never complained " + never.customers() + ").";
        } else if (holds > 0 && against == 0) {
            verdict = "HOLDS";
            summary = "The service recovery paradox holds in this data: customers whose complaint was recovered do better than "
                      + "customers who never complained on " + holds + " of " + judged + " measures, with non-overlapping 95% intervals.";
        } else if (against > 0 && holds == 0) {
            verdict = "DOES_NOT_HOLD";
            summary = "The paradox does not hold here: customers whose complaint was recovered do worse than customers who never "
                      + "complained on " + against + " of " + judged + " measures (non-overlapping 95% intervals). Recovery limits the damage; it does not turn complainers into fans.";
        } else if (holds > 0) {
            verdict = "MIXED";
            summary = "Mixed evidence: recovered customers do better on " + holds + " measure(s) and worse on " + against + ".";
        } else {
            verdict = "INCONCLUSIVE";
            summary = "Inconclusive: recovered customers and customers who never complained are within each other's 95% intervals on every measure; "
                      + "the data neither shows the paradox nor rules it out.";
        }
        Comparison recovery = compare("Recovered vs not recovered (later CSAT)", rec.laterCsatSatisfiedPct(), not.laterCsatSatisfiedPct(), true);
        if (recovery.verdict().equals("HOLDS")) summary += " Recovering a complaint clearly pays: recovered customers are more satisfied than those whose complaint was not recovered.";
        return new Result(segment.label(), rDays, cDays, figures, comparisons, verdict, summary);
    }

    private static int days(String field, Integer value, int fallback) {
        if (value == null) return fallback;
        if (value < 1 || value > 3650) throw Problems.invalid(field, "must be between 1 and 3650 days");
        return value;
    }

    private static Map<Long, Integer> firstAfter(List<ScoredAnswer> answers, Map<Long, Instant> reference) {
        Map<Long, Integer> first = new HashMap<>();
        for (ScoredAnswer a : answers) { // oldest first
            if (a.contactId() == null || first.containsKey(a.contactId())) continue;
            Instant ref = reference.get(a.contactId());
            if (ref != null && a.answeredAt().isAfter(ref)) first.put(a.contactId(), a.score());
        }
        return first;
    }

    private static Estimate estimate(Intervals.Interval i, long n, double factor, int places) {
        if (i == null) return new Estimate(null, null, null, n);
        return new Estimate(round(i.estimate() * factor, places), round(i.low() * factor, places), round(i.high() * factor, places), n);
    }

    /** Recovered vs never complained on one measure; higherIsBetter false for churn. */
    static Comparison compare(String metric, Estimate recovered, Estimate never, boolean higherIsBetter) {
        if (recovered.value() == null || never.value() == null || recovered.n() < MIN_N || never.n() < MIN_N) {
            return new Comparison(metric, "NOT_ENOUGH_DATA", metric + ": not enough data (recovered n = " + recovered.n()
                    + ", never complained n = " + never.n() + "; at least " + MIN_N + " each).");
        }
        boolean above = recovered.low() > never.high();
        boolean below = recovered.high() < never.low();
        String verdict = above ? (higherIsBetter ? "HOLDS" : "DOES_NOT_HOLD") : below ? (higherIsBetter ? "DOES_NOT_HOLD" : "HOLDS") : "INCONCLUSIVE";
        String relation = above ? "higher than" : below ? "lower than" : "not clearly different from";
        return new Comparison(metric, verdict, metric + ": recovered " + recovered.value() + " [" + recovered.low() + "–" + recovered.high()
                + "] is " + relation + " never complained " + never.value() + " [" + never.low() + "–" + never.high() + "].");
    }

    static double round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return 0;
        double p = Math.pow(10, places);
        return Math.round(v * p) / p;
    }
}
