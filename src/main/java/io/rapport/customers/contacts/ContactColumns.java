package io.rapport.customers.contacts;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.listing.Cell;
import io.rapport.customers.listing.Column;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The columns a contact list can show, including one per custom field. */
final class ContactColumns {

    static final List<String> DEFAULT = List.of("name", "email", "account", "stage", "owner", "updatedAt");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    private ContactColumns() {}

    static List<Column<Contact>> all(List<CustomField> customFields) {
        List<Column<Contact>> columns = new ArrayList<>(List.of(
                new Column<>("name", "Name", "name", c -> Cell.link(c.name(), "/contacts/" + c.id())),
                new Column<>("email", "E-mail", null, c -> Cell.text(c.primaryEmail())),
                new Column<>("phone", "Phone", null, c -> Cell.text(c.phones().isEmpty() ? "" : c.phones().getFirst())),
                new Column<>("jobTitle", "Job title", null, c -> Cell.text(c.jobTitle())),
                new Column<>("account", "Account", null, c -> c.accountId() == null ? Cell.text("")
                        : Cell.link(c.accountName(), "/accounts/" + c.accountId())),
                new Column<>("stage", "Stage", "stage", c -> Cell.badge(c.lifecycleStage().name())),
                new Column<>("owner", "Owner", null, c -> Cell.text(c.ownerName())),
                new Column<>("tags", "Tags", null, c -> Cell.tags(c.tags())),
                new Column<>("source", "Source", null, c -> Cell.text(c.source())),
                new Column<>("country", "Country", null, c -> Cell.text(c.address().country())),
                new Column<>("consent", "E-mail consent", null, c -> Cell.text(c.consent().emailMarketing() ? "Yes" : "No")),
                new Column<>("completeness", "Complete", null, c -> Cell.text(c.getCompleteness() + "%")),
                new Column<>("createdAt", "Created", "createdAt", c -> Cell.text(DATE.format(c.createdAt()))),
                new Column<>("updatedAt", "Updated", "updatedAt", c -> Cell.text(DATE.format(c.updatedAt())))));
        for (CustomField f : customFields) columns.add(Column.customField(f, Contact::customFields));
        return columns;
    }
}
