package io.rapport.service.recovery;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.service.recovery.RecoveryStep.Kind;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The recovery card of a complaint ticket (an htmx fragment for the ticket page) and the open complaints list. */
@Controller
class RecoveryPageController {

    record Complaint(long id, long number, String subject, String status, String assignee, String stepReached,
                     String compensation, Instant createdAt) {}

    private final Recovery recovery;
    private final TicketAccess access;
    private final JdbcClient jdbc;

    RecoveryPageController(Recovery recovery, TicketAccess access, JdbcClient jdbc) {
        this.recovery = recovery;
        this.access = access;
        this.jdbc = jdbc;
    }

    @GetMapping("/tickets/{id}/recovery")
    String card(@PathVariable long id, Model model) {
        CurrentUser user = CurrentUser.require();
        TicketAccess.TicketRef ticket = access.read(user, id);
        return card(user, ticket, null, model);
    }

    @PostMapping("/tickets/{id}/recovery")
    String record(@PathVariable long id, @RequestParam String step, @RequestParam(required = false) String note,
                  @RequestParam(required = false) String correctiveAction, @RequestParam(required = false) String compensationType,
                  @RequestParam(required = false) String compensationValue, @RequestParam(required = false) String currency, Model model) {
        CurrentUser user = CurrentUser.require();
        TicketAccess.TicketRef ticket = access.read(user, id);
        String error = null;
        try {
            boolean compensation = Kind.COMPENSATION.name().equals(step);
            recovery.record(user, id, new Recovery.StepInput(step, note, correctiveAction,
                    compensation ? compensationType : null, compensation ? compensationValue : null, compensation ? currency : null));
        } catch (ApiProblem problem) {
            error = problem.getMessage();
        }
        return card(user, ticket, error, model);
    }

    private String card(CurrentUser user, TicketAccess.TicketRef ticket, String error, Model model) {
        List<RecoveryStep> steps = recovery.stepsOf(ticket.id());
        Kind next = Recovery.next(steps);
        model.addAttribute("ticket", ticket);
        model.addAttribute("steps", steps);
        model.addAttribute("next", next);
        model.addAttribute("canSkipCompensation", next == Kind.COMPENSATION);
        model.addAttribute("canWork", user.role().canWrite() && TicketAccess.isWorker(user));
        model.addAttribute("error", error);
        return "service/recovery-card :: card";
    }

    @GetMapping("/complaints")
    String complaints(Model model) {
        CurrentUser user = CurrentUser.require();
        TicketAccess.requireService(user);
        List<Complaint> rows = jdbc.sql("""
                        select t.id, t.number, t.subject, t.status, u.name, last_step.step,
                               (select string_agg(currency || ' ' || total, ', ' order by currency) from (
                                   select currency, sum(compensation_value) total from ticket_recovery_steps
                                    where ticket_id = t.id and step = 'COMPENSATION' group by currency) c) compensation,
                               t.created_at
                          from tickets t
                          left join users u on u.id = t.assignee_id
                          left join lateral (select step from ticket_recovery_steps s where s.ticket_id = t.id
                                             order by done_at desc, id desc limit 1) last_step on true
                         where t.type = 'COMPLAINT' and t.status not in ('SOLVED','CLOSED') and t.merged_into_id is null
                           and """ + " " + access.visibleCondition(user, "t") + " " + """
                         order by t.created_at limit 500""")
                .params(access.visibleParams(user))
                .query((rs, n) -> new Complaint(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6) == null ? "Not started" : Kind.valueOf(rs.getString(6)).label, rs.getString(7),
                        rs.getTimestamp(8).toInstant()))
                .list();
        model.addAttribute("complaints", rows);
        return "service/complaints";
    }
}
