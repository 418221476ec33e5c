package io.rapport.sales.deals;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.sales.pipelines.Pipeline;
import io.rapport.sales.pipelines.Stage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The kanban board of a pipeline: per stage the number and sum of its deals and the biggest N of them. The counts and
 * sums come from the running totals (deal_totals, a few rows per stage and owner), the cards from a lateral top-N per
 * stage on the board index, so the first render does not grow with the number of deals.
 */
@Service
public class DealBoard {

    public static final int PAGE = 20;

    /** A deal as a card shows it. */
    public record Card(long id, String name, BigDecimal amount, String currency, LocalDate closeDate, String ownerName,
                       String accountName, int version, long stageId) {}

    /** One column: the stage, its totals per currency, and the first page of cards. */
    public record Column(Stage stage, long count, Map<String, BigDecimal> sums, List<Card> cards, boolean more) {

        public String nextAfter() {
            if (!more || cards.isEmpty()) return null;
            Card last = cards.getLast();
            return last.amount().toPlainString() + "_" + last.id();
        }
    }

    private final JdbcClient jdbc;

    DealBoard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Column> columns(CurrentUser user, Pipeline pipeline, int perStage) {
        String visible = RecordVisibility.condition(user, "d");
        Map<Long, Long> counts = new LinkedHashMap<>();
        Map<Long, Map<String, BigDecimal>> sums = new LinkedHashMap<>();
        // the running totals (deal_totals, kept by triggers) hold counts and sums per stage, owner and team
        RecordVisibility.bind(jdbc.sql("""
                        select t.stage_id, t.currency, sum(t.deals) as n, sum(t.amount) as total
                          from deal_totals t join pipeline_stages s on s.id = t.stage_id
                         where s.pipeline_id = :pipeline and %s
                         group by t.stage_id, t.currency having sum(t.deals) > 0""".formatted(RecordVisibility.condition(user, "t"))), user)
                .param("pipeline", pipeline.id())
                .query(rs -> {
                    long stage = rs.getLong(1);
                    counts.merge(stage, rs.getLong(3), Long::sum);
                    sums.computeIfAbsent(stage, k -> new LinkedHashMap<>()).merge(rs.getString(2), rs.getBigDecimal(4), BigDecimal::add);
                });
        Map<Long, List<Card>> cards = new LinkedHashMap<>();
        RecordVisibility.bind(jdbc.sql("""
                        select c.* from pipeline_stages s cross join lateral (
                            select d.id, d.name, d.amount, d.currency, d.close_date, d.version, d.stage_id,
                                   u.name as owner_name, a.name as account_name
                              from deals d left join users u on u.id = d.owner_id left join accounts a on a.id = d.account_id
                             where d.pipeline_id = :pipeline and d.stage_id = s.id and d.status = s.outcome and %s
                             order by d.amount desc, d.id limit :n) c
                         where s.pipeline_id = :pipeline
                         order by s.position, c.amount desc, c.id""".formatted(visible)), user)
                .param("pipeline", pipeline.id()).param("n", perStage + 1)
                .query(rs -> {
                    cards.computeIfAbsent(rs.getLong("stage_id"), k -> new ArrayList<>()).add(card(rs));
                });
        List<Column> columns = new ArrayList<>();
        for (Stage s : pipeline.stages()) {
            List<Card> list = cards.getOrDefault(s.id(), List.of());
            boolean more = list.size() > perStage;
            columns.add(new Column(s, counts.getOrDefault(s.id(), 0L), sums.getOrDefault(s.id(), Map.of()),
                    more ? list.subList(0, perStage) : list, more));
        }
        return columns;
    }

    /** The next cards of one column after the card "amount_id" (keyset on amount desc, id). */
    public Column more(CurrentUser user, Pipeline pipeline, Stage stage, String after, int limit) {
        BigDecimal afterAmount;
        long afterId;
        try {
            String[] parts = after.split("_");
            afterAmount = new BigDecimal(parts[0]);
            afterId = Long.parseLong(parts[1]);
        } catch (RuntimeException e) {
            throw io.rapport.platform.web.Problems.invalid("after", "not a position returned by the board");
        }
        List<Card> list = RecordVisibility.bind(jdbc.sql("""
                        select d.id, d.name, d.amount, d.currency, d.close_date, d.version, d.stage_id,
                               u.name as owner_name, a.name as account_name
                          from deals d left join users u on u.id = d.owner_id left join accounts a on a.id = d.account_id
                         where d.pipeline_id = :pipeline and d.stage_id = :stage and d.status = :status and %s
                           and (d.amount < :amount or (d.amount = :amount and d.id > :id))
                         order by d.amount desc, d.id limit :n""".formatted(RecordVisibility.condition(user, "d"))), user)
                .param("pipeline", pipeline.id()).param("stage", stage.id()).param("status", stage.outcome())
                .param("amount", afterAmount).param("id", afterId).param("n", limit + 1)
                .query((rs, n) -> card(rs)).list();
        boolean more = list.size() > limit;
        return new Column(stage, 0, Map.of(), more ? list.subList(0, limit) : list, more);
    }

    private static Card card(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Date close = rs.getDate("close_date");
        return new Card(rs.getLong("id"), rs.getString("name"), rs.getBigDecimal("amount"), rs.getString("currency"),
                close == null ? null : close.toLocalDate(), rs.getString("owner_name"), rs.getString("account_name"),
                rs.getInt("version"), rs.getLong("stage_id"));
    }
}
