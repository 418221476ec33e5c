package io.rapport.sales.deals;

import io.rapport.customers.export.Download;
import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.PageForms;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.PageResult;
import io.rapport.sales.pipelines.Pipeline;
import io.rapport.sales.pipelines.Pipelines;
import io.rapport.sales.pipelines.Stage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.node.ObjectNode;

/** Board, list, detail and form pages of deals; writes go through {@link Deals} exactly like the API's. */
@Controller
class DealPageController {

    private final Deals deals;
    private final DealBoard board;
    private final DealNeeds needs;
    private final DealViews views;
    private final Pipelines pipelines;
    private final UserDirectory users;
    private final AuditLog audit;
    private final Download download;

    DealPageController(Deals deals, DealBoard board, DealNeeds needs, DealViews views, Pipelines pipelines,
                       UserDirectory users, AuditLog audit, Download download) {
        this.deals = deals;
        this.board = board;
        this.needs = needs;
        this.views = views;
        this.pipelines = pipelines;
        this.users = users;
        this.audit = audit;
        this.download = download;
    }

    @GetMapping("/deals")
    String home(Model model) {
        return pipelines.defaultPipeline().map(p -> "redirect:/deals/board/" + p.id()).orElseGet(() -> {
            model.addAttribute("pipelines", List.of());
            model.addAttribute("columns", List.of());
            return "sales/board";
        });
    }

    @GetMapping("/deals/board/{pipelineId}")
    String board(@PathVariable long pipelineId, Model model) {
        CurrentUser me = CurrentUser.require();
        Pipeline pipeline = pipelines.get(pipelineId);
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("pipelines", pipelines.all(false));
        model.addAttribute("columns", board.columns(me, pipeline, DealBoard.PAGE));
        model.addAttribute("canWrite", me.role().canWrite());
        return "sales/board";
    }

    @GetMapping("/deals/board/{pipelineId}/stages/{stageId}")
    String moreCards(@PathVariable long pipelineId, @PathVariable long stageId, @RequestParam String after, Model model) {
        CurrentUser me = CurrentUser.require();
        Pipeline pipeline = pipelines.get(pipelineId);
        Stage stage = pipeline.stage(stageId);
        if (stage == null) throw io.rapport.platform.web.Problems.notFound("Stage of pipeline " + pipelineId, stageId);
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("col", board.more(me, pipeline, stage, after, DealBoard.PAGE));
        model.addAttribute("canWrite", me.role().canWrite());
        return "sales/board-card :: more";
    }

    /**
     * A stage move from the board or the detail page. Called by the board's script (Accept: application/json) it
     * answers with the new version or the problem; as a plain form post it redirects back.
     */
    @PostMapping("/deals/{id}/move")
    Object move(@PathVariable long id, @RequestParam(required = false) Long stageId, @RequestParam(required = false) Integer version,
                @RequestParam(required = false) String lostReason, @RequestParam(required = false) String back,
                @RequestHeader(name = "Accept", defaultValue = "") String accept, RedirectAttributes flash) {
        boolean script = accept.contains("application/json");
        try {
            Deal moved = deals.moveStage(CurrentUser.require(), id, stageId, lostReason, version, null);
            if (script) return ResponseEntity.ok(Map.of("id", moved.id(), "version", moved.version(), "stageId", moved.stageId()));
            flash.addFlashAttribute("moved", moved.name() + " moved to " + moved.stageName());
        } catch (ApiProblem problem) {
            if (script) return ResponseEntity.status(problem.status()).body(Map.of("error", problem.getMessage()));
            flash.addFlashAttribute("error", problem.getMessage());
        }
        String target = back != null && back.matches("/deals/(board/)?\\d+") ? back : "/deals/" + id;
        return "redirect:" + target + (target.contains("/board/") ? "#deal-" + id : "");
    }

    @GetMapping("/deals/list")
    String list(@RequestParam MultiValueMap<String, String> params, HttpServletRequest request, Model model) {
        CurrentUser me = CurrentUser.require();
        Map<String, String> p = params.toSingleValueMap();
        List<String> chosen = params.containsKey("cols") ? params.get("cols") : DealColumns.DEFAULT;
        List<Column<Deal>> columns = Column.chosen(DealColumns.ALL, chosen, DealColumns.DEFAULT);
        try {
            DealFilter filter = DealFilter.of(params, p.get("cursor"), 50);
            PageResult<Deal> page = deals.list(me, filter);
            model.addAttribute("rows", page.items().stream().map(d -> columns.stream().map(c -> c.cell().apply(d)).toList()).toList());
            model.addAttribute("nextCursor", page.nextCursor());
            model.addAttribute("total", deals.count(me, filter));
        } catch (ApiProblem problem) {
            model.addAttribute("rows", List.of());
            model.addAttribute("filterError", problem.getMessage());
            model.addAttribute("total", 0L);
        }
        String query = request.getQueryString() == null ? "" : request.getQueryString().replaceAll("(^|&)cursor=[^&]*", "").replaceAll("^&", "");
        model.addAttribute("p", p);
        model.addAttribute("columns", columns);
        model.addAttribute("allColumns", DealColumns.ALL);
        model.addAttribute("chosen", chosen);
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("pipelines", pipelines.all(false));
        model.addAttribute("views", views.visibleTo(me));
        model.addAttribute("query", query);
        model.addAttribute("filtered", params.keySet().stream().anyMatch(k -> DealFilter.PARAMS.contains(k) && !k.equals("sort")
                && !params.getFirst(k).isBlank()));
        return "sales/deals";
    }

    @GetMapping("/deals/export.csv")
    void export(@RequestParam MultiValueMap<String, String> params, HttpServletResponse response) throws IOException {
        CurrentUser me = CurrentUser.require();
        List<String> chosen = params.containsKey("cols") ? params.get("cols") : DealColumns.DEFAULT;
        DealFilter filter = DealFilter.of(params, null, 1);
        deals.count(me, filter);
        download.csv(response, me, "DEAL", "deals", params, Column.chosen(DealColumns.ALL, chosen, DealColumns.DEFAULT),
                deals.rows(me, filter));
    }

    @PostMapping("/deals/views")
    String saveView(@RequestParam String name, @RequestParam(defaultValue = "false") boolean shared,
                    @RequestParam(defaultValue = "") String query) {
        long id = views.save(CurrentUser.require(), name, shared, query);
        return "redirect:/deals/list?" + query + (query.isEmpty() ? "" : "&") + "view=" + id;
    }

    @PostMapping("/deals/views/{id}/delete")
    String deleteView(@PathVariable long id) {
        views.delete(CurrentUser.require(), id);
        return "redirect:/deals/list";
    }

    @GetMapping("/deals/{id}")
    String detail(@PathVariable long id, Model model) {
        CurrentUser me = CurrentUser.require();
        Deal deal = deals.get(me, id);
        model.addAttribute("d", deal);
        model.addAttribute("pipeline", pipelines.get(deal.pipelineId()));
        model.addAttribute("history", deals.history(me, id));
        model.addAttribute("contactNames", deals.contactNames(me, deal));
        // the primary contact's timeline and tasks, or the account's timeline, when the reader may see them
        model.addAttribute("timelineContact", deals.visibleContact(me, deal.primaryContactId()));
        model.addAttribute("timelineAccount", deals.visibleAccount(me, deal.accountId()));
        model.addAttribute("needs", needs.get(me, id));
        model.addAttribute("audit", audit.find(new AuditLog.Filter("DEAL", id, null, null, null, null), null, 10));
        model.addAttribute("canWrite", me.role().canWrite());
        return "sales/deal";
    }

    @PostMapping("/deals/{id}/needs")
    String saveNeeds(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        ObjectNode body = PageForms.object();
        for (String f : List.of("pains", "goals", "authority", "decisionTimeline", "budgetCurrency")) PageForms.text(body, form, f);
        String budget = form.getOrDefault("budget", "").trim();
        if (budget.isEmpty()) body.putNull("budget");
        else body.put("budget", budget);
        try {
            needs.save(CurrentUser.require(), id, body);
            flash.addFlashAttribute("moved", "Needs assessment saved");
        } catch (ApiProblem problem) {
            flash.addFlashAttribute("error", problem.getMessage());
        }
        return "redirect:/deals/" + id + "#needs";
    }

    @GetMapping("/deals/new")
    String newForm(@RequestParam(required = false) Long pipeline, @RequestParam(required = false) Long account,
                   @RequestParam(required = false) Long contact, Model model) {
        Map<String, Object> form = new HashMap<>();
        form.put("currency", "EUR");
        form.put("ownerId", String.valueOf(CurrentUser.require().id()));
        if (pipeline != null) form.put("pipelineId", String.valueOf(pipeline));
        if (account != null) form.put("accountId", String.valueOf(account));
        if (contact != null) form.put("contactIds", String.valueOf(contact));
        return form(model, null, form, Map.of());
    }

    @PostMapping("/deals/new")
    String create(@RequestParam Map<String, String> form, Model model) {
        try {
            Deal d = deals.create(CurrentUser.require(), body(form, true));
            return "redirect:/deals/" + d.id();
        } catch (ApiProblem problem) {
            return form(model, null, new HashMap<>(form), PageForms.errors(problem));
        }
    }

    @GetMapping("/deals/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        Deal d = deals.get(CurrentUser.require(), id);
        Map<String, Object> form = new HashMap<>();
        form.put("name", d.name());
        form.put("amount", d.amount().toPlainString());
        form.put("currency", d.currency());
        form.put("closeDate", d.closeDate() == null ? "" : d.closeDate().toString());
        form.put("ownerId", d.ownerId() == null ? "" : String.valueOf(d.ownerId()));
        form.put("accountId", d.accountId() == null ? "" : String.valueOf(d.accountId()));
        form.put("contactIds", String.join(", ", d.contactIds().stream().map(String::valueOf).toList()));
        form.put("lines", String.join("\n", d.lines().stream().map(l -> l.productId() + " x" + l.quantity() + " @ "
                + l.unitPrice().toPlainString() + (l.discount().signum() == 0 ? "" : " -" + l.discount().toPlainString() + "%")).toList()));
        form.put("version", String.valueOf(d.version()));
        return form(model, d, form, Map.of());
    }

    @PostMapping("/deals/{id}/edit")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        try {
            deals.update(CurrentUser.require(), id, body(form, false), null);
            return "redirect:/deals/" + id;
        } catch (ApiProblem problem) {
            return form(model, deals.get(CurrentUser.require(), id), new HashMap<>(form), PageForms.errors(problem));
        }
    }

    @PostMapping("/deals/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        deals.delete(CurrentUser.require(), id);
        flash.addFlashAttribute("moved", "Deal deleted");
        return "redirect:/deals/list";
    }

    private String form(Model model, Deal deal, Map<String, Object> form, Map<String, String> errors) {
        model.addAttribute("d", deal);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("pipelines", pipelines.all(false));
        model.addAttribute("users", users.activeUsers());
        return "sales/deal-form";
    }

    /** The form as the API's JSON body. Lines are written one per line as "productId x quantity @ price -discount%". */
    private static ObjectNode body(Map<String, String> form, boolean creating) {
        ObjectNode body = PageForms.object();
        PageForms.text(body, form, "name");
        String amount = form.getOrDefault("amount", "").trim();
        if (!amount.isEmpty()) body.put("amount", amount);
        PageForms.text(body, form, "currency");
        PageForms.text(body, form, "closeDate");
        PageForms.id(body, form, "ownerId");
        PageForms.id(body, form, "accountId");
        var contacts = body.putArray("contactIds");
        for (String c : PageForms.split(form.get("contactIds"))) {
            try {
                contacts.add(Long.parseLong(c));
            } catch (NumberFormatException e) {
                contacts.add(c);
            }
        }
        if (creating) {
            PageForms.id(body, form, "pipelineId");
            PageForms.id(body, form, "stageId");
        }
        var lines = body.putArray("lines");
        String raw = form.getOrDefault("lines", "");
        for (String line : raw.split("\\n")) {
            if (line.isBlank()) continue;
            var m = java.util.regex.Pattern.compile("\\s*(\\S+)\\s*(?:x\\s*(\\d+))?\\s*(?:@\\s*([0-9.]+))?\\s*(?:-\\s*([0-9.]+)%)?\\s*")
                    .matcher(line);
            ObjectNode l = lines.addObject();
            if (!m.matches()) {
                l.put("productId", line.trim());
                continue;
            }
            try {
                l.put("productId", Long.parseLong(m.group(1)));
            } catch (NumberFormatException e) {
                l.put("productId", m.group(1));
            }
            if (m.group(2) != null) l.put("quantity", Integer.parseInt(m.group(2)));
            if (m.group(3) != null) l.put("unitPrice", m.group(3));
            if (m.group(4) != null) l.put("discount", m.group(4));
        }
        if (!creating) PageForms.version(body, form);
        return body;
    }
}
