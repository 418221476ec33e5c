package io.rapport.customers.export;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import io.rapport.platform.security.CurrentUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Exports carry personal data out of the CRM, so each one is in the audit log: who, which list (its filter and
 * columns), which format and how many rows, also when the download broke off.
 */
@Component
public class ExportAudit {

    /** What an export asked for: the record type (CONTACT, ACCOUNT), the format and the list's query and columns. */
    public record Request(String entityType, String format, String filter, List<String> columns) {}

    /** Parameters that are not filters: paging, the column choice, the saved view's id. */
    private static final java.util.Set<String> NOT_FILTERS = java.util.Set.of("cursor", "limit", "cols", "columns", "view");

    private final AuditLog audit;

    ExportAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** The filters and sort of a list request as a query string, for the audit entry ("stage=LEAD&owner=me"). */
    public static String filterOf(org.springframework.util.MultiValueMap<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((name, values) -> {
            if (NOT_FILTERS.contains(name)) return;
            for (String v : values) {
                if (v == null || v.isBlank()) continue;
                if (!sb.isEmpty()) sb.append('&');
                sb.append(name).append('=').append(v);
            }
        });
        return sb.toString();
    }

    public void record(CurrentUser user, Request request, long rows, boolean complete) {
        String what = request.entityType().toLowerCase(java.util.Locale.ROOT) + (rows == 1 ? "" : "s");
        String summary = complete
                ? "Exported %,d %s as %s".formatted(rows, what, request.format())
                : "Export of %s as %s broke off after %,d rows".formatted(what, request.format(), rows);
        Map<String, FieldChange> details = new LinkedHashMap<>();
        details.put("format", new FieldChange(null, request.format()));
        details.put("filter", new FieldChange(null, request.filter() == null || request.filter().isBlank() ? "(none)" : request.filter()));
        if (!request.columns().isEmpty()) details.put("columns", new FieldChange(null, request.columns()));
        details.put("rows", new FieldChange(null, rows));
        audit.record(user.id(), user.email(), "EXPORT", request.entityType(), null, summary, details);
    }
}
