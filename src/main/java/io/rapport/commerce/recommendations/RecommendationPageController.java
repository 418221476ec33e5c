package io.rapport.commerce.recommendations;

import io.rapport.commerce.Recommendations;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The "Recommended next" card of contact and account pages (loaded by htmx) and the admin page of the rules. */
@Controller
class RecommendationPageController {

    static final int CARD_SIZE = 5;

    private final Recommendations recommendations;
    private final RuleBuilds builds;
    private final RuleCatalog rules;
    private final RecommendationSettings settings;

    RecommendationPageController(Recommendations recommendations, RuleBuilds builds, RuleCatalog rules,
                                 RecommendationSettings settings) {
        this.recommendations = recommendations;
        this.builds = builds;
        this.rules = rules;
        this.settings = settings;
    }

    @GetMapping("/contacts/{id}/recommendations")
    String contactCard(@PathVariable long id, Model model) {
        model.addAttribute("items", recommendations.forContact(CurrentUser.require(), id, CARD_SIZE));
        return card(model);
    }

    @GetMapping("/accounts/{id}/recommendations")
    String accountCard(@PathVariable long id, Model model) {
        model.addAttribute("items", recommendations.forAccount(CurrentUser.require(), id, CARD_SIZE));
        return card(model);
    }

    private String card(Model model) {
        model.addAttribute("built", builds.lastDone().isPresent());
        return "commerce/recommendation-fragments :: card";
    }

    @GetMapping("/admin/recommendations")
    String admin(Model model) {
        model.addAttribute("build", builds.latest().orElse(null));
        model.addAttribute("lastDone", builds.lastDone().orElse(null));
        model.addAttribute("ruleCount", rules.count());
        model.addAttribute("topRules", rules.topByLift(25));
        model.addAttribute("basket", settings.basket());
        model.addAttribute("thresholds", settings.thresholds());
        return "commerce/recommendations";
    }

    @PostMapping("/admin/recommendations/rebuild")
    String rebuild() {
        builds.start(CurrentUser.require());
        return "redirect:/admin/recommendations";
    }

    /** The progress card; polled by htmx while the build runs, and reloads the page when it is done. */
    @GetMapping("/admin/recommendations/builds/{id}")
    String progress(@PathVariable long id, Model model) {
        model.addAttribute("build", builds.get(id).orElseThrow(() -> Problems.notFound("Recommendation build", id)));
        model.addAttribute("polled", true);
        return "commerce/recommendation-fragments :: progress";
    }
}
