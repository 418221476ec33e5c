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
    private final JsonMapper json;

    OrderPageController(Orders orders, JsonMapper json) {
        this.orders = orders;
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
        return "commerce/customer-orders :: orders";
    }

    @GetMapping("/accounts/{id}/orders")
    String ofAccount(@PathVariable long id, Model model) {
        model.addAttribute("summary", orders.summary(CurrentUser.require(), null, id, 5));
        model.addAttribute("listLink", "/orders?account=" + id);
        return "commerce/customer-orders :: orders";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
