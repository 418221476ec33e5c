package io.rapport.service.calendars;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Business calendars")
@RestController
@RequestMapping("/api/v1/business-calendars")
class BusinessCalendarApiController {

    private final BusinessCalendars calendars;

    BusinessCalendarApiController(BusinessCalendars calendars) {
        this.calendars = calendars;
    }

    @Operation(summary = "Business calendars (any signed-in user)")
    @GetMapping
    Map<String, Object> list() {
        CurrentUser.require();
        return Map.of("items", calendars.all());
    }

    @GetMapping("/{id}")
    ResponseEntity<CalendarView> get(@PathVariable long id) {
        CurrentUser.require();
        CalendarView c = calendars.get(id);
        return ResponseEntity.ok().eTag("\"" + c.version() + "\"").body(c);
    }

    @Operation(summary = "Create a business calendar (admin)", description = "Body: name, timeZone (IANA id), hours "
            + "{\"MONDAY\": [[\"09:00\",\"12:30\"],[\"13:30\",\"18:00\"]], …} (\"24:00\" ends a day), holidays "
            + "[{date: \"2026-12-25\", name, recurring: true}] (recurring = every year on that day).")
    @PostMapping
    ResponseEntity<CalendarView> create(@RequestBody JsonNode body) {
        CalendarView c = calendars.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/business-calendars/" + c.id())).eTag("\"" + c.version() + "\"").body(c);
    }

    @Operation(summary = "Change a business calendar (admin)", description = "Fields as for create, each optional; "
            + "the version in the body or as If-Match. Running clocks keep the due times they were given.")
    @PatchMapping("/{id}")
    ResponseEntity<CalendarView> update(@PathVariable long id, @RequestBody JsonNode body,
                                        @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        CalendarView c = calendars.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + c.version() + "\"").body(c);
    }

    @Operation(summary = "Delete a business calendar (admin); 409 while an SLA policy uses it")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        calendars.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
