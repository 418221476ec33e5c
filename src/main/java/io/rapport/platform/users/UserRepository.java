package io.rapport.platform.users;

import io.rapport.platform.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private static final String SELECT = """
            select u.*, t.name as team_name from users u left join teams t on t.id = u.team_id
            """;

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserAccount> findById(long id) {
        return jdbc.sql(SELECT + " where u.id = :id").param("id", id).query(UserRepository::map).optional();
    }

    Optional<UserAccount> findByEmail(String email) {
        return jdbc.sql(SELECT + " where lower(u.email) = lower(:email)").param("email", email).query(UserRepository::map)
                .optional();
    }

    Optional<String> passwordHash(long id) {
        return jdbc.sql("select password_hash from users where id = :id").param("id", id).query(String.class).optional();
    }

    List<UserAccount> page(Long afterId, int limit, String q) {
        return jdbc.sql(SELECT + """
                 where (cast(:afterId as bigint) is null or u.id > :afterId)
                   and (cast(:q as text) is null or u.name ilike '%' || :q || '%' or u.email ilike '%' || :q || '%')
                 order by u.id limit :limit""")
                .param("afterId", afterId).param("q", q).param("limit", limit)
                .query(UserRepository::map).list();
    }

    long insert(String email, String name, String hash, Role role, Long teamId) {
        return jdbc.sql("""
                insert into users (email, name, password_hash, role, team_id) values (:email, :name, :hash, :role, :team)
                returning id""")
                .param("email", email).param("name", name).param("hash", hash).param("role", role.name())
                .param("team", teamId).query(Long.class).single();
    }

    /** Optimistic update: returns false when the version moved meanwhile. */
    boolean update(long id, int version, String email, String name, Role role, Long teamId, boolean active) {
        return jdbc.sql("""
                update users set email = :email, name = :name, role = :role, team_id = :team, active = :active,
                       updated_at = now(), version = version + 1
                 where id = :id and version = :version""")
                .param("id", id).param("version", version).param("email", email).param("name", name)
                .param("role", role.name()).param("team", teamId).param("active", active).update() == 1;
    }

    void setPassword(long id, String hash) {
        jdbc.sql("update users set password_hash = :hash, updated_at = now(), version = version + 1 where id = :id")
                .param("id", id).param("hash", hash).update();
    }

    long count() {
        return jdbc.sql("select count(*) from users").query(Long.class).single();
    }

    List<Team> teams() {
        return jdbc.sql("""
                select t.id, t.name, count(u.id) as members from teams t left join users u on u.team_id = t.id
                group by t.id order by t.name""")
                .query((rs, n) -> new Team(rs.getLong("id"), rs.getString("name"), rs.getInt("members"))).list();
    }

    Optional<Team> team(long id) {
        return teams().stream().filter(t -> t.id() == id).findFirst();
    }

    long insertTeam(String name) {
        return jdbc.sql("insert into teams (name) values (:name) returning id").param("name", name).query(Long.class).single();
    }

    Optional<Long> teamIdByName(String name) {
        return jdbc.sql("select id from teams where lower(name) = lower(:name)").param("name", name).query(Long.class).optional();
    }

    static UserAccount map(ResultSet rs, int row) throws SQLException {
        return new UserAccount(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                Role.valueOf(rs.getString("role")), (Long) rs.getObject("team_id"), rs.getString("team_name"),
                rs.getBoolean("active"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }
}
