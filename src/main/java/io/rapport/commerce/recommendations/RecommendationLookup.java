package io.rapport.commerce.recommendations;

import io.rapport.commerce.Recommendation;
import io.rapport.commerce.Recommendation.Kind;
import io.rapport.commerce.recommendations.AssociationRules.Basket;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One query per customer, nothing precomputed per customer: the products they own (orders by index), the rules of
 * those products (the rules' primary key starts with the antecedent; at most rules-per-product each), their families'
 * next tiers. Ranked: upsells first (at most half the list while cross-sells remain), then cross-sells by
 * lift × confidence of the best rule leading to them.
 */
@Component
public class RecommendationLookup {

    /** The products a contact owns: what their orders (not cancelled or refunded) hold. */
    public static final String CONTACT_OWNED = """
            select l.product_id from orders o join order_lines l on l.order_id = o.id
             where o.contact_id = :id and o.status not in ('CANCELLED','REFUNDED')""";

    /** An account owns what was ordered for it and what its contacts ordered. */
    static final String ACCOUNT_OWNED = """
            select l.product_id from orders o join order_lines l on l.order_id = o.id
             where o.account_id = :id and o.status not in ('CANCELLED','REFUNDED')
            union
            select l.product_id from orders o join order_lines l on l.order_id = o.id
             where o.contact_id in (select c.id from contacts c where c.account_id = :id)
               and o.status not in ('CANCELLED','REFUNDED')""";

    /** The lookup; {@code %s} is the owned-products query. Also run by bench/OnlineRetailEval.java. */
    public static final String QUERY = """
            with owned as materialized (select distinct product_id from (%s) own),
            top_owned as (
              select distinct on (p.family) p.family, p.tier, p.id
                from owned join products p on p.id = owned.product_id
               where p.family is not null and p.tier is not null
               order by p.family, p.tier desc, p.id),
            upsell as (
              select distinct on (t.family) p.id as product_id, t.id as based_on
                from top_owned t join products p on p.family = t.family and p.tier > t.tier and p.active
               order by t.family, p.tier, p.id),
            cross_sell as (
              select distinct on (r.consequent_id) r.consequent_id as product_id, r.antecedent_id as based_on,
                     r.support, r.confidence, r.lift, r.score
                from owned join product_associations r on r.antecedent_id = owned.product_id
               where not exists (select 1 from owned o2 where o2.product_id = r.consequent_id)
               order by r.consequent_id, r.score desc, r.antecedent_id),
            ranked as (
              select 'UPSELL' as kind, u.product_id, u.based_on, r.support, r.confidence, r.lift, 0 as grp,
                     coalesce(r.score, 0) as score
                from upsell u left join product_associations r on r.antecedent_id = u.based_on and r.consequent_id = u.product_id
              union all
              select 'CROSS_SELL', c.product_id, c.based_on, c.support, c.confidence, c.lift, 1, c.score
                from cross_sell c join products p on p.id = c.product_id
               where p.active
                 -- a lower or equal tier of a family the customer already has is no recommendation
                 and not exists (select 1 from top_owned t where t.family = p.family and p.tier <= t.tier)
                 and not exists (select 1 from upsell u where u.product_id = c.product_id))
            select x.kind, x.product_id, p.sku, p.name, x.based_on, b.name as based_on_name, x.support, x.confidence, x.lift
              from (select r.*, row_number() over (partition by r.grp order by r.score desc, r.product_id) as rn from ranked r) x
              join products p on p.id = x.product_id join products b on b.id = x.based_on
             where x.rn <= :limit
             order by x.grp, x.rn""";

    private final JdbcClient jdbc;
    private final RecommendationSettings settings;

    RecommendationLookup(JdbcClient jdbc, RecommendationSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    public List<Recommendation> forContact(long contactId, int limit) {
        return run(CONTACT_OWNED, contactId, limit);
    }

    public List<Recommendation> forAccount(long accountId, int limit) {
        return run(ACCOUNT_OWNED, accountId, limit);
    }

    private List<Recommendation> run(String owned, long id, int limit) {
        return pick(jdbc.sql(QUERY.formatted(owned)).param("id", id).param("limit", limit).query(this::map).list(), limit);
    }

    /**
     * The query gives up to {@code limit} of each kind. Upsells come first but take at most half the list (rounded up)
     * while there are cross-sells to fill the rest: a customer of many families should still see what goes with them.
     */
    static List<Recommendation> pick(List<Recommendation> both, int limit) {
        List<Recommendation> up = both.stream().filter(r -> r.kind() == Kind.UPSELL).toList();
        List<Recommendation> cross = both.stream().filter(r -> r.kind() == Kind.CROSS_SELL).toList();
        int ups = Math.min(up.size(), Math.max(limit - cross.size(), (limit + 1) / 2));
        List<Recommendation> picked = new java.util.ArrayList<>(up.subList(0, ups));
        picked.addAll(cross.subList(0, Math.min(cross.size(), limit - ups)));
        return picked;
    }

    private Recommendation map(ResultSet rs, int n) throws SQLException {
        Kind kind = Kind.valueOf(rs.getString("kind"));
        String name = rs.getString("name");
        String basedOn = rs.getString("based_on_name");
        Double confidence = (Double) rs.getObject("confidence");
        String reason = kind == Kind.UPSELL ? "upgrade from " + basedOn + " to " + name : reason(settings.basket(), confidence, basedOn);
        return new Recommendation(rs.getLong("product_id"), rs.getString("sku"), name, kind, reason, rs.getLong("based_on"),
                basedOn, (Double) rs.getObject("support"), confidence, (Double) rs.getObject("lift"));
    }

    /** "bought by 34% of customers who bought X" (customer baskets) or "in 34% of orders with X" (order baskets). */
    static String reason(Basket basket, double confidence, String basedOn) {
        long pct = Math.round(confidence * 100);
        String share = pct == 0 ? "under 1%" : pct + "%";
        return basket == Basket.CUSTOMER ? "bought by " + share + " of customers who bought " + basedOn
                : "in " + share + " of orders with " + basedOn;
    }
}
