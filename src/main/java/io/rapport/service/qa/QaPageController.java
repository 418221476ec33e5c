package io.rapport.service.qa;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.service.recovery.TicketAccess;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The QA card of a ticket (htmx fragment), "My reviews" and the admin's criteria list. */
@Controller
class QaPageController {

    private final QaReviews reviews;
    private final TicketAccess access;

    QaPageController(QaReviews reviews, TicketAccess access) {
        this.reviews = reviews;
        this.access = access;
    }

    @GetMapping("/tickets/{id}/qa")
    String card(@PathVariable long id, Model model) {
        return card(CurrentUser.require(), id, null, model);
    }

    @PostMapping("/tickets/{id}/qa")
    String review(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        CurrentUser user = CurrentUser.require();
        String error = null;
        try {
            List<QaReviews.ScoreInput> scores = new ArrayList<>();
            for (QaReviews.Criterion c : reviews.criteria(true)) {
                String v = form.get("score_" + c.id());
                Integer score = v == null || v.isBlank() ? null : Integer.valueOf(v);
                scores.add(new QaReviews.ScoreInput(c.id(), score, form.get("comment_" + c.id())));
            }
            reviews.create(user, id, scores, form.get("comment"));
        } catch (ApiProblem p) {
            error = p.getMessage();
        } catch (NumberFormatException e) {
            error = "Scores are 1 to 5";
        }
        return card(user, id, error, model);
    }

    private String card(CurrentUser user, long id, String error, Model model) {
        TicketAccess.TicketRef ticket = access.read(user, id);
        model.addAttribute("ticket", ticket);
        model.addAttribute("reviews", reviews.ofTicket(user, id));
        model.addAttribute("criteria", reviews.criteria(true));
        model.addAttribute("canReview", TicketAccess.isReviewer(user)
                && ("SOLVED".equals(ticket.status()) || "CLOSED".equals(ticket.status())));
        model.addAttribute("error", error);
        return "service/qa-card :: card";
    }

    @GetMapping("/my-reviews")
    String mine(Model model) {
        CurrentUser user = CurrentUser.require();
        TicketAccess.requireService(user);
        model.addAttribute("reviews", reviews.ofAgent(user.id()));
        return "service/my-reviews";
    }

    @GetMapping("/admin/qa-criteria")
    String criteria(Model model) {
        model.addAttribute("criteria", reviews.criteria(false));
        return "service/qa-criteria";
    }

    @PostMapping("/admin/qa-criteria")
    String save(@RequestParam(required = false) Long id, @RequestParam(required = false) String name,
                @RequestParam(required = false) String weight, @RequestParam(required = false) Boolean active, Model model) {
        try {
            reviews.saveCriterion(id, name, weight == null || weight.isBlank() ? null : new BigDecimal(weight), null,
                    id == null ? Boolean.TRUE : Boolean.TRUE.equals(active));
            return "redirect:/admin/qa-criteria";
        } catch (ApiProblem p) {
            model.addAttribute("error", p.getMessage());
        } catch (NumberFormatException e) {
            model.addAttribute("error", "weight: must be a number");
        }
        model.addAttribute("criteria", reviews.criteria(false));
        return "service/qa-criteria";
    }
}
