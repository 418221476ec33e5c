package io.rapport.service.sla;

import io.rapport.platform.security.CurrentUser;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A ticket's SLA clocks as an htmx fragment for the ticket page. */
@Controller
class TicketSlaController {

    private final TicketSlaReader reader;

    TicketSlaController(TicketSlaReader reader) {
        this.reader = reader;
    }

    /** Include on the ticket page with {@code <div hx-get="/tickets/{id}/sla" hx-trigger="load, every 60s"></div>}. */
    @GetMapping("/tickets/{id}/sla")
    String fragment(@PathVariable long id, Model model) {
        model.addAttribute("sla", reader.read(CurrentUser.require(), id, Instant.now()));
        return "service/sla-fragment";
    }
}
