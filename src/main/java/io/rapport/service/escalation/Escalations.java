package io.rapport.service.escalation;

import io.rapport.activities.UserNotifications;
import io.rapport.service.TicketEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Carries out escalation rules on a breached ticket and logs what fired; also the "breaching soon" notice. */
@Component
class Escalations {

    private static final List<String> PRIORITY_ORDER = List.of("LOW", "NORMAL", "HIGH", "URGENT");

    private final JdbcClient jdbc;
    private final UserNotifications notifications;
    private final ApplicationEventPublisher events;

    Escalations(JdbcClient jdbc, UserNotifications notifications, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.events = events;
    }

    /** A claimed clock with its ticket as it was when claimed. */
    record Breach(long clockId, long ticketId, String metric, Ticket ticket) {}

    record Ticket(long number, String subject, String priority, Long teamId, Long assigneeId) {}

    /** Whether any active rule applies to this breach (cheap: no database). */
    static boolean anyRule(Breach b, List<EscalationRule> rules) {
        return rules.stream().anyMatch(r -> r.applies(b.metric(), b.ticket().priority()));
    }

    /**
     * The escalation rules of a whole batch of breaches, set-based: the breached tickets are read and locked in one
     * statement, every matching rule is applied in memory in order (several breaches of one ticket chain, as separate
     * sweeps would see them), then one update writes the changed tickets, one insert the log lines and one the manager
     * notifications. Returns the breaches no rule matched (the caller logs them in bulk). Same outcome as
     * {@link #escalate} per breach.
     */
    List<Breach> escalateAll(List<Breach> breaches, List<EscalationRule> rules) {
        List<Breach> unmatched = new ArrayList<>();
        List<Long> ids = breaches.stream().map(Breach::ticketId).distinct().sorted().toList();
        if (ids.isEmpty()) return unmatched;
        Map<Long, State> states = new java.util.LinkedHashMap<>();
        jdbc.sql("select id, priority, team_id, assignee_id, tags from tickets where id = any(:ids) order by id for update")
                .param("ids", ids.toArray(Long[]::new)).query(rs -> {
                    states.put(rs.getLong(1), new State(rs.getString(2), (Long) rs.getObject(3), (Long) rs.getObject(4),
                            new ArrayList<>(List.of((String[]) rs.getArray(5).getArray()))));
                });
        Map<Long, String> teamNames = names("teams", rules.stream().map(EscalationRule::reassignTeamId).toList());
        Map<Long, String> userNames = names("users", rules.stream().map(EscalationRule::reassignUserId).toList());
        Map<Long, List<Long>> managersByTeam = new HashMap<>();
        List<UserNotifications.Note> notes = new ArrayList<>();
        List<Breach> logged = new ArrayList<>();
        List<Long> logRules = new ArrayList<>();
        List<String> logActions = new ArrayList<>();
        java.util.Set<Long> changed = new java.util.LinkedHashSet<>();
        for (Breach b : breaches) {
            State st = states.get(b.ticketId());
            if (st == null) continue;   // deleted since the claim: its clocks went with it
            List<EscalationRule> matching = rules.stream().filter(r -> r.applies(b.metric(), st.priority)).toList();
            if (matching.isEmpty()) {
                unmatched.add(b);
                continue;
            }
            Ticket t = b.ticket();
            for (EscalationRule r : matching) {
                List<String> done = new ArrayList<>();
                if (r.reassignTeamId() != null && !r.reassignTeamId().equals(st.teamId)) {
                    st.teamId = r.reassignTeamId();
                    done.add("reassigned to team " + teamNames.getOrDefault(r.reassignTeamId(), "#" + r.reassignTeamId()));
                    changed.add(b.ticketId());
                }
                if (r.reassignUserId() != null && !r.reassignUserId().equals(st.assigneeId)) {
                    st.assigneeId = r.reassignUserId();
                    done.add("reassigned to " + userNames.getOrDefault(r.reassignUserId(), "#" + r.reassignUserId()));
                    changed.add(b.ticketId());
                }
                if (r.raisePriority()) {
                    int i = PRIORITY_ORDER.indexOf(st.priority);
                    if (i >= 0 && i < PRIORITY_ORDER.size() - 1) {
                        String raised = PRIORITY_ORDER.get(i + 1);
                        done.add("priority " + st.priority + " → " + raised);
                        st.priority = raised;
                        changed.add(b.ticketId());
                    } else {
                        done.add("priority already " + st.priority);
                    }
                }
                if (r.addTag() != null) {
                    if (st.tags.contains(r.addTag())) {
                        done.add("already tagged " + r.addTag());
                    } else {
                        st.tags.add(r.addTag());
                        done.add("tagged " + r.addTag());
                        changed.add(b.ticketId());
                    }
                }
                if (r.notifyManager()) {
                    Long team = st.teamId;
                    List<Long> managers = managersByTeam.computeIfAbsent(team == null ? -1L : team, x -> managers(team));
                    for (long m : managers) {
                        notes.add(new UserNotifications.Note(m, "SLA_BREACH", "SLA breached: " + label(b.metric()) + " on ticket #"
                                + t.number(), t.subject(), "/tickets/" + b.ticketId()));
                    }
                    done.add(managers.isEmpty() ? "no manager to notify" : "notified " + managers.size() + " manager(s)");
                }
                logged.add(b);
                logRules.add(r.id());
                logActions.add(r.name() + ": " + String.join(", ", done));
            }
        }
        if (!changed.isEmpty()) {
            List<State> rows = changed.stream().map(states::get).toList();
            jdbc.sql("""
                            update tickets t set priority = x.priority, team_id = x.team, assignee_id = x.assignee,
                                   tags = array(select jsonb_array_elements_text(x.tags)), updated_at = now(), version = t.version + 1
                              from unnest(:ids::bigint[], :priorities::text[], :teams::bigint[], :assignees::bigint[], :tags::jsonb[])
                                   as x(id, priority, team, assignee, tags)
                             where t.id = x.id""")
                    .param("ids", changed.toArray(Long[]::new))
                    .param("priorities", rows.stream().map(r -> r.priority).toArray(String[]::new))
                    .param("teams", rows.stream().map(r -> r.teamId).toArray(Long[]::new))
                    .param("assignees", rows.stream().map(r -> r.assigneeId).toArray(Long[]::new))
                    .param("tags", rows.stream().map(r -> jsonArray(r.tags)).toArray(String[]::new)).update();
        }
        notifications.notifyEach(notes);
        insertLog(logged, logRules, "BREACH", logActions);
        // one event for the batch: the SLA listener re-matches policies in two queries, automation runs per ticket
        if (!changed.isEmpty()) events.publishEvent(new TicketEvents.TicketsUpdated(List.copyOf(changed), null));
        return unmatched;
    }

    /** A ticket as the batch's rules leave it. */
    private static final class State {
        String priority;
        Long teamId, assigneeId;
        final List<String> tags;

        State(String priority, Long teamId, Long assigneeId, List<String> tags) {
            this.priority = priority;
            this.teamId = teamId;
            this.assigneeId = assigneeId;
            this.tags = tags;
        }
    }

    private static String jsonArray(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            if (out.length() > 1) out.append(',');
            out.append('"');
            for (char c : v.toCharArray()) {
                if (c == '"' || c == '\\') out.append('\\').append(c);
                else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                else out.append(c);
            }
            out.append('"');
        }
        return out.append(']').toString();
    }

    private Map<Long, String> names(String table, List<Long> ids) {
        List<Long> wanted = ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
        Map<Long, String> names = new HashMap<>();
        if (wanted.isEmpty()) return names;
        jdbc.sql("select id, name from " + table + " where id = any(:ids)").param("ids", wanted.toArray(Long[]::new))
                .query(rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                });
        return names;
    }

    private void insertLog(List<Breach> breaches, List<Long> ruleIds, String event, List<String> actions) {
        if (breaches.isEmpty()) return;
        jdbc.sql("""
                        insert into sla_escalation_log (ticket_id, clock_id, rule_id, metric, event, actions)
                        select t, c, r, m, :event, left(a, 2000)
                        from unnest(:tickets::bigint[], :clocks::bigint[], :rules::bigint[], :metrics::text[], :actions::text[])
                             as x(t, c, r, m, a)""")
                .param("event", event)
                .param("tickets", breaches.stream().map(Breach::ticketId).toArray(Long[]::new))
                .param("clocks", breaches.stream().map(Breach::clockId).toArray(Long[]::new))
                .param("rules", ruleIds.toArray(Long[]::new))
                .param("metrics", breaches.stream().map(Breach::metric).toArray(String[]::new))
                .param("actions", actions.toArray(String[]::new)).update();
    }

    /** Runs every matching rule in order; returns whether any fired. */
    boolean escalate(Breach b, List<EscalationRule> rules) {
        Ticket t = b.ticket();
        List<EscalationRule> matching = rules.stream().filter(r -> r.applies(b.metric(), t.priority())).toList();
        if (matching.isEmpty()) return false;
        boolean changed = false;
        for (EscalationRule r : matching) {
            Ticket now = r == matching.getFirst() ? t : ticket(b.ticketId());
            List<String> done = new ArrayList<>();
            if (r.reassignTeamId() != null && !r.reassignTeamId().equals(now.teamId())) {
                jdbc.sql("update tickets set team_id = :team, updated_at = now(), version = version + 1 where id = :id")
                        .param("team", r.reassignTeamId()).param("id", b.ticketId()).update();
                done.add("reassigned to team " + name("teams", r.reassignTeamId()));
                changed = true;
            }
            if (r.reassignUserId() != null && !r.reassignUserId().equals(now.assigneeId())) {
                jdbc.sql("update tickets set assignee_id = :user, updated_at = now(), version = version + 1 where id = :id")
                        .param("user", r.reassignUserId()).param("id", b.ticketId()).update();
                done.add("reassigned to " + name("users", r.reassignUserId()));
                changed = true;
            }
            if (r.raisePriority()) {
                int i = PRIORITY_ORDER.indexOf(now.priority());
                if (i >= 0 && i < PRIORITY_ORDER.size() - 1) {
                    String raised = PRIORITY_ORDER.get(i + 1);
                    jdbc.sql("update tickets set priority = :p, updated_at = now(), version = version + 1 where id = :id")
                            .param("p", raised).param("id", b.ticketId()).update();
                    done.add("priority " + now.priority() + " → " + raised);
                    changed = true;
                } else {
                    done.add("priority already " + now.priority());
                }
            }
            if (r.addTag() != null) {
                int n = jdbc.sql("update tickets set tags = array_append(tags, :tag), updated_at = now(), version = version + 1 where id = :id and not (:tag = any(tags))")
                        .param("tag", r.addTag()).param("id", b.ticketId()).update();
                done.add(n > 0 ? "tagged " + r.addTag() : "already tagged " + r.addTag());
                changed |= n > 0;
            }
            if (r.notifyManager()) {
                List<Long> managers = managers(ticket(b.ticketId()).teamId());
                for (long m : managers) {
                    notifications.notify(m, "SLA_BREACH", "SLA breached: " + label(b.metric()) + " on ticket #" + t.number(),
                            t.subject(), "/tickets/" + b.ticketId());
                }
                done.add(managers.isEmpty() ? "no manager to notify" : "notified " + managers.size() + " manager(s)");
            }
            log(b, r.id(), "BREACH", r.name() + ": " + String.join(", ", done));
        }
        if (changed) events.publishEvent(new TicketEvents.TicketUpdated(b.ticketId(), null));
        return true;
    }

    /** "Breaching soon": the assignee (else the team's managers, else the admins) hears once per clock; in bulk. */
    void warn(List<Breach> batch) {
        if (batch.isEmpty()) return;
        Map<Long, List<Long>> managersByTeam = new HashMap<>();
        List<UserNotifications.Note> notes = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (Breach b : batch) {
            Ticket t = b.ticket();
            List<Long> to = t.assigneeId() != null ? List.of(t.assigneeId())
                    : managersByTeam.computeIfAbsent(t.teamId() == null ? -1L : t.teamId(), team -> managers(t.teamId()));
            for (long u : to) {
                notes.add(new UserNotifications.Note(u, "SLA_WARNING", label(b.metric()) + " due soon on ticket #" + t.number(),
                        t.subject(), "/tickets/" + b.ticketId()));
            }
            actions.add("breaching soon; notified " + (to.isEmpty() ? "nobody (no assignee or manager)" : to.size() + " user(s)"));
        }
        notifications.notifyEach(notes);
        logAll(batch, "WARNING", actions);
    }

    /** Logs breaches no rule acted on, in one statement (the common case in a big sweep). */
    void logUnescalated(List<Breach> breaches) {
        logAll(breaches, "BREACH", breaches.stream().map(b -> "breached; no escalation rule matched").toList());
    }

    private void logAll(List<Breach> breaches, String event, List<String> actions) {
        if (breaches.isEmpty()) return;
        jdbc.sql("""
                        insert into sla_escalation_log (ticket_id, clock_id, metric, event, actions)
                        select t, c, m, :event, a
                        from unnest(:tickets::bigint[], :clocks::bigint[], :metrics::text[], :actions::text[]) as x(t, c, m, a)""")
                .param("event", event)
                .param("tickets", breaches.stream().map(Breach::ticketId).toArray(Long[]::new))
                .param("clocks", breaches.stream().map(Breach::clockId).toArray(Long[]::new))
                .param("metrics", breaches.stream().map(Breach::metric).toArray(String[]::new))
                .param("actions", actions.toArray(String[]::new)).update();
    }

    void logFailure(Breach b, String message) {
        log(b, null, "BREACH", "escalation failed: " + (message == null ? "unknown error" : message));
    }

    private void log(Breach b, Long ruleId, String event, String actions) {
        jdbc.sql("""
                        insert into sla_escalation_log (ticket_id, clock_id, rule_id, metric, event, actions)
                        values (:ticket, :clock, :rule, :metric, :event, left(:actions, 2000))""")
                .param("ticket", b.ticketId()).param("clock", b.clockId()).param("rule", ruleId).param("metric", b.metric())
                .param("event", event).param("actions", actions).update();
    }

    /** Active managers of the ticket's team; without a team (or none there), the active admins. */
    private List<Long> managers(Long teamId) {
        List<Long> m = teamId == null ? List.of() : jdbc.sql("""
                        select id from users where team_id = :team and role = 'MANAGER' and active order by id limit 20""")
                .param("team", teamId).query(Long.class).list();
        return !m.isEmpty() ? m : jdbc.sql("select id from users where role = 'ADMIN' and active order by id limit 5")
                .query(Long.class).list();
    }

    Ticket ticket(long id) {
        return jdbc.sql("select number, subject, priority, team_id, assignee_id from tickets where id = :id").param("id", id)
                .query((rs, n) -> new Ticket(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4),
                        (Long) rs.getObject(5))).optional().orElse(null);
    }

    private String name(String table, long id) {
        return jdbc.sql("select name from " + table + " where id = :id").param("id", id).query(String.class).optional()
                .orElse("#" + id);
    }

    static String label(String metric) {
        return switch (metric) {
            case "FIRST_RESPONSE" -> "First response";
            case "NEXT_RESPONSE" -> "Next response";
            default -> "Resolution";
        };
    }
}
