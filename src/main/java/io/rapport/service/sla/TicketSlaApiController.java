package io.rapport.service.sla;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "SLA")
@RestController
class TicketSlaApiController {

    private final TicketSlaReader reader;

    TicketSlaApiController(TicketSlaReader reader) {
        this.reader = reader;
    }

    @Operation(summary = "A ticket's SLA clocks (remaining/overdue business time, breaching soon) and the escalations that fired",
            description = "Visible as the ticket is: SALES and AGENT users see tickets assigned to them or their team; others all.")
    @GetMapping("/api/v1/tickets/{id}/sla")
    TicketSla get(@PathVariable long id) {
        return reader.read(CurrentUser.require(), id, Instant.now());
    }
}
