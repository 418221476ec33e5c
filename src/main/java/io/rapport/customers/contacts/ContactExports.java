package io.rapport.customers.contacts;

import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.export.Download;
import io.rapport.customers.export.ExportAudit;
import io.rapport.customers.listing.Column;
import io.rapport.customers.listing.RowStream;
import io.rapport.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;

/** Contacts out of Rapport: a list view as CSV or as vCards, one contact as a vCard. Shared by the pages and the API. */
@Service
class ContactExports {

    private final Contacts contacts;
    private final CustomFields customFields;
    private final Download download;

    ContactExports(Contacts contacts, CustomFields customFields, Download download) {
        this.contacts = contacts;
        this.customFields = customFields;
        this.download = download;
    }

    List<Column<Contact>> columns() {
        return ContactColumns.all(customFields.of(EntityKind.CONTACT));
    }

    /** The filter is checked (400 on a bad one) before the response starts; then every matching row is streamed. */
    void csv(HttpServletResponse response, CurrentUser user, MultiValueMap<String, String> filterParams,
             List<Column<Contact>> columns) throws IOException {
        download.csv(response, user, "CONTACT", "contacts", filterParams, columns, contacts.rows(user, ContactFilter.of(filterParams, null, 1)));
    }

    void vcards(HttpServletResponse response, CurrentUser user, MultiValueMap<String, String> filterParams) throws IOException {
        RowStream<Contact> rows = contacts.rows(user, ContactFilter.of(filterParams, null, 1));
        var request = new ExportAudit.Request("CONTACT", "vCard", ExportAudit.filterOf(filterParams), List.of());
        download.send(response, user, request, "contacts", "vcf", Download.VCARD, rows, ContactCard::writeAll);
    }

    void vcard(HttpServletResponse response, CurrentUser user, long id) throws IOException {
        Contact contact = contacts.get(user, id);
        var request = new ExportAudit.Request("CONTACT", "vCard", "id=" + id, List.of());
        download.send(response, user, request, "contact-" + id, "vcf", Download.VCARD, each -> {
            each.accept(contact);
            return 1;
        }, ContactCard::writeAll);
    }
}
