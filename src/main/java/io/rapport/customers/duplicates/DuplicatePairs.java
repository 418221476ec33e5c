package io.rapport.customers.duplicates;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stored pairs of possible duplicates: listed best first, dismissed for good, marked merged. */
@Service
public class DuplicatePairs {

    /** One side of a pair, enough to recognise it in a list. */
    public record Side(long id, String name, String detail, String where) {}

    public record Pair(long id, String entity, double score, List<String> reasons, String status, Side a, Side b) {}

    private static final String CONTACT_SELECT = """
            select p.*, a.first_name || ' ' || a.last_name as a_name, a.emails[1] as a_detail, aa.name as a_where,
                   b.first_name || ' ' || b.last_name as b_name, b.emails[1] as b_detail, ba.name as b_where
              from duplicate_pairs p join contacts a on a.id = p.low_id join contacts b on b.id = p.high_id
              left join accounts aa on aa.id = a.account_id left join accounts ba on ba.id = b.account_id
             where p.entity = 'CONTACT'""";
    private static final String ACCOUNT_SELECT = """
            select p.*, a.name as a_name, a.domain as a_detail, a.industry as a_where,
                   b.name as b_name, b.domain as b_detail, b.industry as b_where
              from duplicate_pairs p join accounts a on a.id = p.low_id join accounts b on b.id = p.high_id
             where p.entity = 'ACCOUNT'""";

    private final JdbcClient jdbc;

    DuplicatePairs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** "contact"/"account" (any case) as stored; anything else is a 400. */
    static String entity(String raw) {
        String e = raw == null || raw.isBlank() ? "CONTACT" : raw.trim().toUpperCase(Locale.ROOT);
        if (!e.equals("CONTACT") && !e.equals("ACCOUNT")) throw Problems.invalid("entity", "one of contact, account");
        return e;
    }

    /** Open pairs whose two records the user may see, best score first; optionally only those of one record. */
    public PageResult<Pair> list(CurrentUser user, String entityParam, Long recordId, String cursor, int limit) {
        String entity = entity(entityParam);
        StringBuilder sql = new StringBuilder(entity.equals("CONTACT") ? CONTACT_SELECT : ACCOUNT_SELECT)
                .append(" and p.status = 'OPEN' and ").append(RecordVisibility.condition(user, "a"))
                .append(" and ").append(RecordVisibility.condition(user, "b"));
        if (recordId != null) sql.append(" and (p.low_id = :record or p.high_id = :record)");
        Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
        if (after != null) sql.append(" and (p.score < cast(:score as numeric) or (p.score = cast(:score as numeric) and p.id > :afterId))");
        sql.append(" order by p.score desc, p.id limit :limit");
        var spec = jdbc.sql(sql.toString()).param("limit", limit + 1);
        if (recordId != null) spec = spec.param("record", recordId);
        if (after != null) {
            try {
                spec = spec.param("score", new BigDecimal(after.value()).toPlainString()).param("afterId", after.id());
            } catch (NumberFormatException | NullPointerException e) {
                throw Problems.invalid("cursor", "not a cursor returned by this API");
            }
        }
        List<Pair> rows = RecordVisibility.bind(spec, user).query(DuplicatePairs::map).list();
        if (rows.size() <= limit) return new PageResult<>(rows, null);
        Pair last = rows.get(limit - 1);
        return new PageResult<>(rows.subList(0, limit), new Cursor(BigDecimal.valueOf(last.score()).toPlainString(), last.id()).encode());
    }

    /** A pair the user may see (both records), open or decided. */
    public Optional<Pair> find(CurrentUser user, long pairId) {
        String entity = jdbc.sql("select entity from duplicate_pairs where id = :id").param("id", pairId).query(String.class)
                .optional().orElse(null);
        if (entity == null) return Optional.empty();
        String sql = (entity.equals("CONTACT") ? CONTACT_SELECT : ACCOUNT_SELECT) + " and p.id = :id and "
                + RecordVisibility.condition(user, "a") + " and " + RecordVisibility.condition(user, "b");
        return RecordVisibility.bind(jdbc.sql(sql).param("id", pairId), user).query(DuplicatePairs::map).optional();
    }

    /** "Not a duplicate": the pair is kept as dismissed so no later scan or check offers it again. */
    @Transactional
    public void dismiss(CurrentUser user, long pairId) {
        RecordVisibility.requireWriter(user);
        Pair pair = find(user, pairId).orElseThrow(() -> Problems.notFound("Duplicate pair", pairId));
        if (pair.status().equals("MERGED")) throw Problems.conflict("Duplicate pair " + pairId + " was merged");
        decide(pair.entity(), pair.a().id(), pair.b().id(), "DISMISSED", user.id(), 0);
    }

    /** Dismisses two records found by the check on a record's page (the pair may not have been stored by a scan). */
    @Transactional
    public void dismiss(CurrentUser user, String entity, long one, long other, double score) {
        RecordVisibility.requireWriter(user);
        decide(entity(entity), one, other, "DISMISSED", user.id(), score);
    }

    /** Called by a merge (status MERGED); the undo {@link #forget}s the pair, which the next scan or check finds again. */
    public void decide(String entity, long one, long other, String status, Long userId, double score) {
        jdbc.sql("""
                insert into duplicate_pairs (entity, low_id, high_id, score, status, decided_by, decided_at)
                values (:entity, least(:one, :other), greatest(:one, :other), :score, :status, :by, now())
                on conflict (entity, low_id, high_id) do update
                   set status = excluded.status, decided_by = excluded.decided_by, decided_at = now()""")
                .param("entity", entity).param("one", one).param("other", other).param("score", Math.min(1, Math.max(0, score)))
                .param("status", status).param("by", userId).update();
    }

    public void forget(String entity, long one, long other) {
        jdbc.sql("delete from duplicate_pairs where entity = :entity and low_id = least(:one, :other) and high_id = greatest(:one, :other)")
                .param("entity", entity).param("one", one).param("other", other).update();
    }

    /** Pairs of a record decided as dismissed (the check on create leaves these out). */
    public List<Long> dismissedPartners(String entity, long id) {
        return jdbc.sql("""
                select case when low_id = :id then high_id else low_id end from duplicate_pairs
                 where entity = :entity and status = 'DISMISSED' and (low_id = :id or high_id = :id)""")
                .param("entity", entity).param("id", id).query(Long.class).list();
    }

    private static Pair map(ResultSet rs, int n) throws SQLException {
        return new Pair(rs.getLong("id"), rs.getString("entity"), rs.getBigDecimal("score").doubleValue(),
                strings(rs.getArray("reasons")), rs.getString("status"),
                new Side(rs.getLong("low_id"), rs.getString("a_name").trim(), rs.getString("a_detail"), rs.getString("a_where")),
                new Side(rs.getLong("high_id"), rs.getString("b_name").trim(), rs.getString("b_detail"), rs.getString("b_where")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
