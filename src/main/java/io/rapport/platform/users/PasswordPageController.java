package io.rapport.platform.users;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.rapport.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Changing one's own password. Passwords typed are never rendered back into the page. */
@Controller
@RequestMapping("/settings/password")
class PasswordPageController {

    private final UserAdministration administration;

    PasswordPageController(UserAdministration administration) {
        this.administration = administration;
    }

    @GetMapping
    String form(Model model) {
        model.addAttribute("errors", FormErrors.none());
        model.addAttribute("minLength", UserAdministration.MIN_PASSWORD);
        return "platform/password";
    }

    @PostMapping
    String change(@RequestParam(required = false) String currentPassword, @RequestParam(required = false) String newPassword,
                  @RequestParam(required = false) String repeatPassword, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        try {
            if (newPassword == null || newPassword.isEmpty()) throw Problems.invalid("newPassword", "required");
            if (!newPassword.equals(repeatPassword)) throw Problems.invalid("repeatPassword", "does not match the new password");
            administration.changeOwnPassword(CurrentUser.require(), currentPassword, newPassword);
            redirect.addFlashAttribute("notice", "Your password is changed. Use the new one next time you sign in.");
            return "redirect:/settings/password";
        } catch (ApiProblem problem) {
            response.setStatus(problem.status().value());
            Map<String, String> errors = new LinkedHashMap<>(FormErrors.of(problem));
            // the service names the new password "password"
            String onNew = errors.remove("password");
            if (onNew != null) errors.put("newPassword", onNew);
            model.addAttribute("errors", errors);
            model.addAttribute("minLength", UserAdministration.MIN_PASSWORD);
            return "platform/password";
        }
    }
}
