package io.rapport.customers.accounts;

import io.rapport.customers.listing.Column;
import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Accounts")
@RestController
@RequestMapping("/api/v1/accounts")
class AccountExportApiController {

    private final AccountExports exports;

    AccountExportApiController(AccountExports exports) {
        this.exports = exports;
    }

    @Operation(summary = "Every account of a list as CSV, streamed",
            description = "Takes the filters and sort of GET /api/v1/accounts (no paging: all rows). UTF-8 with BOM, "
                    + "RFC 4180; cells starting with = + - @ tab or CR get a leading ' (formula injection).")
    @GetMapping("/export.csv")
    void csv(@Parameter(description = "column keys, comma-separated, e.g. name,domain,completeness,cf.region "
                     + "(default: name,domain,industry,size,tier,contacts,owner,tags)")
             @RequestParam(required = false) String columns,
             @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all,
             HttpServletResponse response) throws IOException {
        exports.csv(response, CurrentUser.require(), all, Column.parse(exports.columns(), columns, AccountColumns.DEFAULT));
    }
}
