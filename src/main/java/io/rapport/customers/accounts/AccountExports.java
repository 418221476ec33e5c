package io.rapport.customers.accounts;

import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.customers.export.Download;
import io.rapport.customers.listing.Column;
import io.rapport.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;

/** An account list view as CSV, shared by the page's "Export CSV" link and the API. */
@Service
class AccountExports {

    private final Accounts accounts;
    private final CustomFields customFields;
    private final Download download;

    AccountExports(Accounts accounts, CustomFields customFields, Download download) {
        this.accounts = accounts;
        this.customFields = customFields;
        this.download = download;
    }

    List<Column<Account>> columns() {
        return AccountColumns.all(customFields.of(EntityKind.ACCOUNT));
    }

    /** The filter is checked (400 on a bad one) before the response starts; then every matching row is streamed. */
    void csv(HttpServletResponse response, CurrentUser user, MultiValueMap<String, String> filterParams,
             List<Column<Account>> columns) throws IOException {
        download.csv(response, user, "ACCOUNT", "accounts", filterParams, columns, accounts.rows(user, AccountFilter.of(filterParams, null, 1)));
    }
}
