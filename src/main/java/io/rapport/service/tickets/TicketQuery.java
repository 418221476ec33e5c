package io.rapport.service.tickets;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.Problems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * A ticket list: a view (queue), filters and keyset paging. Two orders: {@code queue} (most urgent first, then oldest
 * — the open-ticket views, each backed by a partial index of V21) and {@code updated} (latest change first).
 */
public record TicketQuery(String where, String orderBy, Map<String, Object> params, int limit, String sort) {

    public static final List<String> VIEWS = List.of("mine", "unassigned", "breaching", "team", "open", "solved", "all");
    private static final String OPEN = "t.status in ('NEW','OPEN','PENDING','ON_HOLD')";

    public static TicketQuery of(CurrentUser user, MultiValueMap<String, String> all, String cursor, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        String view = first(all, "view");
        if (view != null && !VIEWS.contains(view)) throw Problems.invalid("view", "one of " + VIEWS);
        String sort = first(all, "sort");
        String defaultSort = "updated";
        if (view != null) {
            switch (view) {
                case "mine" -> {
                    where.add(OPEN);
                    where.add("t.assignee_id = :me");
                    params.put("me", user.id());
                    defaultSort = "queue";
                }
                case "unassigned" -> {
                    where.add(OPEN);
                    where.add("t.assignee_id is null");
                    defaultSort = "queue";
                }
                case "team" -> {
                    where.add(OPEN);
                    if (first(all, "team") == null) {
                        if (user.teamId() == null) throw Problems.invalid("team", "required: you are in no team");
                        where.add("t.team_id = :myTeam");
                        params.put("myTeam", user.teamId());
                    }
                    defaultSort = "queue";
                }
                // "breaching soon": an SLA clock is due within the hour or already overdue (tickets.sla_due_at is the
                // nearest running due time, kept by the SLA clocks)
                case "breaching" -> {
                    where.add(OPEN);
                    where.add("t.sla_due_at < now() + interval '1 hour'");
                    defaultSort = "queue";
                }
                case "open" -> {
                    where.add(OPEN);
                    defaultSort = "queue";
                }
                case "solved" -> where.add("t.status in ('SOLVED','CLOSED')");
                default -> { }
            }
        }
        inList(all, "status", Ticket.STATUSES, "t.status", where, params);
        inList(all, "priority", Ticket.PRIORITIES, "t.priority", where, params);
        inList(all, "type", Ticket.TYPES, "t.type", where, params);
        inList(all, "channel", Ticket.CHANNELS, "t.channel", where, params);
        String assignee = first(all, "assignee");
        if (assignee != null) {
            if (assignee.equals("none")) where.add("t.assignee_id is null");
            else {
                where.add("t.assignee_id = :assignee");
                params.put("assignee", assignee.equals("me") ? user.id() : id("assignee", assignee));
            }
        }
        idFilter(all, "team", "t.team_id", where, params);
        idFilter(all, "requester", "t.requester_id", where, params);
        idFilter(all, "account", "t.account_id", where, params);
        String tag = first(all, "tag");
        if (tag != null) {
            where.add("t.tags @> array[cast(:tag as text)]");
            params.put("tag", tag);
        }
        // custom fields: cf.<key>=value matches the value, or an option of a multi-select
        int n = 0;
        for (String name : all == null ? List.<String>of() : List.copyOf(all.keySet())) {
            if (!name.startsWith("cf.")) continue;
            String key = name.substring(3);
            String value = first(all, name);
            if (value == null) continue;
            if (!key.matches("^[a-z][a-z0-9_]{0,39}$")) throw Problems.invalid(name, "not a custom field key");
            where.add("(t.custom ->> cast(:cfKey" + n + " as text) = :cfValue" + n
                    + " or t.custom @> jsonb_build_object(cast(:cfKey" + n + " as text), jsonb_build_array(cast(:cfValue" + n + " as text))))");
            params.put("cfKey" + n, key);
            params.put("cfValue" + n, value);
            n++;
        }
        String q = first(all, "q");
        if (q != null) {
            String digits = q.startsWith("#") ? q.substring(1) : q;
            if (digits.matches("\\d{1,18}")) {
                where.add("(t.number = :qNumber or t.subject ilike :q)");
                params.put("qNumber", Long.parseLong(digits));
            } else {
                where.add("t.subject ilike :q");
            }
            params.put("q", "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        // the visibility condition, unless the filters already keep to visible tickets (assigned to the user, or the
        // user's team): its OR would stop PostgreSQL from reading the queue's partial index in order
        boolean implied = !user.role().seesOnlyOwnBook() || Long.valueOf(user.id()).equals(params.get("me"))
                || Long.valueOf(user.id()).equals(params.get("assignee"))
                || (user.teamId() != null && (user.teamId().equals(params.get("team")) || user.teamId().equals(params.get("myTeam"))));
        if (!implied) {
            where.addFirst(TicketVisibility.condition(user, "t"));
            params.put("visUser", user.id());
            if (user.teamId() != null) params.put("visTeam", user.teamId());
        }
        String order = sort == null ? defaultSort : sort.toLowerCase(Locale.ROOT);
        if (!order.equals("queue") && !order.equals("updated")) throw Problems.invalid("sort", "queue or updated");
        if (cursor != null) {
            Cursor c = Cursor.decode(cursor);
            String[] parts = c.value() == null ? new String[0] : c.value().split("\\|");
            try {
                if (order.equals("queue")) {
                    where.add("(t.priority_rank, t.created_at, t.id) > (:cRank, cast(:cAt as timestamptz), :cId)");
                    params.put("cRank", Short.parseShort(parts[0]));
                    params.put("cAt", Instant.parse(parts[1]).toString());
                } else {
                    where.add("(t.updated_at, t.id) < (cast(:cAt as timestamptz), :cId)");
                    params.put("cAt", Instant.parse(parts[0]).toString());
                }
            } catch (RuntimeException e) {
                throw Problems.invalid("cursor", "not a cursor of this list and sort");
            }
            params.put("cId", c.id());
        }
        String orderBy = order.equals("queue") ? "t.priority_rank, t.created_at, t.id" : "t.updated_at desc, t.id desc";
        return new TicketQuery(where.isEmpty() ? "true" : String.join(" and ", where), orderBy, params, limit, order);
    }

    /** The cursor after this ticket. */
    public String cursorAfter(Ticket t) {
        int rank = Ticket.PRIORITIES.size() - 1 - Ticket.PRIORITIES.indexOf(t.priority());
        String value = sort.equals("queue") ? rank + "|" + t.createdAt() : t.updatedAt().toString();
        return new Cursor(value, t.id()).encode();
    }

    private static void inList(MultiValueMap<String, String> all, String name, List<String> allowed, String column,
                               List<String> where, Map<String, Object> params) {
        String raw = first(all, name);
        if (raw == null) return;
        List<String> values = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toUpperCase(Locale.ROOT)).toList();
        for (String v : values) if (!allowed.contains(v)) throw Problems.invalid(name, "'" + v + "' is not one of " + allowed);
        if (values.isEmpty()) return;
        where.add(column + " = any(cast(:" + name + " as text[]))");
        params.put(name, values.toArray(String[]::new));
    }

    private static void idFilter(MultiValueMap<String, String> all, String name, String column, List<String> where,
                                 Map<String, Object> params) {
        String raw = first(all, name);
        if (raw == null) return;
        where.add(column + " = :" + name);
        params.put(name, id(name, raw));
    }

    private static long id(String name, String raw) {
        try {
            long v = Long.parseLong(raw.trim());
            if (v < 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw Problems.invalid(name, "expected a positive whole number id");
        }
    }

    private static String first(MultiValueMap<String, String> all, String name) {
        String v = all == null ? null : all.getFirst(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
