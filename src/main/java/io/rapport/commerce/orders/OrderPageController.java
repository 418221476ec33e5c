package io.rapport.commerce.orders;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.PageResult;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** Order pages: the list with filters, an order with its lines, and the orders section of contact and account pages. */
@Controller
class OrderPageController {

    private final Orders orders;
    private final io.rapport.commerce.products.Catalog catalog;
    private final JsonMapper json;

    OrderPageController(Orders orders, io.rapport.commerce.products.Catalog catalog, JsonMapper json) {
        this.orders = orders;
        this.catalog = catalog;
        this.json = json;
    }

    @GetMapping("/orders")
    String list(@RequestParam(required = false) Long contact, @RequestParam(required = false) Long account,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String status, @RequestParam(required = false) String cursor, Model model) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("status", status);
        model.addAttribute("contact", contact);
        model.addAttribute("account", account);
        model.addAttribute("statuses", Order.STATUSES);
        model.addAttribute("filtered", contact != null || account != null || notBlank(from) || notBlank(to) || notBlank(status));
        try {
            PageResult<Order> page = orders.list(me, OrderFilter.of(contact, account, from, to, status), cursor, 50);
            model.addAttribute("orders", page.items());
            model.addAttribute("nextCursor", page.nextCursor());
        } catch (ApiProblem problem) {
            model.addAttribute("filterError", problem.getMessage());
            model.addAttribute("orders", java.util.List.of());
        }
        return "commerce/orders";
    }

    /** Line rows on the new-order form. */
    private static final int FORM_LINES = 6;

    @GetMapping("/orders/new")
    String create(@RequestParam(required = false) Long contact, @RequestParam(required = false) Long account, Model model) {
        java.util.Map<String, String> form = new java.util.HashMap<>();
        if (contact != null) form.put("contactId", String.valueOf(contact));
        if (account != null) form.put("accountId", String.valueOf(account));
        form.put("number", "SO-" + java.time.LocalDate.now() .toString().replace("-", "") + "-"
                + Long.toString(System.currentTimeMillis() % 100_000, 36).toUpperCase(java.util.Locale.ROOT));
        form.put("status", "COMPLETED");
        form.put("channel", "SALES");
        form.put("currency", "EUR");
        return form(model, form, java.util.Map.of());
    }

    @PostMapping("/orders")
    String create(@RequestParam org.springframework.util.MultiValueMap<String, String> params, Model model) {
        java.util.Map<String, String> f = params.toSingleValueMap();
        var body = json.createObjectNode();
        for (String field : java.util.List.of("number", "status", "channel", "currency")) body.put(field, f.getOrDefault(field, ""));
        for (String field : java.util.List.of("contactId", "accountId")) {
            String v = f.getOrDefault(field, "").strip();
            if (v.matches("\\d{1,18}")) body.put(field, Long.parseLong(v));
            else if (!v.isEmpty()) body.put(field, v);
        }
        String at = f.getOrDefault("orderedAt", "").strip();
        if (!at.isEmpty()) body.put("orderedAt", at.length() == 16 ? at + ":00Z" : at);
        var lines = body.putArray("lines");
        java.util.List<String> products = params.getOrDefault("productId", java.util.List.of());
        java.util.List<String> quantities = params.getOrDefault("quantity", java.util.List.of());
        java.util.List<String> prices = params.getOrDefault("unitPrice", java.util.List.of());
        for (int i = 0; i < products.size(); i++) {
            if (products.get(i).isBlank()) continue;
            var line = lines.addObject();
            String product = products.get(i).strip();
            if (product.matches("\\d{1,18}")) line.put("productId", Long.parseLong(product));
            else line.put("productId", product);
            String q = i < quantities.size() ? quantities.get(i).strip() : "";
            if (q.matches("-?\\d{1,9}")) line.put("quantity", Integer.parseInt(q));
            else line.put("quantity", q);
            String p = i < prices.size() ? prices.get(i).strip() : "";
            if (!p.isEmpty()) line.put("unitPrice", p);
        }
        try {
            return "redirect:/orders/" + orders.create(CurrentUser.require(), body).id() + "?created";
        } catch (ApiProblem problem) {
            model.addAttribute("selectedLines", selectedLines(products, quantities, prices));
            return form(model, f, io.rapport.platform.web.FormErrors.of(problem));
        }
    }

    private static java.util.List<String[]> selectedLines(java.util.List<String> products, java.util.List<String> quantities,
                                                          java.util.List<String> prices) {
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < FORM_LINES; i++) {
            rows.add(new String[] {i < products.size() ? products.get(i) : "", i < quantities.size() ? quantities.get(i) : "",
                    i < prices.size() ? prices.get(i) : ""});
        }
        return rows;
    }

    private String form(Model model, java.util.Map<String, String> form, java.util.Map<String, String> errors) {
        io.rapport.platform.security.RecordVisibility.requireWriter(CurrentUser.require());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("statuses", Order.STATUSES);
        model.addAttribute("channels", Order.CHANNELS);
        model.addAttribute("products", catalog.active(500));
        if (!model.containsAttribute("selectedLines")) model.addAttribute("selectedLines", selectedLines(java.util.List.of(), java.util.List.of("1"), java.util.List.of()));
        return "commerce/order-form";
    }

    @GetMapping("/orders/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("o", orders.get(CurrentUser.require(), id));
        model.addAttribute("statuses", Order.STATUSES);
        return "commerce/order";
    }

    @PostMapping("/orders/{id}/status")
    String changeStatus(@PathVariable long id, @RequestParam String status, @RequestParam int version, Model model) {
        var body = json.createObjectNode().put("status", status).put("version", version);
        try {
            orders.changeStatus(CurrentUser.require(), id, body, null);
            return "redirect:/orders/" + id + "?saved";
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
            return show(id, model);
        }
    }

    @GetMapping("/contacts/{id}/orders")
    String ofContact(@PathVariable long id, Model model) {
        model.addAttribute("summary", orders.summary(CurrentUser.require(), id, null, 5));
        model.addAttribute("listLink", "/orders?contact=" + id);
        model.addAttribute("newLink", "/orders/new?contact=" + id);
        return "commerce/customer-orders :: orders";
    }

    @GetMapping("/accounts/{id}/orders")
    String ofAccount(@PathVariable long id, Model model) {
        model.addAttribute("summary", orders.summary(CurrentUser.require(), null, id, 5));
        model.addAttribute("listLink", "/orders?account=" + id);
        model.addAttribute("newLink", "/orders/new?account=" + id);
        return "commerce/customer-orders :: orders";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
