package io.rapport.service.calendars;

import io.rapport.customers.listing.PageForms;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Admin page "Business hours": each calendar's zone, hours per weekday typed as "09:00-12:30, 13:30-18:00" and
 * holidays one per line ("2026-12-25 yearly Christmas"). The same validation as the API reports what is wrong.
 */
@Controller
class BusinessCalendarAdminPageController {

    static final List<String> ZONES = new TreeSet<>(ZoneId.getAvailableZoneIds()).stream()
            .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/")).toList();

    private final BusinessCalendars calendars;

    BusinessCalendarAdminPageController(BusinessCalendars calendars) {
        this.calendars = calendars;
    }

    @GetMapping("/admin/business-hours")
    String page(Model model) {
        model.addAttribute("calendars", calendars.all().stream().map(c -> new CalendarForm(c,
                java.util.Arrays.stream(DayOfWeek.values()).collect(Collectors.toMap(DayOfWeek::name,
                        d -> hoursText(c.hours().get(d.name())))), holidaysText(c.holidays()))).toList());
        model.addAttribute("days", DayOfWeek.values());
        model.addAttribute("zones", ZONES);
        return "service/business-hours";
    }

    @PostMapping("/admin/business-hours")
    String create(@RequestParam Map<String, String> form, RedirectAttributes flash) {
        return run(flash, "Calendar created", () -> calendars.create(CurrentUser.require(), body(form)));
    }

    @PostMapping("/admin/business-hours/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        ObjectNode body = body(form);
        PageForms.version(body, form);
        return run(flash, "Calendar saved", () -> calendars.update(CurrentUser.require(), id, body, null));
    }

    @PostMapping("/admin/business-hours/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        return run(flash, "Calendar deleted", () -> {
            calendars.delete(CurrentUser.require(), id);
            return null;
        });
    }

    /** Text for a day's hours input: "09:00-12:30, 13:30-18:00". */
    static String hoursText(List<List<String>> intervals) {
        return intervals == null ? "" : intervals.stream().map(p -> p.get(0) + "-" + p.get(1)).collect(Collectors.joining(", "));
    }

    static String holidaysText(List<CalendarView.Holiday> holidays) {
        return holidays.stream().map(h -> h.date() + (h.recurring() ? " yearly" : "") + (h.name() == null ? "" : " " + h.name()))
                .collect(Collectors.joining("\n"));
    }

    private static ObjectNode body(Map<String, String> form) {
        ObjectNode body = PageForms.object();
        PageForms.text(body, form, "name");
        PageForms.text(body, form, "timeZone");
        ObjectNode hours = body.putObject("hours");
        for (DayOfWeek d : DayOfWeek.values()) {
            ArrayNode day = hours.putArray(d.name());
            for (String part : PageForms.split(form.get("hours_" + d.name()))) {
                String[] ends = part.split("\\s*[-–]\\s*");
                ArrayNode pair = day.addArray();
                for (String e : ends) pair.add(e.length() == 4 && e.charAt(1) == ':' ? "0" + e : e);
            }
        }
        ArrayNode holidays = body.putArray("holidays");
        for (String line : form.getOrDefault("holidays", "").split("\\R")) {
            String l = line.trim();
            if (l.isEmpty()) continue;
            String[] parts = l.split("\\s+", 2);
            ObjectNode h = holidays.addObject().put("date", parts[0]);
            String rest = parts.length > 1 ? parts[1].trim() : "";
            boolean yearly = rest.toLowerCase().startsWith("yearly");
            if (yearly) rest = rest.substring(6).trim();
            h.put("recurring", yearly);
            if (!rest.isEmpty()) h.put("name", rest);
        }
        return body;
    }

    private static String run(RedirectAttributes flash, String done, Supplier<?> action) {
        try {
            action.get();
            flash.addFlashAttribute("ok", done);
        } catch (ApiProblem problem) {
            flash.addFlashAttribute("error", problem.getMessage());
        }
        return "redirect:/admin/business-hours";
    }
}
