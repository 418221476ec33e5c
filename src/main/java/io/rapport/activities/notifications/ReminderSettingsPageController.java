package io.rapport.activities.notifications;

import io.rapport.activities.calendar.CalendarFeed;
import io.rapport.platform.security.CurrentUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "Reminders & calendar": e-mailed reminders on or off, and the secret calendar feed URL. A new feed URL is
 * rendered into the POST's response only (it is stored hashed, so it cannot be shown again).
 */
@Controller
@RequestMapping("/settings/reminders")
class ReminderSettingsPageController {

    private final ReminderPreferences preferences;
    private final CalendarFeed feed;

    ReminderSettingsPageController(ReminderPreferences preferences, CalendarFeed feed) {
        this.preferences = preferences;
        this.feed = feed;
    }

    @GetMapping
    String page(Model model) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("emailReminders", preferences.emailReminders(me.id()));
        model.addAttribute("feedSince", feed.activeSince(me).orElse(null));
        return "activities/reminder-settings";
    }

    @PostMapping("/email")
    String email(@RequestParam(defaultValue = "false") boolean emailReminders, RedirectAttributes redirect) {
        preferences.setEmailReminders(CurrentUser.require(), emailReminders);
        redirect.addFlashAttribute("notice", emailReminders
                ? "Reminders will also be e-mailed to you." : "Reminders will only appear under the bell.");
        return "redirect:/settings/reminders";
    }

    @PostMapping("/feed")
    String regenerate(Model model) {
        String token = feed.regenerate(CurrentUser.require());
        model.addAttribute("feedUrl", ServletUriComponentsBuilder.fromCurrentContextPath().path("/ical/{token}.ics")
                .buildAndExpand(token).toUriString());
        model.addAttribute("replaceUrl", "/settings/reminders");
        return page(model);
    }

    @PostMapping("/feed/off")
    String turnOff(RedirectAttributes redirect) {
        feed.turnOff(CurrentUser.require());
        redirect.addFlashAttribute("notice", "Calendar feed turned off. Calendars subscribed to it stop updating.");
        return "redirect:/settings/reminders";
    }
}
