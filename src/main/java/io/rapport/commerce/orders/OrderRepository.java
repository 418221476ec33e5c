package io.rapport.commerce.orders;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Cursor;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Repository;

/** The orders and order_lines tables. An order is visible to whoever sees its contact or its account. */
@Repository
class OrderRepository {

    private static final String SELECT = """
            select o.*, nullif(trim(c.first_name || ' ' || c.last_name), '') as contact_name, a.name as account_name
            from orders o left join contacts c on c.id = o.contact_id left join accounts a on a.id = o.account_id""";

    private final JdbcClient jdbc;

    OrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** SQL over {@code o}: the user sees the order's contact or its account (everyone sees every order otherwise). */
    static String visible(CurrentUser user) {
        if (!user.role().seesOnlyOwnBook()) return "true";
        return "(exists (select 1 from contacts vc where vc.id = o.contact_id and " + RecordVisibility.condition(user, "vc") + ")"
                + " or exists (select 1 from accounts va where va.id = o.account_id and " + RecordVisibility.condition(user, "va") + "))";
    }

    Optional<Order> find(CurrentUser user, long id) {
        return RecordVisibility.bind(jdbc.sql(SELECT + " where o.id = :id and " + visible(user)).param("id", id), user)
                .query(OrderRepository::map).optional().map(o -> o.withLines(lines(o.id())));
    }

    Optional<Long> idOfNumber(String number) {
        return jdbc.sql("select id from orders where number = :n").param("n", number).query(Long.class).optional();
    }

    /** Newest first (ordered_at, id), keyset on both; lines are not loaded. */
    List<Order> page(CurrentUser user, OrderFilter f, Cursor after, int limit) {
        StatementSpec spec = jdbc.sql(SELECT + " where " + visible(user) + """
                 and (cast(:contact as bigint) is null or o.contact_id = :contact)
                 and (cast(:account as bigint) is null or o.account_id = :account)
                 and (cast(:from as timestamptz) is null or o.ordered_at >= :from)
                 and (cast(:to as timestamptz) is null or o.ordered_at < :to)
                 and (cast(:status as text) is null or o.status = :status)
                 and (cast(:afterAt as timestamptz) is null or (o.ordered_at, o.id) < (:afterAt, :afterId))
                order by o.ordered_at desc, o.id desc limit :limit""")
                .param("contact", f.contactId()).param("account", f.accountId())
                .param("from", ts(f.from())).param("to", ts(f.to())).param("status", f.status())
                .param("afterAt", after == null ? null : Timestamp.from(Instant.parse(after.value())))
                .param("afterId", after == null ? 0 : after.id()).param("limit", limit);
        return RecordVisibility.bind(spec, user).query(OrderRepository::map).list().stream().map(o -> o.withLines(List.of())).toList();
    }

    /** Count and sum of the orders a contact or account placed, except cancelled and refunded ones. */
    Map<String, BigDecimal> spent(String column, long id) {
        Map<String, BigDecimal> byCurrency = new LinkedHashMap<>();
        jdbc.sql("select currency, sum(total) from orders where " + column + " = :id and status not in ('CANCELLED','REFUNDED')"
                        + " group by currency order by sum(total) desc")
                .param("id", id).query(rs -> { byCurrency.put(rs.getString(1), rs.getBigDecimal(2)); });
        return byCurrency;
    }

    long count(String column, long id) {
        return jdbc.sql("select count(*) from orders where " + column + " = :id").param("id", id).query(Long.class).single();
    }

    List<Order.Line> lines(long orderId) {
        return jdbc.sql("""
                select l.id, l.product_id, p.sku, p.name, l.quantity, l.unit_price, l.line_total
                from order_lines l join products p on p.id = l.product_id where l.order_id = :id order by l.id""")
                .param("id", orderId).query((rs, n) -> new Order.Line(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getBigDecimal(6), rs.getBigDecimal(7))).list();
    }

    long insert(OrderDraft d, long createdBy) {
        long id = jdbc.sql("""
                insert into orders (number, contact_id, account_id, ordered_at, status, channel, currency, total, created_by)
                values (:number, :contact, :account, :at, :status, :channel, :currency, :total, :by) returning id""")
                .param("number", d.number).param("contact", d.contactId).param("account", d.accountId)
                .param("at", Timestamp.from(d.orderedAt)).param("status", d.status).param("channel", d.channel)
                .param("currency", d.currency).param("total", d.total()).param("by", createdBy).query(Long.class).single();
        List<Long> orderIds = new ArrayList<>();
        List<Long> products = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        List<BigDecimal> prices = new ArrayList<>();
        for (OrderDraft.Line l : d.lines) {
            orderIds.add(id);
            products.add(l.productId());
            quantities.add(l.quantity());
            prices.add(l.unitPrice());
        }
        jdbc.sql("""
                insert into order_lines (order_id, product_id, quantity, unit_price)
                select o, p, q, u from unnest(cast(:orders as bigint[]), cast(:products as bigint[]), cast(:quantities as int[]),
                                     cast(:prices as numeric[])) with ordinality as t(o, p, q, u, n) order by n""")
                .param("orders", orderIds.toArray(Long[]::new)).param("products", products.toArray(Long[]::new))
                .param("quantities", quantities.toArray(Integer[]::new)).param("prices", prices.toArray(BigDecimal[]::new)).update();
        return id;
    }

    boolean updateStatus(long id, int version, String status) {
        return jdbc.sql("update orders set status = :status, version = version + 1, updated_at = now() where id = :id and version = :v")
                .param("status", status).param("id", id).param("v", version).update() == 1;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Order map(ResultSet rs, int n) throws SQLException {
        return new Order(rs.getLong("id"), rs.getString("number"), (Long) rs.getObject("contact_id"), rs.getString("contact_name"),
                (Long) rs.getObject("account_id"), rs.getString("account_name"), rs.getTimestamp("ordered_at").toInstant(),
                rs.getString("status"), rs.getString("channel"), rs.getString("currency"), rs.getBigDecimal("total"), null,
                rs.getInt("version"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
