package io.rapport.customers.accounts;

import io.rapport.customers.listing.ListQuery;
import io.rapport.customers.listing.ListStreams;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class AccountRepository {

    /** Accounts with owner and parent names and the number of their contacts the user may see. */
    static String select(CurrentUser user) {
        return """
                select a.*, u.name as owner_name, p.name as parent_name,
                       (select count(*) from contacts c where c.account_id = a.id and %s) as contact_count
                  from accounts a left join users u on u.id = a.owner_id left join accounts p on p.id = a.parent_id
                """.formatted(RecordVisibility.condition(user, "c"));
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ListStreams streams;

    AccountRepository(JdbcClient jdbc, JsonMapper json, ListStreams streams) {
        this.jdbc = jdbc;
        this.json = json;
        this.streams = streams;
    }

    Optional<Account> find(CurrentUser user, long id) {
        var spec = jdbc.sql(select(user) + " where a.id = :id and " + RecordVisibility.condition(user, "a")).param("id", id);
        return RecordVisibility.bind(spec, user).query(this::map).optional();
    }

    /** The oldest visible account with this domain, else with exactly this name (case-insensitive). */
    Optional<Long> findIdByDomainOrName(CurrentUser user, String domain, String name) {
        var spec = jdbc.sql("select a.id from accounts a where ((cast(:domain as text) is not null and lower(a.domain) = lower(cast(:domain as text)))"
                        + " or (cast(:name as text) is not null and lower(a.name) = lower(cast(:name as text)))) and " + RecordVisibility.condition(user, "a")
                        + " order by (cast(:domain as text) is not null and lower(a.domain) = lower(cast(:domain as text))) desc, a.id limit 1")
                .param("domain", domain).param("name", name);
        return RecordVisibility.bind(spec, user).query(Long.class).optional();
    }

    boolean isVisible(CurrentUser user, long id) {
        var spec = jdbc.sql("select count(*) from accounts a where a.id = :id and " + RecordVisibility.condition(user, "a"))
                .param("id", id);
        return RecordVisibility.bind(spec, user).query(Long.class).single() > 0;
    }

    record Row(Account account, String sortValue) {}

    /** The query binds the visibility parameters that the contact count shares with it. */
    List<Row> page(CurrentUser user, ListQuery query, ListQuery.Sorting sorting, String cursor, int limit) {
        String sql = query.sql(select(user).replace("select a.*,", "select a.*, " + ListQuery.sortValueColumn(sorting) + ","),
                sorting, cursor, limit);
        return jdbc.sql(sql).params(query.params()).query((rs, n) -> new Row(map(rs, n), rs.getString("sort_value"))).list();
    }

    /** Every matching account in list order, through a database cursor (exports). */
    long forEach(CurrentUser user, ListQuery query, ListQuery.Sorting sorting, Consumer<? super Account> each) {
        return streams.forEach(query.allRowsSql(select(user), sorting), query.params(), this::map, each);
    }

    long count(ListQuery query) {
        return jdbc.sql(query.countSql("accounts a")).params(query.params()).query(Long.class).single();
    }

    /** True when making {@code parentId} the parent of {@code id} would close a loop. */
    boolean wouldCycle(long id, long parentId) {
        return jdbc.sql("""
                with recursive up(id, parent_id) as (
                    select id, parent_id from accounts where id = :parent
                    union all select a.id, a.parent_id from accounts a join up on a.id = up.parent_id)
                select count(*) from up where id = :id""").param("parent", parentId).param("id", id)
                .query(Long.class).single() > 0;
    }

    long insert(AccountDraft d, Long teamId) {
        return bind(jdbc.sql("""
                insert into accounts (name, domain, industry, size, tier, owner_id, team_id, parent_id, tags, custom)
                values (:name, :domain, :industry, :size, :tier, :ownerId, :teamId, :parentId, :tags, cast(:custom as jsonb))
                returning id"""), d, teamId).query(Long.class).single();
    }

    boolean update(long id, int version, AccountDraft d, Long teamId) {
        return bind(jdbc.sql("""
                update accounts set name = :name, domain = :domain, industry = :industry, size = :size, tier = :tier,
                    owner_id = :ownerId, team_id = :teamId, parent_id = :parentId, tags = :tags, custom = cast(:custom as jsonb),
                    updated_at = now(), version = version + 1
                 where id = :id and version = :version"""), d, teamId)
                .param("id", id).param("version", version).update() == 1;
    }

    void delete(long id) {
        jdbc.sql("delete from accounts where id = :id").param("id", id).update();
    }

    List<String> industries() {
        return jdbc.sql("select distinct industry from accounts where industry is not null order by 1 limit 200").query(String.class).list();
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, AccountDraft d, Long teamId) {
        return spec.param("name", d.name).param("domain", d.domain).param("industry", d.industry).param("size", d.size)
                .param("tier", d.tier).param("ownerId", d.ownerId).param("teamId", teamId).param("parentId", d.parentId)
                .param("tags", d.tags.toArray(String[]::new)).param("custom", json.writeValueAsString(d.custom));
    }

    Account map(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("name"), rs.getString("domain"), rs.getString("industry"),
                rs.getString("size"), rs.getString("tier"), (Long) rs.getObject("owner_id"), rs.getString("owner_name"),
                (Long) rs.getObject("team_id"), (Long) rs.getObject("parent_id"), rs.getString("parent_name"),
                rs.getArray("tags") == null ? List.of() : List.of((String[]) rs.getArray("tags").getArray()),
                json.readValue(rs.getString("custom"), new TypeReference<Map<String, Object>>() {}),
                rs.getLong("contact_count"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }
}
