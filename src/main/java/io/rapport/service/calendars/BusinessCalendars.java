package io.rapport.service.calendars;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.rapport.service.calendars.CalendarView.Holiday;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Business calendars: stored as rows with hours and holidays in jsonb; handed to the calculator as {@link BusinessCalendar}. */
@Service
public class BusinessCalendars {

    private static final Set<String> FIELDS = Set.of("name", "timeZone", "hours", "holidays", "version");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    /** Parsed calendars by id and version: the sweep and the listeners read them for every clock. */
    private final Map<Long, CachedCalendar> cache = new ConcurrentHashMap<>();

    private record CachedCalendar(int version, BusinessCalendar calendar) {}

    BusinessCalendars(JdbcClient jdbc, JsonMapper json, AuditLog audit) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
    }

    public List<CalendarView> all() {
        return jdbc.sql("select * from business_calendars order by lower(name), id limit 500").query(this::map).list();
    }

    public CalendarView get(long id) {
        return jdbc.sql("select * from business_calendars where id = :id").param("id", id).query(this::map).optional()
                .orElseThrow(() -> Problems.notFound("Business calendar", id));
    }

    /** The calculator's view of a calendar (cached per version). */
    public BusinessCalendar calendar(long id) {
        int version = jdbc.sql("select version from business_calendars where id = :id").param("id", id)
                .query(Integer.class).optional().orElseThrow(() -> Problems.notFound("Business calendar", id));
        CachedCalendar c = cache.get(id);
        if (c != null && c.version() == version) return c.calendar();
        CalendarView v = get(id);
        BusinessCalendar cal = CalendarParser.toCalendar(v.timeZone(), v.hours(), v.holidays());
        cache.put(id, new CachedCalendar(v.version(), cal));
        return cal;
    }

    @Transactional
    public CalendarView create(CurrentUser user, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields f = new JsonFields(body, FIELDS);
        String name = f.text("name", 120);
        if (name == null) f.error("name", "required");
        String zone = CalendarParser.zone(f);
        Map<String, List<List<String>>> hours = CalendarParser.hours(f);
        List<Holiday> holidays = CalendarParser.holidays(f);
        f.throwIfInvalid();
        try {
            long id = jdbc.sql("""
                            insert into business_calendars (name, time_zone, hours, holidays)
                            values (:name, :zone, :hours::jsonb, :holidays::jsonb) returning id""")
                    .param("name", name).param("zone", zone).param("hours", json.writeValueAsString(hours))
                    .param("holidays", json.writeValueAsString(holidays)).query(Long.class).single();
            audit.record(user.id(), user.email(), "create", "business_calendar", id, name, Map.of());
            return get(id);
        } catch (DuplicateKeyException e) {
            throw Problems.invalid("name", "a business calendar named '" + name + "' already exists");
        }
    }

    @Transactional
    public CalendarView update(CurrentUser user, long id, JsonNode body, Integer ifMatch) {
        RecordVisibility.requireAdmin(user);
        CalendarView current = get(id);
        JsonFields f = new JsonFields(body, FIELDS);
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, f.integer("version"));
        String name = f.has("name") ? f.text("name", 120) : current.name();
        if (name == null) f.error("name", "required");
        String zone = f.has("timeZone") ? CalendarParser.zone(f) : current.timeZone();
        Map<String, List<List<String>>> hours = f.has("hours") ? CalendarParser.hours(f) : current.hours();
        List<Holiday> holidays = f.has("holidays") ? CalendarParser.holidays(f) : current.holidays();
        f.throwIfInvalid();
        expected.requireMatches("Business calendar", id, current.version());
        try {
            int n = jdbc.sql("""
                            update business_calendars set name = :name, time_zone = :zone, hours = :hours::jsonb,
                                   holidays = :holidays::jsonb, updated_at = now(), version = version + 1
                            where id = :id and version = :version""")
                    .param("name", name).param("zone", zone).param("hours", json.writeValueAsString(hours))
                    .param("holidays", json.writeValueAsString(holidays)).param("id", id).param("version", current.version())
                    .update();
            if (n == 0) throw expected.lostRace("Business calendar", id, current.version());
        } catch (DuplicateKeyException e) {
            throw Problems.invalid("name", "a business calendar named '" + name + "' already exists");
        }
        audit.record(user.id(), user.email(), "update", "business_calendar", id, name, Map.of());
        return get(id);
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        CalendarView current = get(id);
        long used = jdbc.sql("select count(*) from sla_policies where calendar_id = :id").param("id", id).query(Long.class).single();
        if (used > 0) {
            throw Problems.conflict("Business calendar " + id + " is used by " + used + " SLA "
                    + (used == 1 ? "policy" : "policies") + "; point them at another calendar first");
        }
        jdbc.sql("delete from business_calendars where id = :id").param("id", id).update();
        cache.remove(id);
        audit.record(user.id(), user.email(), "delete", "business_calendar", id, current.name(), Map.of());
    }

    private CalendarView map(ResultSet rs, int row) throws SQLException {
        Map<String, List<List<String>>> hours = json.readValue(rs.getString("hours"), new TypeReference<>() {});
        List<Holiday> holidays = json.readValue(rs.getString("holidays"), new TypeReference<>() {});
        return new CalendarView(rs.getLong("id"), rs.getString("name"), rs.getString("time_zone"), hours, holidays,
                rs.getInt("version"));
    }
}
