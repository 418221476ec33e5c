package io.rapport.service.sla;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/** A ticket's SLA clocks: JSON for the API, an htmx fragment for the ticket page. */
@Tag(name = "SLA")
@Controller
class TicketSlaController {

    private final TicketSlaReader reader;

    TicketSlaController(TicketSlaReader reader) {
        this.reader = reader;
    }

    @Operation(summary = "A ticket's SLA clocks (remaining/overdue business time) and the escalations that fired")
    @GetMapping("/api/v1/tickets/{id}/sla")
    @ResponseBody
    TicketSla json(@PathVariable long id) {
        return reader.read(CurrentUser.require(), id, Instant.now());
    }

    /** Include on the ticket page with {@code <div hx-get="/tickets/{id}/sla" hx-trigger="load, every 60s"></div>}. */
    @GetMapping("/tickets/{id}/sla")
    String fragment(@PathVariable long id, Model model) {
        model.addAttribute("sla", reader.read(CurrentUser.require(), id, Instant.now()));
        return "service/sla-fragment";
    }
}
