package io.rapport.commerce.recommendations;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.Problems;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The current rules, for administrators and marketing to inspect. */
@Component
class RuleCatalog {

    record ProductRef(long id, String sku, String name) {}

    record Rule(ProductRef antecedent, ProductRef consequent, int pairCount, int antecedentCount, int consequentCount,
                double support, double confidence, double lift, double score) {}

    private static final String SELECT = """
            select r.*, a.sku as a_sku, a.name as a_name, c.sku as c_sku, c.name as c_name
              from product_associations r join products a on a.id = r.antecedent_id join products c on c.id = r.consequent_id
            """;

    private final JdbcClient jdbc;

    RuleCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static void requireInspector(CurrentUser user) {
        if (user.role() != Role.ADMIN && user.role() != Role.MANAGER && user.role() != Role.MARKETING) {
            throw Problems.forbidden("Only administrators, managers and marketing can inspect recommendation rules");
        }
    }

    long count() {
        return jdbc.sql("select count(*) from product_associations").query(Long.class).single();
    }

    /** The strongest associations overall (each pair once per direction), highest lift first. */
    List<Rule> topByLift(int limit) {
        return jdbc.sql(SELECT + " order by r.lift desc, r.confidence desc, r.antecedent_id, r.consequent_id limit :limit")
                .param("limit", limit).query(RuleCatalog::map).list();
    }

    /** The rules "product → …", best first (the order the lookup uses). */
    List<Rule> forProduct(long productId, int limit) {
        return jdbc.sql(SELECT + " where r.antecedent_id = :p order by r.score desc, r.consequent_id limit :limit")
                .param("p", productId).param("limit", limit).query(RuleCatalog::map).list();
    }

    /** A product by id, or by SKU when the text is not a number. */
    Optional<ProductRef> product(String idOrSku) {
        String sql = "select id, sku, name from products where " + (idOrSku.matches("\\d{1,18}") ? "id = :v::bigint" : "sku = :v");
        return jdbc.sql(sql).param("v", idOrSku).query((rs, n) -> new ProductRef(rs.getLong("id"), rs.getString("sku"),
                rs.getString("name"))).optional();
    }

    private static Rule map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Rule(new ProductRef(rs.getLong("antecedent_id"), rs.getString("a_sku"), rs.getString("a_name")),
                new ProductRef(rs.getLong("consequent_id"), rs.getString("c_sku"), rs.getString("c_name")),
                rs.getInt("pair_count"), rs.getInt("antecedent_count"), rs.getInt("consequent_count"),
                rs.getDouble("support"), rs.getDouble("confidence"), rs.getDouble("lift"), rs.getDouble("score"));
    }
}
