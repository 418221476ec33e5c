package io.rapport.activities.tasks;

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

@Tag(name = "Tasks")
@RestController
@RequestMapping("/api/v1/tasks")
class TaskApiController {

    private final Tasks tasks;
    private final Idempotency idempotency;

    TaskApiController(Tasks tasks, Idempotency idempotency) {
        this.tasks = tasks;
        this.idempotency = idempotency;
    }

    @Operation(summary = "Tasks you may see, soonest due first",
            description = "Filters: assignee (id or me), status (OPEN by default, DONE, CANCELLED or ANY), contact, account, dueBefore.")
    @GetMapping
    PageResult<Task> list(@RequestParam(required = false) String assignee, @RequestParam(required = false) String status,
                          @RequestParam(required = false) Long contact, @RequestParam(required = false) Long account,
                          @RequestParam(required = false) String dueBefore, @RequestParam(required = false) String cursor,
                          @RequestParam(required = false) Integer limit) {
        return tasks.list(CurrentUser.require(),
                new Tasks.Filter(assignee, status, contact, account, dueBefore(dueBefore), cursor, PageLimit.of(limit)));
    }

    static Instant dueBefore(String param) {
        if (param == null || param.isBlank()) return null;
        try {
            return Instant.parse(param);
        } catch (DateTimeParseException e) {
            throw Problems.invalid("dueBefore", "an ISO-8601 instant such as 2026-11-23T18:00:00Z");
        }
    }

    @GetMapping("/{id}")
    ResponseEntity<Task> get(@PathVariable long id) {
        Task task = tasks.get(CurrentUser.require(), id);
        return ResponseEntity.ok().eTag("\"" + task.version() + "\"").body(task);
    }

    @PostMapping
    ResponseEntity<?> create(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser user = CurrentUser.require();
        return idempotency.once(user, key, "POST /api/v1/tasks", () -> {
            Task created = tasks.create(user, body);
            return ResponseEntity.created(URI.create("/api/v1/tasks/" + created.id())).eTag("\"" + created.version() + "\"").body(created);
        });
    }

    @PatchMapping("/{id}")
    ResponseEntity<Task> update(@PathVariable long id, @RequestBody JsonNode body,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Task updated = tasks.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(updated);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        tasks.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
