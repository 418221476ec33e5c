package io.rapport.analytics.churn;

import io.rapport.analytics.rfm.Rfm;
import io.rapport.analytics.rfm.RfmSegment;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Churn and retention per period under the stored definition. Each customer has "spells" of being active: under
 * INACTIVITY a spell runs from an order to the next order or to order + N days, whichever is first, and ends in churn
 * when no order came within N days; under P_ALIVE and EVENT one spell runs from the first order to the churn date
 * (last order for P(alive) below the threshold, the event's date) or on. A period's customers active at its start
 * are those inside a spell then; churned are those of them with a churn inside the period; retention = 1 − churn.
 *
 * <p>Under INACTIVITY the spells are read from {@code churn_spells} (V35, kept by triggers on orders; ADR 0035) when
 * they are READY for the configured N: over the whole base a sum over {@code churn_spell_days} and a few index probes
 * per period; for a user's own book or an RFM segment the spells of those contacts. While a changed N is being
 * rebuilt, the live query over the orders ({@link #LIVE_INACTIVITY}) answers instead.
 */
@Service
public class ChurnRates {

    public record Row(LocalDate start, LocalDate end, long activeAtStart, long churned, Double churnRate, Double retentionRate) {}

    public record Result(String definition, String description, String period, LocalDate from, LocalDate to, String segment,
                         List<Row> periods, long activeAtStart, long churned, Double churnRate, Double retentionRate) {}

    private static final String VALID = "o.status not in ('CANCELLED','REFUNDED')";

    /** The spells of the live computation under INACTIVITY: every order of the contacts in scope, with its next one. */
    static final String LIVE_INACTIVITY = """
            o as (select o.contact_id, o.ordered_at, lead(o.ordered_at) over (partition by o.contact_id order by o.ordered_at) nxt
                    from orders o join contacts c on c.id = o.contact_id
                   where %s and o.ordered_at < :end and %s),
            iv as (select contact_id, ordered_at a, least(coalesce(nxt, 'infinity'), ordered_at + make_interval(days => :days)) b,
                          case when nxt is null or nxt > ordered_at + make_interval(days => :days)
                               then ordered_at + make_interval(days => :days) end churn_at
                     from o)""";

    /**
     * Over the whole base from the V35 spells: active at s = spells started by s − spells churned by s (days before s
     * from churn_spell_days, s itself by index); churned = spells churning in (s, e) that started by s.
     */
    private static final String SPELL_COUNTS = """
            with p as (select s, e from unnest(cast(:starts as timestamptz[]), cast(:ends as timestamptz[])) as p(s, e)),
            q as (select p.s, p.e,
                         (select count(*) from churn_spells x where x.inactivity_days = :days and x.started_at = p.s) starts_at_s,
                         (select count(*) from churn_spells x where x.inactivity_days = :days and x.churn_at = p.s) churns_at_s
                    from p)
            select q.s,
                   coalesce((select sum(d.starts - d.churns) from churn_spell_days d
                              where d.inactivity_days = :days and d.day < (q.s at time zone 'UTC')::date), 0) + q.starts_at_s - q.churns_at_s,
                   coalesce((select sum(d.churns) from churn_spell_days d where d.inactivity_days = :days
                               and d.day >= (q.s at time zone 'UTC')::date and d.day < (q.e at time zone 'UTC')::date), 0) - q.churns_at_s
                   - (select count(*) from churn_spells x where x.inactivity_days = :days and x.started_at > q.s
                         and x.started_at < q.e - make_interval(hours => 24 * :days) and x.churn_at < q.e)
              from q order by q.s""";

    /** The spells of the contacts in scope (own book, RFM segment) that cover a period's start. */
    private static final String SCOPED_SPELL_COUNTS = """
            with p as (select s, e from unnest(cast(:starts as timestamptz[]), cast(:ends as timestamptz[])) as p(s, e)),
            sp as (select x.started_at, x.churn_at from churn_spells x join contacts c on c.id = x.contact_id
                    where x.inactivity_days = :days and x.started_at < :end and %s)
            select p.s, count(sp.started_at), count(sp.started_at) filter (where sp.churn_at < p.e)
              from p left join sp on sp.started_at <= p.s and sp.churn_at > p.s
             group by p.s order by p.s""";

    private final JdbcClient jdbc;
    private final ChurnSettings settings;
    private final ChurnSpells spells;

    ChurnRates(JdbcClient jdbc, ChurnSettings settings, ChurnSpells spells) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.spells = spells;
    }

    public Result compute(CurrentUser user, LocalDate from, LocalDate to, Periods.Unit unit, RfmSegment segment) {
        Rfm.requireReader(user);
        ChurnDefinition def = settings.current();
        List<Periods.Period> periods = Periods.between(from, to, unit);
        String filter = RecordVisibility.condition(user, "c") + (segment == null ? "" : " and " + Rfm.inSegment("c"));
        List<long[]> counts = def.kind() == ChurnDefinition.Kind.INACTIVITY && spells.ready(def.inactivityDays())
                ? fromSpells(user, def, periods, filter, segment)
                : live(user, def, periods, unit, filter, segment);
        return result(def, unit, segment, periods, counts);
    }

    /** Per period [active at start, churned] from the V35 spells (they must be READY for the definition's N). */
    List<long[]> fromSpells(CurrentUser user, ChurnDefinition def, List<Periods.Period> periods, String filter, RfmSegment segment) {
        boolean wholeBase = filter.equals("true");
        var spec = jdbc.sql(wholeBase ? SPELL_COUNTS : SCOPED_SPELL_COUNTS.formatted(filter))
                .param("starts", periods.stream().map(p -> utc(p.start()).toInstant().toString()).toArray(String[]::new))
                .param("ends", periods.stream().map(p -> utc(p.end()).toInstant().toString()).toArray(String[]::new))
                .param("days", def.inactivityDays());
        if (!wholeBase) spec = spec.param("end", utc(periods.getLast().end()));
        if (segment != null) spec = spec.param("rfmSegment", segment.key());
        return RecordVisibility.bind(spec, user).query((rs, n) -> new long[] {rs.getLong(2), rs.getLong(3)}).list();
    }

    private static Timestamp utc(LocalDate d) {
        return Timestamp.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Per period [active at start, churned], computed from the orders (or, under P_ALIVE and EVENT, the order stats). */
    List<long[]> live(CurrentUser user, ChurnDefinition def, List<Periods.Period> periods, Periods.Unit unit, String filter, RfmSegment segment) {
        String spells = switch (def.kind()) {
            case INACTIVITY -> LIVE_INACTIVITY.formatted(VALID, filter);
            case P_ALIVE -> """
                    iv as (select s.contact_id, s.first_order_at a,
                                  case when v.p_alive < :threshold then s.last_order_at else 'infinity' end b,
                                  case when v.p_alive < :threshold then s.last_order_at end churn_at
                             from contact_order_stats s join contacts c on c.id = s.contact_id
                             left join customer_values v on v.contact_id = s.contact_id where %s)""".formatted(filter);
            case EVENT -> """
                    iv as (select s.contact_id, s.first_order_at a,
                                  coalesce((e.churned_on::timestamp at time zone 'UTC'), 'infinity') b,
                                  (e.churned_on::timestamp at time zone 'UTC') churn_at
                             from contact_order_stats s join contacts c on c.id = s.contact_id
                             left join churn_events e on e.contact_id = s.contact_id where %s)""".formatted(filter);
        };
        String sql = """
                with %s,
                p as (select (g at time zone 'UTC') s, ((g + make_interval(months => :months)) at time zone 'UTC') e
                        from generate_series(cast(:first as timestamp), cast(:last as timestamp), make_interval(months => :months)) g),
                x as (select p.s, iv.contact_id, bool_or(iv.a <= p.s and p.s < iv.b) active,
                             bool_or(iv.churn_at >= p.s and iv.churn_at < p.e) churned
                        from p join iv on iv.a <= p.s and iv.b >= p.s or iv.a > p.s and iv.a < p.e
                       group by 1, 2)
                select p.s, count(*) filter (where x.active), count(*) filter (where x.active and x.churned)
                  from p left join x on x.s = p.s group by p.s order by p.s""".formatted(spells);
        int months = unit == Periods.Unit.MONTH ? 1 : 3;
        var spec = jdbc.sql(sql)
                .param("end", Timestamp.from(periods.getLast().end().atStartOfDay(ZoneOffset.UTC).toInstant()))
                .param("days", def.inactivityDays()).param("threshold", def.pAliveThreshold()).param("months", months)
                .param("first", periods.getFirst().start().atStartOfDay()).param("last", periods.getLast().start().atStartOfDay());
        if (segment != null) spec = spec.param("rfmSegment", segment.key());
        return RecordVisibility.bind(spec, user).query((rs, n) -> new long[] {rs.getLong(2), rs.getLong(3)}).list();
    }

    private static Result result(ChurnDefinition def, Periods.Unit unit, RfmSegment segment, List<Periods.Period> periods, List<long[]> counts) {
        List<Row> rows = new ArrayList<>();
        long active = 0, churned = 0;
        for (int i = 0; i < periods.size(); i++) {
            long a = i < counts.size() ? counts.get(i)[0] : 0, c = i < counts.size() ? counts.get(i)[1] : 0;
            Double rate = Periods.share(c, a);
            rows.add(new Row(periods.get(i).start(), periods.get(i).end(), a, c, rate, rate == null ? null : round4(1 - rate)));
            active += a;
            churned += c;
        }
        Double rate = Periods.share(churned, active);
        return new Result(def.kind().name(), def.description(), unit.name(), periods.getFirst().start(), periods.getLast().end(),
                segment == null ? null : segment.key(), rows, active, churned, rate, rate == null ? null : round4(1 - rate));
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
