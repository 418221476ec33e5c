package io.rapport.activities.myday;

import io.rapport.activities.tasks.Task;
import io.rapport.activities.tasks.Tasks;
import io.rapport.activities.timeline.Activities;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** A salesperson's day: what is overdue, what is due today, which meetings are coming, what they touched lately. */
@Controller
class MyDayPageController {

    private final Tasks tasks;
    private final Activities activities;
    private final AuditLog audit;

    MyDayPageController(Tasks tasks, Activities activities, AuditLog audit) {
        this.tasks = tasks;
        this.activities = activities;
        this.audit = audit;
    }

    @GetMapping("/my-day")
    String myDay(Model model) {
        CurrentUser me = CurrentUser.require();
        Instant now = Instant.now();
        Instant endOfToday = LocalDate.now().plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
        List<Task> dueByTonight = tasks.list(me, new Tasks.Filter("me", "OPEN", null, null, endOfToday, null, 100)).items();
        model.addAttribute("overdue", dueByTonight.stream().filter(t -> t.dueAt().isBefore(now)).toList());
        model.addAttribute("today", dueByTonight.stream().filter(t -> !t.dueAt().isBefore(now)).toList());
        model.addAttribute("meetings", activities.upcomingMeetings(me, Duration.ofDays(7), 20));
        model.addAttribute("touched", audit.find(new AuditLog.Filter(null, null, me.id(), null, null, null), null, 60).stream()
                .filter(e -> e.entityId() != null && (e.entityType().equals("CONTACT") || e.entityType().equals("ACCOUNT"))
                        && !e.action().equals("DELETE"))
                .map(e -> new Touched(e.entityType(), e.entityId(), e.summary(), e.at()))
                .distinct().limit(10).toList());
        return "activities/my-day";
    }

    /** A record the user changed recently; the same record once. */
    record Touched(String type, long id, String summary, Instant at) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Touched t && t.type.equals(type) && t.id == id;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(id) * 31 + type.hashCode();
        }

        public String url() {
            return (type.equals("CONTACT") ? "/contacts/" : "/accounts/") + id;
        }
    }
}
