package io.rapport.activities.notifications;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Notifications")
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationApiController {

    private final Notifications notifications;

    NotificationApiController(Notifications notifications) {
        this.notifications = notifications;
    }

    @Operation(summary = "Your notifications (task reminders), newest first", description = "unread=true for unread ones only.")
    @GetMapping
    PageResult<Notification> list(@RequestParam(defaultValue = "false") boolean unread,
                                  @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return notifications.page(CurrentUser.require(), unread, cursor, PageLimit.of(limit));
    }

    @Operation(summary = "Mark one of your notifications read")
    @PostMapping("/{id}/read")
    Notification read(@PathVariable long id) {
        return notifications.markRead(CurrentUser.require(), id);
    }

    @Operation(summary = "Mark all your notifications read")
    @PostMapping("/read-all")
    Map<String, Integer> readAll() {
        return Map.of("marked", notifications.markAllRead(CurrentUser.require()));
    }
}
