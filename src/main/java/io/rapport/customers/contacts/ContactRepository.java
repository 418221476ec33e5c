package io.rapport.customers.contacts;

import io.rapport.customers.listing.ListQuery;
import io.rapport.customers.listing.ListStreams;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ContactRepository {

    static final String SELECT = """
            select c.*, a.name as account_name, u.name as owner_name
              from contacts c left join accounts a on a.id = c.account_id left join users u on u.id = c.owner_id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ListStreams streams;

    ContactRepository(JdbcClient jdbc, JsonMapper json, ListStreams streams) {
        this.jdbc = jdbc;
        this.json = json;
        this.streams = streams;
    }

    Optional<Contact> find(CurrentUser user, long id) {
        var spec = jdbc.sql(SELECT + " where c.id = :id and " + RecordVisibility.condition(user, "c")).param("id", id);
        return RecordVisibility.bind(spec, user).query(this::map).optional();
    }

    /** One page; {@code limit + 1} rows are asked for so the caller knows whether another page follows. */
    List<Row> page(ListQuery query, ListQuery.Sorting sorting, String cursor, int limit) {
        String sql = query.sql(SELECT.replace("select c.*,", "select c.*, " + ListQuery.sortValueColumn(sorting) + ","),
                sorting, cursor, limit);
        return jdbc.sql(sql).params(query.params()).query((rs, n) -> new Row(map(rs, n), rs.getString("sort_value"))).list();
    }

    /** Every matching contact in list order, through a database cursor (exports). */
    long forEach(ListQuery query, ListQuery.Sorting sorting, Consumer<? super Contact> each) {
        return streams.forEach(query.allRowsSql(SELECT, sorting), query.params(), this::map, each);
    }

    /** The oldest visible contact having this e-mail address (any of its addresses, case-insensitive). */
    Optional<Long> findIdByEmail(CurrentUser user, String email) {
        var spec = jdbc.sql("select c.id from contacts c where lower(:email) = any(select lower(e) from unnest(c.emails) e) and "
                + RecordVisibility.condition(user, "c") + " order by c.id limit 1").param("email", email);
        return RecordVisibility.bind(spec, user).query(Long.class).optional();
    }

    /** Any contact with this address (case-insensitive through the GIN index on both spellings). */
    Optional<Long> findIdByEmail(String email) {
        return jdbc.sql("select id from contacts where emails @> array[:email]::text[] or emails @> array[lower(:email)]::text[] order by id limit 1")
                .param("email", email).query(Long.class).optional();
    }

    void lockAddress(String email) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('contact-email:' || lower(:email)))").param("email", email).query(Object.class).list();
    }

    long insertFromChannel(String first, String last, String email, String source, Long ownerId, Long teamId) {
        return jdbc.sql("""
                insert into contacts (first_name, last_name, emails, source, preferred_channel, owner_id, team_id)
                values (:first, :last, array[:email]::text[], left(:source, 100), 'EMAIL', :owner, :team) returning id""")
                .param("first", first).param("last", last).param("email", email).param("source", source)
                .param("owner", ownerId).param("team", teamId)
                .query(Long.class).single();
    }

    Optional<Optional<Long>> accountOf(long id) {
        return jdbc.sql("select account_id from contacts where id = :id").param("id", id)
                .query((rs, n) -> Optional.ofNullable((Long) rs.getObject(1))).optional();
    }

    long count(ListQuery query) {
        return jdbc.sql(query.countSql("contacts c")).params(query.params()).query(Long.class).single();
    }

    record Row(Contact contact, String sortValue) {}

    long insert(ContactDraft d, Long teamId) {
        return bind(jdbc.sql("""
                insert into contacts (first_name, last_name, emails, phones, job_title, account_id, owner_id, team_id,
                    lifecycle_stage, source, preferred_channel, language, street, city, region, postal_code, country, tags,
                    email_consent, email_consent_at, email_consent_source, custom)
                values (:firstName, :lastName, :emails, :phones, :jobTitle, :accountId, :ownerId, :teamId,
                    :stage, :source, :channel, :language, :street, :city, :region, :postalCode, :country, :tags,
                    :consent, :consentAt, :consentSource, cast(:custom as jsonb))
                returning id"""), d, teamId).query(Long.class).single();
    }

    boolean update(long id, int version, ContactDraft d, Long teamId) {
        return bind(jdbc.sql("""
                update contacts set first_name = :firstName, last_name = :lastName, emails = :emails, phones = :phones,
                    job_title = :jobTitle, account_id = :accountId, owner_id = :ownerId, team_id = :teamId,
                    lifecycle_stage = :stage, source = :source, preferred_channel = :channel, language = :language,
                    street = :street, city = :city, region = :region, postal_code = :postalCode, country = :country,
                    tags = :tags, email_consent = :consent, email_consent_at = :consentAt,
                    email_consent_source = :consentSource, custom = cast(:custom as jsonb),
                    updated_at = now(), version = version + 1
                 where id = :id and version = :version"""), d, teamId)
                .param("id", id).param("version", version).update() == 1;
    }

    void delete(long id) {
        jdbc.sql("delete from contacts where id = :id").param("id", id).update();
    }

    Map<String, Long> countByStage(CurrentUser user) {
        var spec = jdbc.sql("select lifecycle_stage, count(*) from contacts c where " + RecordVisibility.condition(user, "c")
                + " group by lifecycle_stage");
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        RecordVisibility.bind(spec, user).query(rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, ContactDraft d, Long teamId) {
        return spec.param("firstName", d.firstName).param("lastName", d.lastName)
                .param("emails", d.emails.toArray(String[]::new)).param("phones", d.phones.toArray(String[]::new))
                .param("jobTitle", d.jobTitle).param("accountId", d.accountId).param("ownerId", d.ownerId)
                .param("teamId", teamId).param("stage", d.stage.name()).param("source", d.source)
                .param("channel", d.preferredChannel == null ? null : d.preferredChannel.name()).param("language", d.language)
                .param("street", d.street).param("city", d.city).param("region", d.region).param("postalCode", d.postalCode)
                .param("country", d.country).param("tags", d.tags.toArray(String[]::new)).param("consent", d.emailConsent)
                .param("consentAt", d.emailConsentAt == null ? null : Timestamp.from(d.emailConsentAt))
                .param("consentSource", d.emailConsentSource).param("custom", json.writeValueAsString(d.custom));
    }

    Contact map(ResultSet rs, int row) throws SQLException {
        Timestamp consentAt = rs.getTimestamp("email_consent_at");
        String channel = rs.getString("preferred_channel");
        return new Contact(rs.getLong("id"), rs.getString("first_name"), rs.getString("last_name"), strings(rs.getArray("emails")),
                strings(rs.getArray("phones")), rs.getString("job_title"), (Long) rs.getObject("account_id"),
                rs.getString("account_name"), (Long) rs.getObject("owner_id"), rs.getString("owner_name"),
                (Long) rs.getObject("team_id"), LifecycleStage.valueOf(rs.getString("lifecycle_stage")), rs.getString("source"),
                channel == null ? null : Channel.valueOf(channel), rs.getString("language"),
                new Contact.Address(rs.getString("street"), rs.getString("city"), rs.getString("region"),
                        rs.getString("postal_code"), rs.getString("country")),
                strings(rs.getArray("tags")),
                new Contact.Consent(rs.getBoolean("email_consent"), consentAt == null ? null : consentAt.toInstant(),
                        rs.getString("email_consent_source")),
                json.readValue(rs.getString("custom"), new TypeReference<Map<String, Object>>() {}),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /** Tags the visible contacts among ids (bumping version and updated_at only where the tag is new); how many carry it. */
    int addTag(CurrentUser user, long[] ids, String tag) {
        var spec = jdbc.sql("""
                with t as (update contacts c set tags = array_append(c.tags, :tag), version = c.version + 1, updated_at = now()
                            where c.id = any(:ids) and not (:tag = any(c.tags)) and %s returning c.id)
                select (select count(*) from t) + (select count(*) from contacts c where c.id = any(:ids) and :tag = any(c.tags) and %s)"""
                .formatted(RecordVisibility.condition(user, "c"), RecordVisibility.condition(user, "c")))
                .param("tag", tag).param("ids", ids);
        return RecordVisibility.bind(spec, user).query(Long.class).single().intValue();
    }
}
