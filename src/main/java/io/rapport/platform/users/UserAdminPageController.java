package io.rapport.platform.users;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.users.UserAdministration.NewUser;
import io.rapport.platform.users.UserAdministration.UserChange;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Users and teams for administrators ({@code /admin/**} is ADMIN-only in the security config). One-time
 * passwords are rendered straight into the POST's response, never put in the session, so they are shown once.
 */
@Controller
@RequestMapping("/admin")
class UserAdminPageController {

    static final int PAGE_SIZE = 50;

    /** What the user typed, as typed; passwords are never echoed back. */
    record UserForm(String email, String name, String role, String teamId, String password, String active, Integer version) {
        static UserForm blank() {
            return new UserForm("", "", Role.SALES.name(), "", "", "true", null);
        }

        static UserForm of(UserAccount u) {
            return new UserForm(u.email(), u.name(), u.role().name(), u.teamId() == null ? "" : u.teamId().toString(), "",
                    String.valueOf(u.active()), u.version());
        }

        UserForm withoutPassword() {
            return new UserForm(email, name, role, teamId, "", active, version);
        }

        Role parsedRole() {
            if (role == null || role.isBlank()) return null;
            try {
                return Role.valueOf(role);
            } catch (IllegalArgumentException e) {
                throw Problems.invalid("role", "not a role");
            }
        }

        Long parsedTeam() {
            if (teamId == null || teamId.isBlank()) return null;
            try {
                return Long.parseLong(teamId);
            } catch (NumberFormatException e) {
                throw Problems.invalid("teamId", "not a team");
            }
        }
    }

    private final UserDirectory directory;
    private final UserAdministration administration;

    UserAdminPageController(UserDirectory directory, UserAdministration administration) {
        this.directory = directory;
        this.administration = administration;
    }

    @GetMapping("/users")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) Long after, Model model) {
        model.addAttribute("form", UserForm.blank());
        model.addAttribute("errors", FormErrors.none());
        return listPage(model, q, after);
    }

    @PostMapping("/users")
    String create(UserForm form, Model model, HttpServletResponse response) {
        try {
            String password = form.password() == null || form.password().isBlank() ? null : form.password();
            var created = administration.create(CurrentUser.require(),
                    new NewUser(form.email(), form.name(), form.parsedRole(), form.parsedTeam(), password));
            model.addAttribute("created", created.user());
            model.addAttribute("temporaryPassword", created.temporaryPassword());
            model.addAttribute("form", UserForm.blank());
            model.addAttribute("errors", FormErrors.none());
        } catch (ApiProblem problem) {
            response.setStatus(problem.status().value());
            model.addAttribute("form", form.withoutPassword());
            model.addAttribute("errors", FormErrors.of(problem));
        }
        model.addAttribute("replaceUrl", "/admin/users");
        return listPage(model, null, null);
    }

    @GetMapping("/teams")
    String teams() {
        return "redirect:/admin/users#teams";
    }

    @PostMapping("/teams")
    String createTeam(@RequestParam(required = false) String name, Model model, HttpServletResponse response,
                      RedirectAttributes redirect) {
        try {
            Team team = administration.createTeam(CurrentUser.require(), name);
            redirect.addFlashAttribute("notice", "Team " + team.name() + " created. Pick it when you create or edit a user.");
            return "redirect:/admin/users#teams";
        } catch (ApiProblem problem) {
            response.setStatus(problem.status().value());
            model.addAttribute("form", UserForm.blank());
            model.addAttribute("errors", FormErrors.none());
            model.addAttribute("teamName", name);
            model.addAttribute("teamErrors", FormErrors.of(problem));
            model.addAttribute("replaceUrl", "/admin/users");
            return listPage(model, null, null);
        }
    }

    @GetMapping("/users/{id}")
    String edit(@PathVariable long id, Model model) {
        UserAccount user = directory.require(id);
        model.addAttribute("form", UserForm.of(user));
        model.addAttribute("errors", FormErrors.none());
        return editPage(model, user);
    }

    @PostMapping("/users/{id}")
    String update(@PathVariable long id, UserForm form, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        UserAccount user = directory.require(id);
        try {
            Long team = form.parsedTeam();
            administration.update(CurrentUser.require(), id, new UserChange(form.email(), form.name(), form.parsedRole(),
                    team == null ? 0L : team, "true".equals(form.active()), form.version()), null);
            redirect.addFlashAttribute("notice", "Changes saved.");
            return "redirect:/admin/users/" + id;
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND) throw problem;
            response.setStatus(problem.status().value());
            Map<String, String> errors = FormErrors.of(problem);
            if (errors.containsKey("version")) {
                model.addAttribute("stale", true);
            }
            model.addAttribute("form", form.withoutPassword());
            model.addAttribute("errors", errors);
            return editPage(model, user);
        }
    }

    @PostMapping("/users/{id}/reset-password")
    String resetPassword(@PathVariable long id, Model model) {
        String password = administration.resetPassword(CurrentUser.require(), id, null);
        UserAccount user = directory.require(id);
        model.addAttribute("form", UserForm.of(user));
        model.addAttribute("errors", FormErrors.none());
        model.addAttribute("temporaryPassword", password);
        model.addAttribute("replaceUrl", "/admin/users/" + id);
        return editPage(model, user);
    }

    @PostMapping("/users/{id}/deactivate")
    String deactivate(@PathVariable long id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            UserAccount user = administration.deactivate(CurrentUser.require(), id);
            redirect.addFlashAttribute("notice", user.name() + " is deactivated and can no longer sign in or use API tokens. "
                    + "Their records and history stay.");
            return "redirect:/admin/users/" + id;
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND) throw problem;
            response.setStatus(problem.status().value());
            UserAccount user = directory.require(id);
            model.addAttribute("form", UserForm.of(user));
            model.addAttribute("errors", Map.of("form", problem.errors().isEmpty() ? problem.getMessage()
                    : problem.errors().getFirst().message()));
            return editPage(model, user);
        }
    }

    private String listPage(Model model, String q, Long after) {
        PageResult<UserAccount> page = directory.page(after, PAGE_SIZE, q);
        model.addAttribute("users", page.items());
        model.addAttribute("next", page.nextCursor());
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("paged", after != null);
        model.addAttribute("teams", directory.teams());
        model.addAttribute("roles", List.of(Role.values()));
        return "platform/users";
    }

    private String editPage(Model model, UserAccount user) {
        model.addAttribute("user", user);
        model.addAttribute("teams", directory.teams());
        model.addAttribute("roles", List.of(Role.values()));
        model.addAttribute("self", user.id() == CurrentUser.require().id());
        return "platform/user-edit";
    }
}
