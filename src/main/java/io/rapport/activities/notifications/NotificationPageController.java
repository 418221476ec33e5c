package io.rapport.activities.notifications;

import io.rapport.platform.security.CurrentUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The bell in the top bar (loaded by htmx after the page, so pages pay nothing for it) and the notifications page.
 * Opening a notification marks it read and goes where it points.
 */
@Controller
@RequestMapping("/notifications")
class NotificationPageController {

    static final int BELL_SIZE = 8;

    private final Notifications notifications;

    NotificationPageController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/bell")
    String bell(Model model) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("unread", notifications.unreadCount(me));
        model.addAttribute("latest", notifications.page(me, false, null, BELL_SIZE).items());
        return "activities/notifications :: bell";
    }

    @GetMapping
    String page(@RequestParam(required = false) String cursor, @RequestParam(defaultValue = "false") boolean unread, Model model) {
        CurrentUser me = CurrentUser.require();
        var page = notifications.page(me, unread, cursor, 50);
        model.addAttribute("items", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("unreadOnly", unread);
        model.addAttribute("unread", notifications.unreadCount(me));
        return "activities/notifications";
    }

    /** Marks read and follows the link; links are written by Rapport and always local. */
    @PostMapping("/{id}/open")
    String open(@PathVariable long id) {
        Notification n = notifications.markRead(CurrentUser.require(), id);
        return "redirect:" + (n.link() != null && n.link().startsWith("/") && !n.link().startsWith("//") ? n.link() : "/notifications");
    }

    @PostMapping("/{id}/read")
    String read(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        notifications.markRead(CurrentUser.require(), id);
        return htmx != null ? openBell(model) : "redirect:/notifications";
    }

    @PostMapping("/read-all")
    String readAll(@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        notifications.markAllRead(CurrentUser.require());
        return htmx != null ? openBell(model) : "redirect:/notifications";
    }

    /** The bell after an action taken inside it stays open. */
    private String openBell(Model model) {
        model.addAttribute("open", true);
        return bell(model);
    }
}
