package io.rapport.customers.accounts;

import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.ListParams;
import io.rapport.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The account list page's "Export CSV" link: the page's own query string (filters, sort, columns). */
@Controller
class AccountExportPageController {

    private final AccountExports exports;

    AccountExportPageController(AccountExports exports) {
        this.exports = exports;
    }

    @GetMapping("/accounts/export.csv")
    void csv(@RequestParam MultiValueMap<String, String> params, HttpServletResponse response) throws IOException {
        exports.csv(response, CurrentUser.require(), ListParams.pageForm(params),
                Column.chosen(exports.columns(), params.get("cols"), AccountColumns.DEFAULT));
    }
}
