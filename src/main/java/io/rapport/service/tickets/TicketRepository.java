package io.rapport.service.tickets;

import io.rapport.platform.security.CurrentUser;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** SQL of tickets and their conversation. Reads by id are scoped by the reader's ticket visibility. */
@Repository
class TicketRepository {

    static final String SELECT = """
            select t.*, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as requester_name,
                   c.emails[1] as requester_email,
                   a.name as account_name, u.name as assignee_name, tm.name as team_name
              from tickets t
              left join contacts c on c.id = t.requester_id
              left join accounts a on a.id = t.account_id
              left join users u on u.id = t.assignee_id
              left join teams tm on tm.id = t.team_id""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TicketRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Ticket> find(CurrentUser user, long id) {
        return TicketVisibility.bind(jdbc.sql(SELECT + " where t.id = :id and " + TicketVisibility.condition(user, "t")), user)
                .param("id", id).query((rs, n) -> map(rs)).optional();
    }

    Optional<Ticket> findAny(long id) {
        return jdbc.sql(SELECT + " where t.id = :id").param("id", id).query((rs, n) -> map(rs)).optional();
    }

    List<Ticket> page(TicketQuery q) {
        var spec = jdbc.sql(SELECT + " where " + q.where() + " order by " + q.orderBy() + " limit " + (q.limit() + 1));
        for (Map.Entry<String, Object> p : q.params().entrySet()) spec = spec.param(p.getKey(), p.getValue());
        return spec.query((rs, n) -> map(rs)).list();
    }

    long count(TicketQuery q) {
        var spec = jdbc.sql("select count(*) from tickets t where " + q.where());
        for (Map.Entry<String, Object> p : q.params().entrySet()) spec = spec.param(p.getKey(), p.getValue());
        return spec.query(Long.class).single();
    }

    List<TicketMessage> messages(long ticketId, boolean withNotes) {
        Map<Long, List<TicketMessage.Attachment>> files = new LinkedHashMap<>();
        jdbc.sql("""
                        select a.id, a.message_id, a.filename, a.content_type, a.size_bytes from ticket_attachments a
                          join ticket_messages m on m.id = a.message_id where m.ticket_id = :t order by a.id""")
                .param("t", ticketId).query(rs -> {
                    files.computeIfAbsent(rs.getLong("message_id"), k -> new ArrayList<>()).add(new TicketMessage.Attachment(
                            rs.getLong("id"), rs.getString("filename"), rs.getString("content_type"), rs.getLong("size_bytes")));
                });
        return jdbc.sql("""
                        select m.*, u.name as user_name,
                               trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as contact_name
                          from ticket_messages m left join users u on u.id = m.author_user_id
                          left join contacts c on c.id = m.author_contact_id
                         where m.ticket_id = :t and (:notes or m.kind = 'PUBLIC') order by m.created_at, m.id""")
                .param("t", ticketId).param("notes", withNotes)
                .query((rs, n) -> new TicketMessage(rs.getLong("id"), rs.getLong("ticket_id"), rs.getString("kind"),
                        rs.getString("direction"), rs.getString("channel"), (Long) rs.getObject("author_user_id"),
                        rs.getString("user_name"), (Long) rs.getObject("author_contact_id"), blankToNull(rs.getString("contact_name")),
                        rs.getString("body_text"), rs.getString("body_html"),
                        rs.getBigDecimal("sentiment") == null ? null : rs.getBigDecimal("sentiment").doubleValue(),
                        instant(rs, "created_at"), files.getOrDefault(rs.getLong("id"), List.of())))
                .list();
    }

    record StoredFile(long ticketId, String filename, String contentType, byte[] content) {}

    Optional<StoredFile> attachment(long attachmentId) {
        return jdbc.sql("""
                        select m.ticket_id, a.filename, a.content_type, a.content from ticket_attachments a
                          join ticket_messages m on m.id = a.message_id where a.id = :id""")
                .param("id", attachmentId).query((rs, n) -> new StoredFile(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getBytes(4))).optional();
    }

    List<Ticket> linked(CurrentUser user, long ticketId) {
        return TicketVisibility.bind(jdbc.sql(SELECT + " join ticket_links l on l.related_id = t.id where l.ticket_id = :id and "
                + TicketVisibility.condition(user, "t") + " order by t.id"), user).param("id", ticketId)
                .query((rs, n) -> map(rs)).list();
    }

    Ticket map(ResultSet rs) throws SQLException {
        String[] tags = (String[]) rs.getArray("tags").getArray();
        return new Ticket(rs.getLong("id"), rs.getLong("number"), rs.getString("subject"), rs.getString("status"),
                rs.getString("priority"), rs.getString("type"), rs.getString("channel"), (Long) rs.getObject("requester_id"),
                blankToNull(rs.getString("requester_name")), rs.getString("requester_email"), (Long) rs.getObject("account_id"),
                rs.getString("account_name"), (Long) rs.getObject("assignee_id"), rs.getString("assignee_name"),
                (Long) rs.getObject("team_id"), rs.getString("team_name"), Arrays.asList(tags),
                json.readTree(rs.getString("custom")), rs.getString("language"),
                rs.getBigDecimal("sentiment") == null ? null : rs.getBigDecimal("sentiment").doubleValue(),
                rs.getBoolean("flagged"), (Long) rs.getObject("merged_into_id"), rs.getInt("reopen_count"),
                instant(rs, "first_response_at"), instant(rs, "last_customer_message_at"), instant(rs, "last_agent_reply_at"),
                instant(rs, "solved_at"), instant(rs, "closed_at"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getInt("version"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
