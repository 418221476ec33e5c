package io.rapport.sales.deals;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Saved views of the deal list, kept with the contact and account views (saved_views, entity DEAL). */
@Service
class DealViews {

    record View(long id, long ownerId, String ownerName, String name, boolean shared, String query) {}

    private final JdbcClient jdbc;

    DealViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<View> visibleTo(CurrentUser user) {
        return jdbc.sql("""
                select v.*, u.name as owner_name from saved_views v join users u on u.id = v.owner_id
                 where v.entity = 'DEAL' and (v.owner_id = :user or v.shared) order by v.shared, lower(v.name)""")
                .param("user", user.id())
                .query((rs, n) -> new View(rs.getLong("id"), rs.getLong("owner_id"), rs.getString("owner_name"),
                        rs.getString("name"), rs.getBoolean("shared"), rs.getString("query")))
                .list();
    }

    long save(CurrentUser user, String name, boolean shared, String query) {
        if (name == null || name.isBlank() || name.trim().length() > 100) throw Problems.invalid("name", "1 to 100 characters");
        String q = query == null ? "" : query.replaceAll("(^|&)cursor=[^&]*", "");
        if (q.length() > 4000) throw Problems.invalid("query", "too long");
        return jdbc.sql("insert into saved_views (owner_id, entity, name, shared, query) values (:u, 'DEAL', :n, :s, :q) returning id")
                .param("u", user.id()).param("n", name.trim()).param("s", shared).param("q", q).query(Long.class).single();
    }

    void delete(CurrentUser user, long id) {
        int deleted = jdbc.sql("delete from saved_views where id = :id and entity = 'DEAL' and (owner_id = :u or :admin)")
                .param("id", id).param("u", user.id()).param("admin", user.isAdmin()).update();
        if (deleted == 0) throw Problems.notFound("Saved view", id);
    }
}
