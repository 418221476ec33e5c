package io.rapport.customers.views;

import io.rapport.customers.customfields.EntityKind;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
public class SavedViews {

    private final JdbcClient jdbc;

    SavedViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's own views and everyone's shared ones. */
    public List<SavedView> visibleTo(CurrentUser user, EntityKind entity) {
        return jdbc.sql("""
                select v.*, u.name as owner_name from saved_views v join users u on u.id = v.owner_id
                 where v.entity = :entity and (v.owner_id = :user or v.shared) order by v.shared, lower(v.name)""")
                .param("entity", entity.name()).param("user", user.id())
                .query((rs, n) -> new SavedView(rs.getLong("id"), rs.getLong("owner_id"), rs.getString("owner_name"),
                        EntityKind.valueOf(rs.getString("entity")), rs.getString("name"), rs.getBoolean("shared"),
                        rs.getString("query")))
                .list();
    }

    public long save(CurrentUser user, EntityKind entity, String name, boolean shared, String query) {
        if (name == null || name.isBlank() || name.trim().length() > 100) throw Problems.invalid("name", "1 to 100 characters");
        String q = query == null ? "" : query.replaceAll("(^|&)cursor=[^&]*", "");
        if (q.length() > 4000) throw Problems.invalid("query", "too long");
        return jdbc.sql("insert into saved_views (owner_id, entity, name, shared, query) values (:u, :e, :n, :s, :q) returning id")
                .param("u", user.id()).param("e", entity.name()).param("n", name.trim()).param("s", shared).param("q", q)
                .query(Long.class).single();
    }

    public void delete(CurrentUser user, long id) {
        int deleted = jdbc.sql("delete from saved_views where id = :id and (owner_id = :u or :admin)")
                .param("id", id).param("u", user.id()).param("admin", user.isAdmin()).update();
        if (deleted == 0) throw Problems.notFound("Saved view", id);
    }
}
