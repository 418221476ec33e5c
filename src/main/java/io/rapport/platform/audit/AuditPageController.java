package io.rapport.platform.audit;

import io.rapport.platform.audit.AuditLog.Entry;
import io.rapport.platform.audit.AuditLog.Filter;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The audit log for administrators, newest first, filtered and paged by keyset ("Older entries"). */
@Controller
class AuditPageController {

    static final int PAGE_SIZE = 50;
    static final List<String> ENTITY_TYPES = List.of("CONTACT", "ACCOUNT", "USER", "TEAM", "CUSTOM_FIELD", "API_TOKEN");
    static final List<String> ACTIONS = List.of("CREATE", "UPDATE", "DELETE", "LOGIN", "LOGIN_FAILED", "LOGIN_LOCKED",
            "RESET_PASSWORD", "CHANGE_PASSWORD", "REVOKE", "EXPORT");

    record ChangeLine(String field, String old, String now) {}

    record EntryView(Entry entry, String label, String link, List<ChangeLine> changes) {}

    private final AuditLog audit;
    private final UserDirectory directory;
    private final ZoneId zone = ZoneId.systemDefault();

    AuditPageController(AuditLog audit, UserDirectory directory) {
        this.audit = audit;
        this.directory = directory;
    }

    @GetMapping("/admin/audit")
    String page(@RequestParam(required = false) String entityType, @RequestParam(required = false) String action,
                @RequestParam(required = false) Long actorId, @RequestParam(required = false) Long entityId,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) Long beforeId, Model model) {
        entityType = blankToNull(entityType);
        action = blankToNull(action);
        Filter filter = new Filter(entityType, entityId, actorId, action,
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
        List<Entry> rows = audit.find(filter, beforeId, PAGE_SIZE + 1);
        boolean more = rows.size() > PAGE_SIZE;
        List<Entry> entries = more ? rows.subList(0, PAGE_SIZE) : rows;

        UriComponentsBuilder query = UriComponentsBuilder.fromPath("/admin/audit")
                .queryParamIfPresent("entityType", java.util.Optional.ofNullable(entityType))
                .queryParamIfPresent("action", java.util.Optional.ofNullable(action))
                .queryParamIfPresent("actorId", java.util.Optional.ofNullable(actorId))
                .queryParamIfPresent("entityId", java.util.Optional.ofNullable(entityId))
                .queryParamIfPresent("from", java.util.Optional.ofNullable(from))
                .queryParamIfPresent("to", java.util.Optional.ofNullable(to));
        model.addAttribute("newestUrl", query.cloneBuilder().build().encode().toUriString());
        model.addAttribute("olderUrl", more ? query.cloneBuilder().queryParam("beforeId", entries.getLast().id())
                .build().encode().toUriString() : null);
        List<UserAccount> users = directory.page(null, 1000, null).items();
        Map<Long, String> userNames = users.stream().collect(Collectors.toMap(UserAccount::id, UserAccount::name));
        model.addAttribute("entries", entries.stream().map(e -> view(e, userNames)).toList());
        model.addAttribute("filtered", entityType != null || action != null || actorId != null || entityId != null
                || from != null || to != null);
        model.addAttribute("paged", beforeId != null);
        model.addAttribute("f", Map.of(
                "entityType", entityType == null ? "" : entityType, "action", action == null ? "" : action,
                "actorId", actorId == null ? "" : actorId.toString(), "entityId", entityId == null ? "" : entityId.toString(),
                "from", from == null ? "" : from.toString(), "to", to == null ? "" : to.toString()));
        model.addAttribute("entityTypes", ENTITY_TYPES);
        model.addAttribute("actions", ACTIONS);
        model.addAttribute("actors", users);
        return "platform/audit";
    }

    static EntryView view(Entry e, Map<Long, String> userNames) {
        String label = e.entityId() == null ? humanize(e.entityType()) : humanize(e.entityType()) + " #" + e.entityId();
        if ("USER".equals(e.entityType()) && userNames.containsKey(e.entityId())) label = userNames.get(e.entityId());
        String link = null;
        if (e.entityId() != null && !"DELETE".equals(e.action())) {
            link = switch (e.entityType()) {
                case "CONTACT" -> "/contacts/" + e.entityId();
                case "ACCOUNT" -> "/accounts/" + e.entityId();
                case "USER" -> "/admin/users/" + e.entityId();
                default -> null;
            };
        }
        List<ChangeLine> changes = new ArrayList<>();
        e.changes().forEach((field, pair) -> changes.add(new ChangeLine(field, show(pair.get("old")), show(pair.get("new")))));
        return new EntryView(e, label, link, changes);
    }

    private static String humanize(String type) {
        String s = type.replace('_', ' ').toLowerCase();
        return s.equals("api token") ? "API token" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String show(Object value) {
        if (value == null || "".equals(value)) return "—";
        if (value instanceof Collection<?> c) return c.isEmpty() ? "—" : c.stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (value instanceof Map<?, ?> m) return m.isEmpty() ? "—" : m.entrySet().stream()
                .map(x -> x.getKey() + "=" + x.getValue()).collect(Collectors.joining(", "));
        return String.valueOf(value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
