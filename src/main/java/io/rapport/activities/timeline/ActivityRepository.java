package io.rapport.activities.timeline;

import io.rapport.activities.Touchpoint;
import io.rapport.platform.web.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ActivityRepository {

    private static final String SELECT = """
            select a.*, u.name as author_name from activities a left join users u on u.id = a.author_id
            """;

    private final JdbcClient jdbc;

    ActivityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Idempotent by (source, sourceRef). */
    public long recordTouchpoint(Touchpoint t, Long accountId) {
        Optional<Long> inserted = jdbc.sql("""
                insert into activities (kind, channel, occurred_at, contact_id, account_id, subject, body, journey_stage,
                                        sentiment, source, source_ref)
                values ('TOUCHPOINT', :channel, :at, :contact, :account, :subject, :body, :stage, :sentiment, :source, :ref)
                on conflict (source, source_ref) where source_ref is not null do nothing
                returning id""")
                .param("channel", t.channel().name()).param("at", Timestamp.from(t.occurredAt() == null ? Instant.now() : t.occurredAt()))
                .param("contact", t.contactId()).param("account", accountId).param("subject", t.subject())
                .param("body", t.body()).param("stage", t.journeyStage() == null ? null : t.journeyStage().name())
                .param("sentiment", t.sentiment() == null ? null : t.sentiment().name()).param("source", t.source())
                .param("ref", t.sourceRef()).query(Long.class).optional();
        return inserted.orElseGet(() -> jdbc.sql("select id from activities where source = :source and source_ref = :ref")
                .param("source", t.source()).param("ref", t.sourceRef()).query(Long.class).single());
    }

    /** Set-based {@link #recordTouchpoint}: one insert for a whole batch, the account taken from each contact. */
    public int recordTouchpoints(List<Touchpoint> ts) {
        return jdbc.sql("""
                insert into activities (kind, channel, occurred_at, contact_id, account_id, subject, body, journey_stage,
                                        sentiment, source, source_ref)
                select 'TOUCHPOINT', t.channel, t.at, c.id, c.account_id, t.subject, t.body, t.stage, t.sentiment, t.source, t.ref
                from unnest(cast(:contacts as bigint[]), cast(:channels as text[]), cast(cast(:ats as text[]) as timestamptz[]),
                            cast(:subjects as text[]), cast(:bodies as text[]), cast(:stages as text[]),
                            cast(:sentiments as text[]), cast(:sources as text[]), cast(:refs as text[]))
                     as t(contact_id, channel, at, subject, body, stage, sentiment, source, ref)
                join contacts c on c.id = t.contact_id
                on conflict (source, source_ref) where source_ref is not null do nothing""")
                .param("contacts", ts.stream().map(Touchpoint::contactId).toArray(Long[]::new))
                .param("channels", ts.stream().map(t -> t.channel().name()).toArray(String[]::new))
                .param("ats", ts.stream().map(t -> (t.occurredAt() == null ? Instant.now() : t.occurredAt()).toString()).toArray(String[]::new))
                .param("subjects", ts.stream().map(Touchpoint::subject).toArray(String[]::new))
                .param("bodies", ts.stream().map(Touchpoint::body).toArray(String[]::new))
                .param("stages", ts.stream().map(t -> t.journeyStage() == null ? null : t.journeyStage().name()).toArray(String[]::new))
                .param("sentiments", ts.stream().map(t -> t.sentiment() == null ? null : t.sentiment().name()).toArray(String[]::new))
                .param("sources", ts.stream().map(Touchpoint::source).toArray(String[]::new))
                .param("refs", ts.stream().map(Touchpoint::sourceRef).toArray(String[]::new))
                .update();
    }

    long insert(ActivityDraft d, Long authorId) {
        return fields(jdbc.sql("""
                insert into activities (kind, channel, occurred_at, author_id, contact_id, account_id, subject, body,
                    direction, duration_seconds, outcome, ends_at, location, attendees, journey_stage, sentiment)
                values (:kind, :channel, :at, :author, :contact, :account, :subject, :body, :direction, :duration,
                    :outcome, :endsAt, :location, :attendees, :stage, :sentiment)
                returning id"""), d)
                .param("author", authorId).param("contact", d.contactId).param("account", d.accountId)
                .query(Long.class).single();
    }

    /** Binds the parameters an entry's insert and update share. */
    private static JdbcClient.StatementSpec fields(JdbcClient.StatementSpec spec, ActivityDraft d) {
        return spec.param("kind", d.kind.name()).param("channel", d.channel).param("at", Timestamp.from(d.occurredAt))
                .param("subject", d.subject).param("body", d.body).param("direction", d.direction)
                .param("duration", d.durationSeconds).param("outcome", d.outcome)
                .param("endsAt", d.endsAt == null ? null : Timestamp.from(d.endsAt)).param("location", d.location)
                .param("attendees", d.attendees.toArray(String[]::new)).param("stage", d.journeyStage)
                .param("sentiment", d.sentiment);
    }

    Optional<Activity> find(long id) {
        return jdbc.sql(SELECT + " where a.id = :id").param("id", id).query(ActivityRepository::map).optional();
    }

    /** Writes an edit if the entry is still at {@code version}; false when someone else changed it meanwhile. */
    boolean update(long id, int version, ActivityDraft d) {
        return fields(jdbc.sql("""
                update activities set kind = :kind, channel = :channel, occurred_at = :at, subject = :subject, body = :body,
                       direction = :direction, duration_seconds = :duration, outcome = :outcome, ends_at = :endsAt,
                       location = :location, attendees = :attendees, journey_stage = :stage, sentiment = :sentiment,
                       version = version + 1, updated_at = now()
                 where id = :id and version = :version"""), d).param("id", id).param("version", version).update() == 1;
    }

    void delete(long id) {
        jdbc.sql("delete from activities where id = :id").param("id", id).update();
    }

    /**
     * Newest first, keyset by (occurred_at, id). {@code scope} is a condition on {@code a} with its parameters;
     * callers have checked that the user may see the contact or account it names.
     */
    List<Activity> page(String scope, Map<String, Object> params, String kind, Instant since, String cursor, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where ").append(scope);
        Map<String, Object> all = new java.util.HashMap<>(params);
        if (kind != null) {
            sql.append(" and a.kind = :kind");
            all.put("kind", kind);
        }
        if (since != null) {
            sql.append(" and a.occurred_at >= :since");
            all.put("since", Timestamp.from(since));
        }
        if (cursor != null) {
            Cursor c = Cursor.decode(cursor);
            Instant at;
            try {
                at = Instant.parse(c.value());
            } catch (RuntimeException e) {
                throw io.rapport.platform.web.Problems.invalid("cursor", "not a cursor returned by this API");
            }
            sql.append(" and (a.occurred_at, a.id) < (:cursorAt, :cursorId)");
            all.put("cursorAt", Timestamp.from(at));
            all.put("cursorId", c.id());
        }
        sql.append(" order by a.occurred_at desc, a.id desc limit :limit");
        all.put("limit", limit);
        return jdbc.sql(sql.toString()).params(all).query(ActivityRepository::map).list();
    }

    /** Meetings the user logged that start between the two instants, soonest first. */
    List<Activity> meetingsOf(long authorId, Instant from, Instant until, int limit) {
        return jdbc.sql(SELECT + """
                 where a.kind = 'MEETING' and a.author_id = :author and a.occurred_at >= :from and a.occurred_at < :until
                 order by a.occurred_at, a.id limit :limit""")
                .param("author", authorId).param("from", Timestamp.from(from)).param("until", Timestamp.from(until))
                .param("limit", limit).query(ActivityRepository::map).list();
    }

    static Activity map(ResultSet rs, int row) throws SQLException {
        Timestamp endsAt = rs.getTimestamp("ends_at");
        return new Activity(rs.getLong("id"), Activity.Kind.valueOf(rs.getString("kind")), rs.getString("channel"),
                rs.getTimestamp("occurred_at").toInstant(), (Long) rs.getObject("author_id"), rs.getString("author_name"),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("account_id"),
                rs.getString("subject"), rs.getString("body"), rs.getString("direction"),
                (Integer) rs.getObject("duration_seconds"), rs.getString("outcome"),
                endsAt == null ? null : endsAt.toInstant(), rs.getString("location"),
                List.of((String[]) rs.getArray("attendees").getArray()), rs.getString("journey_stage"),
                rs.getString("sentiment"), rs.getString("source"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at") == null ? null : rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }
}
