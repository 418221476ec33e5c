package io.rapport.service.sla;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** SLA policies, tried in position order; the first active one whose conditions match a ticket applies to it. */
@Service
public class SlaPolicies {

    static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    static final List<String> TIERS = List.of("STANDARD", "SILVER", "GOLD", "PLATINUM");
    static final List<String> CHANNELS = List.of("EMAIL", "WEB", "PHONE", "API", "CHAT", "SOCIAL", "PORTAL");
    static final List<String> TYPES = List.of("QUESTION", "INCIDENT", "PROBLEM", "REQUEST", "COMPLAINT");
    private static final Set<String> FIELDS = Set.of("name", "position", "active", "calendarId", "priorities",
            "accountTiers", "channels", "types", "firstResponseMinutes", "nextResponseMinutes", "resolutionMinutes", "version");

    private final JdbcClient jdbc;
    private final AuditLog audit;

    SlaPolicies(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public List<SlaPolicy> all() {
        return jdbc.sql("select * from sla_policies order by position, id limit 500").query(SlaPolicies::map).list();
    }

    public SlaPolicy get(long id) {
        return jdbc.sql("select * from sla_policies where id = :id").param("id", id).query(SlaPolicies::map).optional()
                .orElseThrow(() -> Problems.notFound("SLA policy", id));
    }

    /** The first active policy matching the ticket, if any. */
    public Optional<SlaPolicy> forTicket(long ticketId) {
        // one query: the ticket's attributes against every active policy, first match in order
        return jdbc.sql("""
                        select p.* from tickets t left join accounts a on a.id = t.account_id
                        join sla_policies p on p.active
                             and (cardinality(p.priorities) = 0 or t.priority = any(p.priorities))
                             and (cardinality(p.account_tiers) = 0 or a.tier = any(p.account_tiers))
                             and (cardinality(p.channels) = 0 or t.channel = any(p.channels))
                             and (cardinality(p.types) = 0 or t.type = any(p.types))
                        where t.id = :id order by p.position, p.id limit 1""")
                .param("id", ticketId).query(SlaPolicies::map).optional();
    }

    /** {@link #forTicket} for many tickets in one query: ticket id → its policy (tickets no policy matches are absent). */
    public java.util.Map<Long, SlaPolicy> forTickets(java.util.Collection<Long> ticketIds) {
        java.util.Map<Long, SlaPolicy> matched = new java.util.HashMap<>();
        if (ticketIds.isEmpty()) return matched;
        jdbc.sql("""
                        select x.id as matched_ticket_id, p.*
                          from unnest(:ids::bigint[]) as x(id)
                          join tickets t on t.id = x.id
                          left join accounts a on a.id = t.account_id
                          cross join lateral (
                               select p.* from sla_policies p
                                where p.active
                                  and (cardinality(p.priorities) = 0 or t.priority = any(p.priorities))
                                  and (cardinality(p.account_tiers) = 0 or a.tier = any(p.account_tiers))
                                  and (cardinality(p.channels) = 0 or t.channel = any(p.channels))
                                  and (cardinality(p.types) = 0 or t.type = any(p.types))
                                order by p.position, p.id limit 1) p""")
                .param("ids", ticketIds.toArray(Long[]::new))
                .query(rs -> {
                    matched.put(rs.getLong("matched_ticket_id"), map(rs, 0));
                });
        return matched;
    }

    @Transactional
    public SlaPolicy create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields f = new JsonFields(body, FIELDS);
        Input in = read(f, null);
        f.throwIfInvalid();
        int position = in.position != null ? in.position
                : jdbc.sql("select coalesce(max(position), 0) + 1 from sla_policies").query(Integer.class).single();
        try {
            long id = jdbc.sql("""
                            insert into sla_policies (name, position, active, calendar_id, priorities, account_tiers, channels,
                                                      types, first_response_minutes, next_response_minutes, resolution_minutes)
                            values (:name, :position, :active, :calendar, :priorities, :tiers, :channels, :types, :first,
                                    :next, :resolution) returning id""")
                    .params(params(in, position)).query(Long.class).single();
            audit.record(user.id(), user.email(), "create", "sla_policy", id, in.name, Map.of());
            return get(id);
        } catch (DuplicateKeyException e) {
            throw Problems.invalid("name", "an SLA policy named '" + in.name + "' already exists");
        }
    }

    @Transactional
    public SlaPolicy update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireAdmin(user);
        SlaPolicy current = get(id);
        JsonFields f = new JsonFields(body, FIELDS);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, f.integer("version"));
        Input in = read(f, current);
        f.throwIfInvalid();
        expected.requireMatches("SLA policy", id, current.version());
        try {
            var p = params(in, in.position == null ? current.position() : in.position);
            p.put("id", id);
            p.put("version", current.version());
            int n = jdbc.sql("""
                            update sla_policies set name = :name, position = :position, active = :active, calendar_id = :calendar,
                                   priorities = :priorities, account_tiers = :tiers, channels = :channels, types = :types,
                                   first_response_minutes = :first, next_response_minutes = :next,
                                   resolution_minutes = :resolution, updated_at = now(), version = version + 1
                            where id = :id and version = :version""")
                    .params(p).update();
            if (n == 0) throw expected.lostRace("SLA policy", id, current.version());
        } catch (DuplicateKeyException e) {
            throw Problems.invalid("name", "an SLA policy named '" + in.name + "' already exists");
        }
        audit.record(user.id(), user.email(), "update", "sla_policy", id, in.name, Map.of());
        return get(id);
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        SlaPolicy p = get(id);
        // running clocks keep their due times; they just no longer name the policy
        jdbc.sql("delete from sla_policies where id = :id").param("id", id).update();
        audit.record(user.id(), user.email(), "delete", "sla_policy", id, p.name(), Map.of());
    }

    private static final class Input {
        String name;
        Integer position;
        boolean active;
        Long calendarId;
        List<String> priorities, tiers, channels, types;
        Integer first, next, resolution;
    }

    /** Reads the body over the current values (absent fields keep them). */
    private Input read(JsonFields f, SlaPolicy current) {
        Input in = new Input();
        in.name = f.has("name") || current == null ? f.text("name", 120) : current.name();
        if (in.name == null) f.error("name", "required");
        in.position = f.integer("position");
        if (in.position != null && (in.position < 0 || in.position > 100000)) f.error("position", "between 0 and 100000");
        Boolean active = f.bool("active");
        in.active = active != null ? active : current == null || current.active();
        in.calendarId = f.has("calendarId") || current == null ? f.id("calendarId") : Long.valueOf(current.calendarId());
        if (in.calendarId == null) f.error("calendarId", "required, the business calendar the targets count in");
        else if (jdbc.sql("select count(*) from business_calendars where id = :id").param("id", in.calendarId)
                .query(Long.class).single() == 0) f.error("calendarId", "no business calendar " + in.calendarId);
        in.priorities = codes(f, "priorities", PRIORITIES, current == null ? List.of() : current.priorities());
        in.tiers = codes(f, "accountTiers", TIERS, current == null ? List.of() : current.accountTiers());
        in.channels = codes(f, "channels", CHANNELS, current == null ? List.of() : current.channels());
        in.types = codes(f, "types", TYPES, current == null ? List.of() : current.types());
        in.first = minutes(f, "firstResponseMinutes", current == null ? null : current.firstResponseMinutes());
        in.next = minutes(f, "nextResponseMinutes", current == null ? null : current.nextResponseMinutes());
        in.resolution = minutes(f, "resolutionMinutes", current == null ? null : current.resolutionMinutes());
        if (in.first == null && in.next == null && in.resolution == null && f.errors().isEmpty()) {
            f.error("firstResponseMinutes", "set at least one target (firstResponseMinutes, nextResponseMinutes or resolutionMinutes)");
        }
        return in;
    }

    private static List<String> codes(JsonFields f, String field, List<String> allowed, List<String> current) {
        if (!f.has(field)) return current;
        List<String> values = f.strings(field, allowed.size(), 20).stream().map(String::toUpperCase).distinct().toList();
        for (String v : values) {
            if (!allowed.contains(v)) f.error(field, "'" + v + "' is not one of " + String.join(", ", allowed));
        }
        return values;
    }

    private static Integer minutes(JsonFields f, String field, Integer current) {
        if (!f.has(field)) return current;
        Integer v = f.integer(field);
        if (v != null && (v < 1 || v > 525600)) {
            f.error(field, "minutes of business time, between 1 and 525600");
            return null;
        }
        return v;
    }

    private static java.util.HashMap<String, Object> params(Input in, int position) {
        var p = new java.util.HashMap<String, Object>();
        p.put("name", in.name);
        p.put("position", position);
        p.put("active", in.active);
        p.put("calendar", in.calendarId);
        p.put("priorities", in.priorities.toArray(String[]::new));
        p.put("tiers", in.tiers.toArray(String[]::new));
        p.put("channels", in.channels.toArray(String[]::new));
        p.put("types", in.types.toArray(String[]::new));
        p.put("first", in.first);
        p.put("next", in.next);
        p.put("resolution", in.resolution);
        return p;
    }

    static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static SlaPolicy map(ResultSet rs, int row) throws SQLException {
        return new SlaPolicy(rs.getLong("id"), rs.getString("name"), rs.getInt("position"), rs.getBoolean("active"),
                rs.getLong("calendar_id"), strings(rs.getArray("priorities")), strings(rs.getArray("account_tiers")),
                strings(rs.getArray("channels")), strings(rs.getArray("types")),
                (Integer) rs.getObject("first_response_minutes"), (Integer) rs.getObject("next_response_minutes"),
                (Integer) rs.getObject("resolution_minutes"), rs.getInt("version"));
    }
}
