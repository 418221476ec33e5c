package io.rapport.platform.tokens;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.tokens.ApiTokens.TokenInfo;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.rapport.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The signed-in user's own API tokens. A new token is rendered into the POST's response only: shown once. */
@Controller
@RequestMapping("/settings/tokens")
class TokenPageController {

    static final List<Integer> LIFETIMES = List.of(30, 90, 365);

    /** A token as listed, with its state at the time of the request. */
    record TokenRow(TokenInfo info, String status) {
        static TokenRow of(TokenInfo t, Instant now) {
            return new TokenRow(t, t.revokedAt() != null ? "revoked" : t.expiresAt().isAfter(now) ? "active" : "expired");
        }
    }

    private final ApiTokens tokens;

    TokenPageController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("name", "");
        model.addAttribute("days", 90);
        model.addAttribute("errors", FormErrors.none());
        return page(model);
    }

    @PostMapping
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String expiresInDays,
                  Model model, HttpServletResponse response) {
        Integer requested = parse(expiresInDays);
        boolean valid = requested != null && LIFETIMES.contains(requested);
        int days = valid ? requested : 90;
        try {
            if (!valid) throw Problems.invalid("expiresInDays", "choose 30, 90 or 365 days");
            var issued = tokens.issue(CurrentUser.require(), name, Duration.ofDays(days));
            model.addAttribute("issued", issued);
            model.addAttribute("name", "");
            model.addAttribute("errors", FormErrors.none());
        } catch (ApiProblem problem) {
            response.setStatus(problem.status().value());
            model.addAttribute("name", name);
            model.addAttribute("errors", FormErrors.of(problem));
        }
        model.addAttribute("days", days);
        model.addAttribute("replaceUrl", "/settings/tokens");
        return page(model);
    }

    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable long id, RedirectAttributes redirect) {
        tokens.revoke(CurrentUser.require(), id);
        redirect.addFlashAttribute("notice", "Token revoked. Scripts using it now get 401 Unauthorized.");
        return "redirect:/settings/tokens";
    }

    private String page(Model model) {
        Instant now = Instant.now();
        model.addAttribute("tokens", tokens.list(CurrentUser.require()).stream().map(t -> TokenRow.of(t, now)).toList());
        model.addAttribute("lifetimes", LIFETIMES);
        model.addAttribute("base", ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
        return "platform/tokens";
    }

    private static Integer parse(String days) {
        try {
            return days == null ? null : Integer.valueOf(days.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
