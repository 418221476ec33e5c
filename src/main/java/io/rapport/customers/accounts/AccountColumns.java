package io.rapport.customers.accounts;

import io.rapport.customers.customfields.CustomField;
import io.rapport.customers.listing.Cell;
import io.rapport.customers.listing.Column;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The columns an account list can show, including one per custom field. */
final class AccountColumns {

    static final List<String> DEFAULT = List.of("name", "domain", "industry", "size", "tier", "contacts", "owner", "tags");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    private AccountColumns() {}

    static List<Column<Account>> all(List<CustomField> customFields) {
        List<Column<Account>> columns = new ArrayList<>(List.of(
                new Column<>("name", "Name", "name", a -> Cell.link(a.name(), "/accounts/" + a.id())),
                new Column<>("domain", "Domain", null, a -> Cell.text(a.domain())),
                new Column<>("industry", "Industry", null, a -> Cell.text(a.industry())),
                new Column<>("size", "Size", null, a -> Cell.text(a.size())),
                new Column<>("tier", "Tier", null, a -> a.tier() == null ? Cell.text("") : Cell.badge(a.tier())),
                new Column<>("contacts", "Contacts", null, a -> Cell.text(a.contactCount())),
                new Column<>("owner", "Owner", null, a -> Cell.text(a.ownerName())),
                new Column<>("parent", "Parent", null, a -> a.parentId() == null ? Cell.text("")
                        : Cell.link(a.parentName(), "/accounts/" + a.parentId())),
                new Column<>("tags", "Tags", null, a -> Cell.tags(a.tags())),
                new Column<>("completeness", "Complete", null, a -> Cell.text(a.getCompleteness() + "%")),
                new Column<>("createdAt", "Created", "createdAt", a -> Cell.text(DATE.format(a.createdAt()))),
                new Column<>("updatedAt", "Updated", "updatedAt", a -> Cell.text(DATE.format(a.updatedAt())))));
        for (CustomField f : customFields) columns.add(Column.customField(f, Account::customFields));
        return columns;
    }
}
