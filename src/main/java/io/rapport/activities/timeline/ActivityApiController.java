package io.rapport.activities.timeline;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Activities")
@RestController
@RequestMapping("/api/v1/activities")
class ActivityApiController {

    private final Activities activities;
    private final Idempotency idempotency;

    ActivityApiController(Activities activities, Idempotency idempotency) {
        this.activities = activities;
        this.idempotency = idempotency;
    }

    @Operation(summary = "A contact's or an account's timeline, newest first",
            description = "Give contact or account; filter by type (NOTE, CALL, MEETING, EMAIL, TOUCHPOINT) and since.")
    @GetMapping
    PageResult<Activity> list(@RequestParam(required = false) Long contact, @RequestParam(required = false) Long account,
                              @RequestParam(required = false) String type, @RequestParam(required = false) String since,
                              @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return activities.timeline(CurrentUser.require(), contact, account, type, instant(since), cursor, PageLimit.of(limit));
    }

    @GetMapping("/{id}")
    ResponseEntity<Activity> get(@PathVariable long id) {
        Activity activity = activities.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + activity.version() + "\"").body(activity);
    }

    @Operation(summary = "Edit a note, call, meeting or e-mail (author, manager, admin)",
            description = "Only the fields sent change; needs version in the body or If-Match. Touchpoints are read-only.")
    @PatchMapping("/{id}")
    ResponseEntity<Activity> update(@PathVariable long id, @RequestBody JsonNode body,
                                    @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Activity updated = activities.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }

    @Operation(summary = "Log a note, call, meeting or e-mail on a contact (or an account)")
    @PostMapping
    ResponseEntity<?> log(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        return idempotency.once(user, key, "POST /api/v1/activities", () -> {
            Activity logged = activities.log(user, body);
            return ResponseEntity.created(URI.create("/api/v1/activities/" + logged.id())).body(logged);
        });
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        activities.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    private static Instant instant(String raw) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return raw.length() == 10 ? LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw Problems.invalid("since", "'" + raw + "' is not a date (YYYY-MM-DD) or an ISO-8601 instant");
        }
    }
}
