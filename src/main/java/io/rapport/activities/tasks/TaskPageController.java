package io.rapport.activities.tasks;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.activities.timeline.FormTimes;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** "My tasks" and the tasks card of a contact page (loaded and updated in place by htmx). */
@Controller
class TaskPageController {

    private final Tasks tasks;
    private final UserDirectory users;

    TaskPageController(Tasks tasks, UserDirectory users) {
        this.tasks = tasks;
        this.users = users;
    }

    @GetMapping("/tasks")
    String mine(@RequestParam(defaultValue = "OPEN") String status, @RequestParam(required = false) String cursor, Model model) {
        var page = tasks.list(CurrentUser.require(), new Tasks.Filter("me", status, null, null, null, cursor, 50));
        model.addAttribute("tasks", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("status", status.toUpperCase());
        return "activities/tasks";
    }

    @PostMapping("/tasks/{id}/done")
    String done(@PathVariable long id, @RequestParam int version, @RequestParam(required = false) Long contact, Model model) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", "DONE").put("version", version);
        try {
            tasks.update(CurrentUser.require(), id, body, null);
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
        }
        return contact != null ? card(contact, model) : "redirect:/tasks";
    }

    @GetMapping("/contacts/{id}/tasks")
    String contactTasks(@PathVariable long id, Model model) {
        return card(id, model);
    }

    @PostMapping("/contacts/{id}/tasks")
    String addToContact(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("contactId", id);
        if (!form.getOrDefault("title", "").isBlank()) body.put("title", form.get("title"));
        if (!form.getOrDefault("priority", "").isBlank()) body.put("priority", form.get("priority"));
        if (!form.getOrDefault("assigneeId", "").isBlank()) body.put("assigneeId", Long.parseLong(form.get("assigneeId")));
        if (!form.getOrDefault("activityId", "").isBlank()) body.put("activityId", Long.parseLong(form.get("activityId")));
        FormTimes.put(body, "dueAt", form.get("dueAt"), false);
        FormTimes.put(body, "remindAt", form.get("remindAt"), false);
        try {
            tasks.create(CurrentUser.require(), body);
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
            model.addAttribute("form", form);
        }
        return card(id, model);
    }

    private String card(long contactId, Model model) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("tasks", tasks.list(me, new Tasks.Filter(null, "OPEN", contactId, null, null, null, 20)).items());
        model.addAttribute("contactId", contactId);
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("canWrite", me.role().canWrite());
        if (!model.containsAttribute("form")) model.addAttribute("form", Map.of());
        return "activities/task-card :: card";
    }
}
