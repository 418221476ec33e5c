package io.rapport.sales.deals;

import io.rapport.customers.listing.ListQuery;
import io.rapport.customers.listing.ListQuery.Sorting;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of deals, their contacts, lines and stage history. Every read by id is scoped by the reader's visibility. */
@Repository
class DealRepository {

    /** The deal row with its pipeline, stage, owner and account names and contact ids (primary first). */
    static final String SELECT = """
            select d.*, p.name as pipeline_name, s.name as stage_name, s.probability, u.name as owner_name,
                   a.name as account_name,
                   array(select dc.contact_id from deal_contacts dc where dc.deal_id = d.id order by dc.id) as contact_ids
              from deals d
              join pipelines p on p.id = d.pipeline_id
              join pipeline_stages s on s.id = d.stage_id
              left join users u on u.id = d.owner_id
              left join accounts a on a.id = d.account_id""";

    record Row(Deal deal, String sortValue) {}

    private final JdbcClient jdbc;

    DealRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Deal> find(CurrentUser user, long id) {
        return RecordVisibility.bind(jdbc.sql(SELECT + " where d.id = :id and " + RecordVisibility.condition(user, "d")), user)
                .param("id", id).query((rs, n) -> map(rs, lines(id))).optional();
    }

    /** Unscoped, for jobs and events. */
    Optional<Deal> findAny(long id) {
        return jdbc.sql(SELECT + " where d.id = :id").param("id", id).query((rs, n) -> map(rs, lines(id))).optional();
    }

    List<DealLine> lines(long dealId) {
        return jdbc.sql("""
                        select l.*, p.sku, p.name as product_name from deal_lines l join products p on p.id = l.product_id
                         where l.deal_id = :deal order by l.position, l.id""")
                .param("deal", dealId)
                .query((rs, n) -> new DealLine(rs.getLong("id"), rs.getLong("product_id"), rs.getString("sku"),
                        rs.getString("product_name"), rs.getInt("quantity"), rs.getBigDecimal("unit_price"),
                        rs.getBigDecimal("discount")))
                .list();
    }

    List<Row> page(ListQuery query, Sorting sorting, String cursor, int limit) {
        String sql = query.sql(SELECT.replaceFirst("select d\\.\\*", "select d.*, " + ListQuery.sortValueColumn(sorting)),
                sorting, cursor, limit);
        return jdbc.sql(sql).params(query.params())
                .query((rs, n) -> new Row(map(rs, List.of()), rs.getString("sort_value"))).list();
    }

    long forEach(ListQuery query, Sorting sorting, Consumer<? super Deal> each) {
        long[] count = {0};
        jdbc.sql(query.allRowsSql(SELECT, sorting)).params(query.params()).withFetchSize(500)
                .query(rs -> {
                    each.accept(map(rs, List.of()));
                    count[0]++;
                });
        return count[0];
    }

    long count(ListQuery query) {
        return jdbc.sql(query.countSql("deals d")).params(query.params()).query(Long.class).single();
    }

    void replaceContacts(long dealId, List<Long> contactIds) {
        jdbc.sql("delete from deal_contacts where deal_id = :deal and not (contact_id = any(cast(:ids as bigint[])))")
                .param("deal", dealId).param("ids", contactIds.toArray(Long[]::new)).update();
        for (Long c : contactIds) {
            jdbc.sql("insert into deal_contacts (deal_id, contact_id) values (:deal, :c) on conflict do nothing")
                    .param("deal", dealId).param("c", c).update();
        }
    }

    void replaceLines(long dealId, List<DealDraft.LineInput> lines) {
        jdbc.sql("delete from deal_lines where deal_id = :deal").param("deal", dealId).update();
        for (int i = 0; i < lines.size(); i++) {
            DealDraft.LineInput l = lines.get(i);
            jdbc.sql("""
                    insert into deal_lines (deal_id, product_id, quantity, unit_price, discount, position)
                    values (:deal, :product, :qty, :price, :discount, :pos)""")
                    .param("deal", dealId).param("product", l.productId()).param("qty", l.quantity())
                    .param("price", l.unitPrice()).param("discount", l.discount()).param("pos", i).update();
        }
    }

    boolean update(long id, int version, DealDraft d, Long teamId) {
        return jdbc.sql("""
                        update deals set name = :name, amount = :amount, currency = :currency, close_date = :close,
                               owner_id = :owner, team_id = :team, account_id = :account, updated_at = now(),
                               version = version + 1
                         where id = :id and version = :version""")
                .param("name", d.name).param("amount", d.amount).param("currency", d.currency).param("close", d.closeDate)
                .param("owner", d.ownerId).param("team", teamId).param("account", d.accountId)
                .param("id", id).param("version", version).update() == 1;
    }

    /**
     * Moves the deal if it is still at {@code version}. Under READ COMMITTED a second mover waits for the first one's
     * row lock, then finds the version changed and updates nothing: it lost the race.
     */
    boolean move(long id, int version, long stageId, String outcome, String lostReason) {
        return jdbc.sql("""
                        update deals set stage_id = :stage, status = :outcome, stage_entered_at = now(),
                               closed_at = case when :outcome = 'OPEN' then null else now() end,
                               lost_reason = case when :outcome = 'LOST' then :reason end,
                               updated_at = now(), last_activity_at = now(), version = version + 1
                         where id = :id and version = :version""")
                .param("stage", stageId).param("outcome", outcome).param("reason", lostReason)
                .param("id", id).param("version", version).update() == 1;
    }

    long recordStage(long dealId, Long from, long to, Long by) {
        return jdbc.sql("""
                        insert into deal_stage_history (deal_id, from_stage, to_stage, changed_by) values (:deal, :from, :to, :by)
                        returning id""")
                .param("deal", dealId).param("from", from).param("to", to).param("by", by).query(Long.class).single();
    }

    /** Display names of contacts, by id. */
    void setLostReason(long dealId, String reason) {
        jdbc.sql("update deals set lost_reason = :r where id = :id").param("r", reason).param("id", dealId).update();
    }

    void delete(long id) {
        jdbc.sql("delete from deals where id = :id").param("id", id).update();
    }

    List<StageChange> history(long dealId) {
        return jdbc.sql("""
                        select h.*, coalesce(f.name, h.from_stage_name) as from_name, coalesce(t.name, h.to_stage_name) as to_name,
                               u.name as by_name,
                               lead(h.changed_at) over (order by h.changed_at, h.id) as left_at
                          from deal_stage_history h
                          left join pipeline_stages f on f.id = h.from_stage
                          left join pipeline_stages t on t.id = h.to_stage
                          left join users u on u.id = h.changed_by
                         where h.deal_id = :deal order by h.changed_at, h.id""")
                .param("deal", dealId)
                .query((rs, n) -> new StageChange(rs.getLong("id"), (Long) rs.getObject("from_stage"), rs.getString("from_name"),
                        (Long) rs.getObject("to_stage"), rs.getString("to_name"), (Long) rs.getObject("changed_by"),
                        rs.getString("by_name"), rs.getTimestamp("changed_at").toInstant(), instant(rs, "left_at")))
                .list();
    }

    static Deal map(ResultSet rs, List<DealLine> lines) throws SQLException {
        java.sql.Array contacts = rs.getArray("contact_ids");
        List<Long> contactIds = contacts == null ? List.of() : new ArrayList<>(Arrays.asList((Long[]) contacts.getArray()));
        java.sql.Date close = rs.getDate("close_date");
        return new Deal(rs.getLong("id"), rs.getString("name"), rs.getLong("pipeline_id"), rs.getString("pipeline_name"),
                rs.getLong("stage_id"), rs.getString("stage_name"), rs.getInt("probability"), rs.getString("status"),
                rs.getBigDecimal("amount"), rs.getString("currency"), close == null ? null : close.toLocalDate(),
                (Long) rs.getObject("owner_id"), rs.getString("owner_name"), (Long) rs.getObject("team_id"),
                (Long) rs.getObject("account_id"), rs.getString("account_name"), contactIds, lines,
                rs.getString("lost_reason"), (Long) rs.getObject("lead_id"), instant(rs, "stage_entered_at"),
                instant(rs, "closed_at"), instant(rs, "created_at"), instant(rs, "updated_at"), rs.getInt("version"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
