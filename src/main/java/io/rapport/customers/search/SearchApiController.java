package io.rapport.customers.search;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Search")
@RestController
@RequestMapping("/api/v1/search")
class SearchApiController {

    record SearchResult(List<SearchHit> items, String nextCursor) {}

    private final GlobalSearch search;

    SearchApiController(GlobalSearch search) {
        this.search = search;
    }

    @Operation(summary = "Search contacts and accounts (typo tolerant, prefix full-text)")
    @GetMapping
    SearchResult search(@RequestParam String q, @RequestParam(required = false) Integer limit) {
        int max = limit == null ? 10 : limit;
        if (max < 1 || max > 50) throw Problems.invalid("limit", "must be between 1 and 50");
        return new SearchResult(search.search(CurrentUser.require(), q, max), null);
    }
}
