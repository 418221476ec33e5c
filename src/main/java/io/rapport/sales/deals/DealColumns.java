package io.rapport.sales.deals;

import io.rapport.customers.listing.Cell;
import io.rapport.customers.listing.Column;
import java.util.List;

/** Columns of the deal list page and its CSV export. */
public final class DealColumns {

    public static final List<Column<Deal>> ALL = List.of(
            new Column<>("name", "Deal", "name", d -> Cell.link(d.name(), "/deals/" + d.id())),
            new Column<>("account", "Account", null, d -> d.accountId() == null ? Cell.text("")
                    : Cell.link(d.accountName(), "/accounts/" + d.accountId())),
            new Column<>("pipeline", "Pipeline", null, d -> Cell.text(d.pipelineName())),
            new Column<>("stage", "Stage", null, d -> Cell.text(d.stageName())),
            new Column<>("status", "Status", null, d -> Cell.badge(d.status())),
            new Column<>("amount", "Amount", "amount", d -> Cell.text(d.amount().toPlainString())),
            new Column<>("currency", "Currency", null, d -> Cell.text(d.currency())),
            new Column<>("probability", "Probability %", null, d -> Cell.text(d.probability())),
            new Column<>("closeDate", "Close date", "closeDate", d -> Cell.text(d.closeDate() == null ? "" : d.closeDate().toString())),
            new Column<>("owner", "Owner", null, d -> Cell.text(d.ownerName() == null ? "" : d.ownerName())),
            new Column<>("lostReason", "Lost reason", null, d -> Cell.text(d.lostReason() == null ? "" : d.lostReason())),
            new Column<>("createdAt", "Created", "createdAt", d -> Cell.text(d.createdAt().toString().substring(0, 10))),
            new Column<>("updatedAt", "Updated", "updatedAt", d -> Cell.text(d.updatedAt().toString().substring(0, 10))));

    public static final List<String> DEFAULT = List.of("name", "account", "stage", "amount", "currency", "closeDate", "owner");

    private DealColumns() {}
}
