package io.rapport.analytics.kpis;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.rapport.activities.OutgoingMail;
import java.sql.Date;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * The weekly KPI e-mail (plain text and HTML) to the users who opted in on the dashboard. One db-scheduler recurring
 * task (one node runs it), Monday 07:00 UTC by default ({@code rapport.kpis.weekly-report-cron}); the report covers
 * the last full week (Monday to Sunday) against the week before. Each user's mail is queued in the outbox in the
 * same transaction that marks the week as sent for them, so a rerun or a second node sends nothing twice.
 */
@Component
public class WeeklyKpiReport {

    private final JdbcClient jdbc;
    private final KpiDashboard dashboard;
    private final OutgoingMail mail;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String publicUrl;

    WeeklyKpiReport(JdbcClient jdbc, KpiDashboard dashboard, OutgoingMail mail, TransactionTemplate tx, ObjectProvider<Clock> clock,
                    @Value("${rapport.public-url:http://localhost:${server.port:8080}}") String publicUrl) {
        this.jdbc = jdbc;
        this.dashboard = dashboard;
        this.mail = mail;
        this.tx = tx;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    public boolean subscribed(long userId) {
        return jdbc.sql("select exists (select 1 from kpi_report_subscriptions where user_id = :id)").param("id", userId)
                .query(Boolean.class).single();
    }

    public void subscribe(long userId, boolean on) {
        if (on) {
            jdbc.sql("insert into kpi_report_subscriptions (user_id) values (:id) on conflict do nothing").param("id", userId).update();
        } else {
            jdbc.sql("delete from kpi_report_subscriptions where user_id = :id").param("id", userId).update();
        }
    }

    /** Sends the report of the last full week to everyone due; returns how many mails were queued. */
    public int run() {
        LocalDate thisMonday = LocalDate.now(clock.withZone(ZoneOffset.UTC)).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return send(thisMonday.minusWeeks(1));
    }

    /** The report for the week starting on {@code weekStart} (a Monday) to the subscribers not yet sent it. */
    int send(LocalDate weekStart) {
        record Recipient(long id, String email, String name) {}
        List<Recipient> due = jdbc.sql("""
                        select u.id, u.email, u.name from kpi_report_subscriptions s join users u on u.id = s.user_id
                         where u.active and u.role in ('ADMIN', 'MANAGER', 'READ_ONLY') and (s.last_week is null or s.last_week < :week)
                         order by u.id""")
                .param("week", Date.valueOf(weekStart))
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
        if (due.isEmpty()) return 0;
        KpiDashboard.Result r = dashboard.compute("week", weekStart, weekStart.plusWeeks(1), null, null, null, Grain.DAY);
        String subject = "Rapport KPIs: week of " + weekStart;
        String text = text(r);
        String html = html(r);
        int sent = 0;
        for (Recipient to : due) {
            Boolean queued = tx.execute(status -> {
                int marked = jdbc.sql("""
                                update kpi_report_subscriptions set last_week = :week
                                 where user_id = :id and (last_week is null or last_week < :week)""")
                        .param("week", Date.valueOf(weekStart)).param("id", to.id()).update();
                if (marked == 0) return false;
                mail.enqueue(to.email(), subject, text, html);
                return true;
            });
            if (Boolean.TRUE.equals(queued)) sent++;
        }
        return sent;
    }

    String text(KpiDashboard.Result r) {
        StringBuilder b = new StringBuilder("Key figures for " + r.from() + " to " + r.to() + " (UTC), against the week before.\n\n");
        for (KpiDashboard.Tile t : r.tiles()) {
            b.append(t.label()).append(": ").append(KpiFormat.value(t.value(), t.unit(), r.currency()));
            if (t.change() != null) b.append(" (").append(KpiFormat.change(t)).append(")");
            b.append('\n');
        }
        if (r.tiles().isEmpty()) b.append("No KPIs are available yet.\n");
        b.append("\nDashboard: ").append(publicUrl).append("/analytics\n")
                .append("You receive this because you asked for the weekly KPI report; turn it off on the dashboard.\n");
        return b.toString();
    }

    String html(KpiDashboard.Result r) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        b.append("<h2>Key figures, ").append(r.from()).append(" to ").append(r.to()).append("</h2>")
                .append("<p>Against the week before (UTC days).</p><table cellpadding=\"6\" style=\"border-collapse:collapse\">")
                .append("<tr><th align=\"left\">KPI</th><th align=\"right\">Value</th><th align=\"right\">Change</th></tr>");
        for (KpiDashboard.Tile t : r.tiles()) {
            String color = "better".equals(t.direction()) ? "#047857" : "worse".equals(t.direction()) ? "#b91c1c" : "#374151";
            b.append("<tr><td>").append(esc(t.label())).append("</td><td align=\"right\"><strong>")
                    .append(esc(KpiFormat.value(t.value(), t.unit(), r.currency()))).append("</strong></td><td align=\"right\" style=\"color:")
                    .append(color).append("\">").append(t.change() == null ? "—" : esc(KpiFormat.change(t))).append("</td></tr>");
        }
        b.append("</table><p><a href=\"").append(esc(publicUrl)).append("/analytics\">Open the dashboard</a></p>")
                .append("<p style=\"color:#6b7280;font-size:12px\">You receive this because you asked for the weekly KPI report; turn it off on the dashboard.</p></body></html>");
        return b.toString();
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, "UTF-8");
    }

    @Configuration
    static class Job {
        @Bean
        RecurringTask<Void> weeklyKpiReportJob(WeeklyKpiReport report,
                                               @Value("${rapport.kpis.weekly-report-cron:0 0 7 * * MON}") String cron) {
            return Tasks.recurring("weekly-kpi-report", Schedules.cron(cron, ZoneOffset.UTC)).execute((instance, context) -> report.run());
        }
    }
}
