package io.rapport.service.surveys;

import io.rapport.platform.security.CurrentUser;
import io.rapport.service.recovery.TicketAccess;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The survey card of a ticket (htmx fragment for the ticket page) and the admin page of survey-on-solve per channel. */
@Controller
class SurveyPageController {

    private final Surveys surveys;
    private final TicketAccess access;
    private final SurveyApiController settings;

    SurveyPageController(Surveys surveys, TicketAccess access, SurveyApiController settings) {
        this.surveys = surveys;
        this.access = access;
        this.settings = settings;
    }

    @GetMapping("/tickets/{id}/survey")
    String card(@PathVariable long id, Model model) {
        access.read(CurrentUser.require(), id);
        model.addAttribute("survey", surveys.ofTicket(id).orElse(null));
        return "service/survey-card :: card";
    }

    @GetMapping("/admin/surveys")
    String page(Model model) {
        model.addAttribute("settings", settings.current());
        return "service/survey-settings";
    }

    @PostMapping("/admin/surveys")
    String save(@RequestParam(required = false) List<String> enabled) {
        Set<String> on = enabled == null ? Set.of() : new HashSet<>(enabled);
        settings.current().keySet().forEach(c -> settings.set(c, on.contains(c)));
        return "redirect:/admin/surveys?saved";
    }
}
