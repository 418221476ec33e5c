package io.rapport.customers.contacts;

import io.rapport.customers.listing.Column;
import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Contacts")
@RestController
@RequestMapping("/api/v1/contacts")
class ContactExportApiController {

    private final ContactExports exports;

    ContactExportApiController(ContactExports exports) {
        this.exports = exports;
    }

    @Operation(summary = "Every contact of a list as CSV, streamed",
            description = "Takes the filters and sort of GET /api/v1/contacts (no paging: all rows). UTF-8 with BOM, "
                    + "RFC 4180; cells starting with = + - @ tab or CR get a leading ' (formula injection).")
    @GetMapping("/export.csv")
    void csv(@Parameter(description = "column keys, comma-separated, e.g. name,email,phone,cf.region "
                     + "(default: name,email,account,stage,owner,updatedAt)")
             @RequestParam(required = false) String columns,
             @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all,
             HttpServletResponse response) throws IOException {
        exports.csv(response, CurrentUser.require(), all, Column.parse(exports.columns(), columns, ContactColumns.DEFAULT));
    }

    @Operation(summary = "Every contact of a list as vCard 4.0 (one .vcf with a card per contact), streamed",
            description = "Takes the filters and sort of GET /api/v1/contacts.")
    @GetMapping("/export.vcf")
    void vcards(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all, HttpServletResponse response)
            throws IOException {
        exports.vcards(response, CurrentUser.require(), all);
    }

    @Operation(summary = "One contact as vCard 4.0")
    @GetMapping("/{id}/vcard")
    void vcard(@PathVariable long id, HttpServletResponse response) throws IOException {
        exports.vcard(response, CurrentUser.require(), id);
    }
}
