package io.rapport.activities.notifications;

import io.rapport.activities.calendar.CalendarFeed;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** The API side of "Reminders & calendar": every user's own settings, whatever their role. */
@Tag(name = "Notifications")
@RestController
@RequestMapping("/api/v1/me")
class ReminderSettingsApiController {

    record ReminderSettings(boolean emailReminders, Instant calendarFeedSince) {}

    record NewFeed(String url, Instant createdAt) {}

    private final ReminderPreferences preferences;
    private final CalendarFeed feed;

    ReminderSettingsApiController(ReminderPreferences preferences, CalendarFeed feed) {
        this.preferences = preferences;
        this.feed = feed;
    }

    @Operation(summary = "Your reminder settings", description = "Whether reminders are e-mailed too, and since when your calendar feed exists (null: none).")
    @GetMapping("/reminder-settings")
    ReminderSettings settings() {
        CurrentUser me = CurrentUser.require();
        return new ReminderSettings(preferences.emailReminders(me.id()), feed.activeSince(me).orElse(null));
    }

    @Operation(summary = "Turn e-mailed reminders on or off", description = "Body: {\"emailReminders\": true}.")
    @PatchMapping("/reminder-settings")
    ReminderSettings update(@RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, Set.of("emailReminders"));
        Boolean on = fields.bool("emailReminders");
        if (on == null && fields.errors().isEmpty()) fields.error("emailReminders", "required: true or false");
        fields.throwIfInvalid();
        preferences.setEmailReminders(CurrentUser.require(), on);
        return settings();
    }

    @Operation(summary = "Create a new secret calendar feed URL",
            description = "The URL is returned once; only its hash is stored. Any earlier feed URL stops working.")
    @PostMapping("/calendar-feed")
    ResponseEntity<NewFeed> newFeed() {
        CurrentUser me = CurrentUser.require();
        String token = feed.regenerate(me);
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().path("/ical/{token}.ics").buildAndExpand(token).toUriString();
        return ResponseEntity.status(HttpStatus.CREATED).body(new NewFeed(url, feed.activeSince(me).orElse(Instant.now())));
    }

    @Operation(summary = "Turn your calendar feed off", description = "Calendars subscribed to it stop updating; 404 when there is none.")
    @DeleteMapping("/calendar-feed")
    ResponseEntity<Void> turnOff() {
        CurrentUser me = CurrentUser.require();
        if (feed.activeSince(me).isEmpty()) throw Problems.notFound("Calendar feed", "of user " + me.id());
        feed.turnOff(me);
        return ResponseEntity.noContent().build();
    }
}
