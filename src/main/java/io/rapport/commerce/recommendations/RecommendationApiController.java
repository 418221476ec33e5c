package io.rapport.commerce.recommendations;

import io.rapport.commerce.Recommendation;
import io.rapport.commerce.Recommendations;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Recommendations")
@RestController
class RecommendationApiController {

    /** What GET /recommendations/rules answers. */
    record RuleList(long ruleCount, String basket, RuleBuilds.Build lastBuild, RuleCatalog.ProductRef product,
                    List<RuleCatalog.Rule> items) {}

    private final Recommendations recommendations;
    private final RuleBuilds builds;
    private final RuleCatalog rules;
    private final RecommendationSettings settings;

    RecommendationApiController(Recommendations recommendations, RuleBuilds builds, RuleCatalog rules,
                                RecommendationSettings settings) {
        this.recommendations = recommendations;
        this.builds = builds;
        this.rules = rules;
        this.settings = settings;
    }

    @Operation(summary = "Products to offer a contact: upsells, then cross-sells by lift × confidence",
            description = "Never a product the contact already bought. limit 1–50 (default 5). 404 for a contact you may not see.")
    @GetMapping("/api/v1/contacts/{id}/recommendations")
    List<Recommendation> forContact(@PathVariable long id, @RequestParam(required = false) Integer limit) {
        return recommendations.forContact(CurrentUser.require(), id, limit == null ? 5 : limit);
    }

    @Operation(summary = "Products to offer an account (what it and its contacts bought counts as owned)")
    @GetMapping("/api/v1/accounts/{id}/recommendations")
    List<Recommendation> forAccount(@PathVariable long id, @RequestParam(required = false) Integer limit) {
        return recommendations.forAccount(CurrentUser.require(), id, limit == null ? 5 : limit);
    }

    @Operation(summary = "The current association rules (administrators, managers, marketing)",
            description = "product= an id or SKU: that product's rules, best first; without it the rules with the highest "
                    + "lift. limit 1–200 (default 50).")
    @GetMapping("/api/v1/recommendations/rules")
    RuleList rules(@RequestParam(required = false) String product, @RequestParam(required = false) Integer limit) {
        RuleCatalog.requireInspector(CurrentUser.require());
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 200) throw Problems.invalid("limit", "must be between 1 and 200");
        RuleCatalog.ProductRef ref = null;
        if (product != null) {
            if (product.isBlank() || product.length() > 64) throw Problems.invalid("product", "must be a product id or SKU");
            ref = rules.product(product.trim()).orElseThrow(() -> Problems.notFound("Product", product.trim()));
        }
        List<RuleCatalog.Rule> items = ref == null ? rules.topByLift(n) : rules.forProduct(ref.id(), n);
        return new RuleList(rules.count(), settings.basket().name(), builds.lastDone().orElse(null), ref, items);
    }

    @Operation(summary = "Rebuild the rules now (administrators)",
            description = "Runs in the background; poll the returned build. A build already queued or running is returned instead.")
    @PostMapping("/api/v1/recommendations/rebuild")
    ResponseEntity<RuleBuilds.Build> rebuild() {
        RuleBuilds.Build build = builds.start(CurrentUser.require());
        return ResponseEntity.accepted().location(URI.create("/api/v1/recommendations/builds/" + build.id())).body(build);
    }

    @GetMapping("/api/v1/recommendations/builds/{id}")
    RuleBuilds.Build build(@PathVariable long id) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return builds.get(id).orElseThrow(() -> Problems.notFound("Recommendation build", id));
    }
}
