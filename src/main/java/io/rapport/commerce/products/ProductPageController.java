package io.rapport.commerce.products;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.FormErrors;
import io.rapport.platform.web.PageResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The catalogue pages: a searchable list, and a product page that is its own form for administrators and managers. */
@Controller
class ProductPageController {

    /** Price rows on the form: the product's prices plus this many empty ones. */
    private static final int SPARE_PRICE_ROWS = 2;

    private final Products products;
    private final Catalog catalog;
    private final JsonMapper json;

    ProductPageController(Products products, Catalog catalog, JsonMapper json) {
        this.products = products;
        this.catalog = catalog;
        this.json = json;
    }

    @GetMapping("/products")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String family,
                @RequestParam(required = false) String cursor, Model model) {
        CurrentUser.require();
        PageResult<Product> page = products.list(q, family, null, cursor, 50);
        model.addAttribute("products", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("q", q);
        model.addAttribute("family", family);
        model.addAttribute("families", products.families());
        model.addAttribute("canEdit", canEdit());
        return "commerce/products";
    }

    @GetMapping("/products/new")
    String create(Model model) {
        Products.requireCatalogueWriter(CurrentUser.require());
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("active", true);
        return form(model, null, form, priceRows(Map.of()), Map.of());
    }

    @GetMapping("/products/{id}")
    String show(@PathVariable long id, Model model) {
        CurrentUser.require();
        Product p = products.get(id);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("sku", p.sku());
        form.put("name", p.name());
        form.put("family", p.family());
        form.put("tier", p.tier());
        form.put("description", p.description());
        form.put("active", p.active());
        form.put("version", p.version());
        model.addAttribute("upgrades", catalog.upgradesOf(id));
        return form(model, p, form, priceRows(p.prices()), Map.of());
    }

    @PostMapping("/products")
    String create(@RequestParam MultiValueMap<String, String> params, Model model) {
        try {
            return "redirect:/products/" + products.create(CurrentUser.require(), toJson(params)).id() + "?created";
        } catch (ApiProblem problem) {
            return invalid(model, null, params, problem);
        }
    }

    @PostMapping("/products/{id}")
    String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model) {
        try {
            products.update(CurrentUser.require(), id, toJson(params), null);
            return "redirect:/products/" + id + "?saved";
        } catch (ApiProblem problem) {
            return invalid(model, products.get(id), params, problem);
        }
    }

    @PostMapping("/products/{id}/delete")
    String delete(@PathVariable long id, Model model) {
        try {
            products.delete(CurrentUser.require(), id);
            return "redirect:/products?deleted";
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
            return show(id, model);
        }
    }

    private String invalid(Model model, Product existing, MultiValueMap<String, String> params, ApiProblem problem) {
        Map<String, Object> form = new LinkedHashMap<>(params.toSingleValueMap());
        form.put("active", params.containsKey("active"));
        List<String[]> prices = new ArrayList<>();
        List<String> currencies = params.getOrDefault("currency", List.of());
        List<String> amounts = params.getOrDefault("price", List.of());
        for (int i = 0; i < currencies.size(); i++) prices.add(new String[] {currencies.get(i), i < amounts.size() ? amounts.get(i) : ""});
        if (existing != null) model.addAttribute("upgrades", catalog.upgradesOf(existing.id()));
        return form(model, existing, form, prices, FormErrors.of(problem));
    }

    private String form(Model model, Product existing, Map<String, Object> form, List<String[]> prices, Map<String, String> errors) {
        model.addAttribute("p", existing);
        model.addAttribute("form", form);
        model.addAttribute("prices", prices);
        model.addAttribute("errors", errors);
        model.addAttribute("canEdit", canEdit());
        if (!model.containsAttribute("upgrades")) model.addAttribute("upgrades", List.of());
        return "commerce/product";
    }

    private static List<String[]> priceRows(Map<String, BigDecimal> prices) {
        List<String[]> rows = new ArrayList<>();
        prices.forEach((c, v) -> rows.add(new String[] {c, v.toPlainString()}));
        for (int i = 0; i < SPARE_PRICE_ROWS; i++) rows.add(new String[] {"", ""});
        return rows;
    }

    private static boolean canEdit() {
        CurrentUser me = CurrentUser.require();
        return me.isAdmin() || me.role() == Role.MANAGER;
    }

    /** The form as the API's JSON: blank price rows are left out, so a price is removed by clearing its row. */
    private ObjectNode toJson(MultiValueMap<String, String> params) {
        Map<String, String> f = params.toSingleValueMap();
        ObjectNode body = json.createObjectNode();
        for (String field : List.of("sku", "name", "family", "description")) body.put(field, f.getOrDefault(field, ""));
        String tier = f.getOrDefault("tier", "").strip();
        if (tier.isEmpty()) body.putNull("tier");
        else if (tier.matches("-?\\d{1,9}")) body.put("tier", Integer.parseInt(tier));
        else body.put("tier", tier);
        body.put("active", params.containsKey("active"));
        ObjectNode prices = body.putObject("prices");
        List<String> currencies = params.getOrDefault("currency", List.of());
        List<String> amounts = params.getOrDefault("price", List.of());
        for (int i = 0; i < currencies.size(); i++) {
            String c = currencies.get(i).strip();
            String a = i < amounts.size() ? amounts.get(i).strip() : "";
            if (c.isEmpty() && a.isEmpty()) continue;
            prices.put(c.isEmpty() ? "(currency)" : c, a);
        }
        String version = f.get("version");
        if (version != null && version.matches("\\d{1,9}")) body.put("version", Integer.parseInt(version));
        return body;
    }
}
