package io.rapport.customers.imports;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Import pages: upload, preview and mapping, then a live progress bar (htmx polling) and the list of past imports. */
@Controller
class ImportPageController {

    private final ImportJobs jobs;
    private final ErrorReport errors;

    ImportPageController(ImportJobs jobs, ErrorReport errors) {
        this.jobs = jobs;
        this.errors = errors;
    }

    @GetMapping("/imports")
    String list(@RequestParam(required = false) String entity, @RequestParam(required = false) Long before, Model model) {
        List<Import> page = jobs.list(CurrentUser.require(), before, 26);
        model.addAttribute("imports", page.stream().limit(25).toList());
        model.addAttribute("nextBefore", page.size() > 25 ? page.get(24).id() : null);
        model.addAttribute("entities", jobs.entities());
        model.addAttribute("entity", entity == null ? "CONTACT" : entity.toUpperCase(java.util.Locale.ROOT));
        model.addAttribute("maxMegabytes", jobs.maxBytes() / (1024 * 1024));
        return "customers/imports";
    }

    @PostMapping("/imports")
    String upload(@RequestParam(defaultValue = "CONTACT") String entity, @RequestParam(required = false) MultipartFile file,
                  Model model) {
        if (file == null || file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
            model.addAttribute("error", "Choose a CSV file to upload.");
            return list(entity, null, model);
        }
        try (InputStream in = file.getInputStream()) {
            Import imp = jobs.upload(CurrentUser.require(), entity, file.getOriginalFilename(), in);
            return "redirect:/imports/" + imp.id();
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
            return list(entity, null, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/imports/{id}")
    String show(@PathVariable long id, Model model) {
        Import imp = jobs.get(CurrentUser.require(), id);
        model.addAttribute("imp", imp);
        if (imp.status() == Import.Status.UPLOADED) {
            if (!model.containsAttribute("selected")) model.addAttribute("selected", jobs.autoMatch(imp));
            model.addAttribute("fields", jobs.fields(imp.entity()));
            model.addAttribute("policies", jobs.policies(imp.entity()));
            model.addAttribute("options", jobs.options(imp.entity()));
            return "customers/import-mapping";
        }
        return "customers/import";
    }

    @GetMapping("/imports/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        model.addAttribute("imp", jobs.get(CurrentUser.require(), id));
        return "customers/import :: progress";
    }

    @PostMapping("/imports/{id}/start")
    String start(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        Import imp = jobs.get(CurrentUser.require(), id);
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> selected = new java.util.ArrayList<>();
        for (int i = 0; i < imp.headers().size(); i++) {
            String field = form.getOrDefault("col" + i, "ignore");
            columns.put(imp.headers().get(i), field);
            selected.add(field.equals("ignore") ? null : field);
        }
        try {
            Map<String, String> options = new LinkedHashMap<>();
            for (ImportOption o : jobs.options(imp.entity())) {
                options.put(o.key(), o.flag() ? String.valueOf(form.containsKey("opt." + o.key())) : form.get("opt." + o.key()));
            }
            jobs.start(CurrentUser.require(), id, columns, form.get("duplicates"), options);
            return "redirect:/imports/" + id;
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
            model.addAttribute("selected", selected);
            model.addAttribute("duplicates", form.get("duplicates"));
            return show(id, model);
        }
    }

    @PostMapping("/imports/{id}/resume")
    String resume(@PathVariable long id) {
        jobs.resume(CurrentUser.require(), id);
        return "redirect:/imports/" + id;
    }

    @GetMapping("/imports/{id}/errors.csv")
    void errorReport(@PathVariable long id, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        errors.download(jobs.get(CurrentUser.require(), id).id(), response);
    }
}
