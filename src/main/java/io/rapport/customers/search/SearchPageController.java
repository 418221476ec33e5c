package io.rapport.customers.search;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class SearchPageController {

    private final GlobalSearch search;

    SearchPageController(GlobalSearch search) {
        this.search = search;
    }

    /** The drop-down under the top bar's search box, refreshed by htmx as the user types. */
    @GetMapping("/search/suggest")
    String suggest(@RequestParam(defaultValue = "") String q, Model model) {
        model.addAttribute("hits", hits(q, 8));
        model.addAttribute("q", q);
        return "customers/search :: suggestions";
    }

    @GetMapping("/search")
    String page(@RequestParam(defaultValue = "") String q, Model model) {
        model.addAttribute("hits", hits(q, 50));
        model.addAttribute("q", q);
        return "customers/search";
    }

    private List<SearchHit> hits(String q, int limit) {
        try {
            return search.search(CurrentUser.require(), q, limit);
        } catch (ApiProblem tooLong) {
            return List.of();
        }
    }
}
