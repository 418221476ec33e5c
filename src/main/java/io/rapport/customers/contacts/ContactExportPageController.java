package io.rapport.customers.contacts;

import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.ListParams;
import io.rapport.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The contact list page's "Export" links (the page's own query string: filters, sort, columns) and a contact's vCard. */
@Controller
class ContactExportPageController {

    private final ContactExports exports;

    ContactExportPageController(ContactExports exports) {
        this.exports = exports;
    }

    @GetMapping("/contacts/export.csv")
    void csv(@RequestParam MultiValueMap<String, String> params, HttpServletResponse response) throws IOException {
        exports.csv(response, CurrentUser.require(), ListParams.pageForm(params),
                Column.chosen(exports.columns(), params.get("cols"), ContactColumns.DEFAULT));
    }

    @GetMapping("/contacts/export.vcf")
    void vcards(@RequestParam MultiValueMap<String, String> params, HttpServletResponse response) throws IOException {
        exports.vcards(response, CurrentUser.require(), ListParams.pageForm(params));
    }

    @GetMapping("/contacts/{id}.vcf")
    void vcard(@PathVariable long id, HttpServletResponse response) throws IOException {
        exports.vcard(response, CurrentUser.require(), id);
    }
}
