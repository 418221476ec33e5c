package io.rapport.sales.deals;

import io.rapport.customers.listing.ListQuery;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.util.MultiValueMap;

/** The filters of the deal list (API, page, export and saved views share them). */
public record DealFilter(String q, String owner, Long pipeline, String stage, String status, Long account, Long contact,
                         String closeFrom, String closeTo, String minAmount, String maxAmount, String currency,
                         String sort, String cursor, int limit) {

    public static final List<String> PARAMS = List.of("q", "owner", "pipeline", "stage", "status", "account", "contact",
            "closeFrom", "closeTo", "minAmount", "maxAmount", "currency", "sort");

    public static DealFilter of(MultiValueMap<String, String> p, String cursor, int limit) {
        return new DealFilter(p.getFirst("q"), p.getFirst("owner"), id(p, "pipeline"), p.getFirst("stage"), p.getFirst("status"),
                id(p, "account"), id(p, "contact"), p.getFirst("closeFrom"), p.getFirst("closeTo"), p.getFirst("minAmount"),
                p.getFirst("maxAmount"), p.getFirst("currency"), p.getFirst("sort"), cursor, limit);
    }

    private static Long id(MultiValueMap<String, String> p, String name) {
        String v = p.getFirst(name);
        return v == null || v.isBlank() ? null : ListQuery.parseId(name, v);
    }

    ListQuery query(CurrentUser user) {
        ListQuery q = new ListQuery("d", user).owner(owner, user);
        if (present(this.q)) q.and("lower(d.name) like ?", "%" + ListQuery.escapeLike(this.q.trim().toLowerCase(Locale.ROOT)) + "%");
        if (pipeline != null) q.and("d.pipeline_id = ?", pipeline);
        if (present(stage)) {
            Long[] ids = Arrays.stream(stage.split(",")).map(s -> ListQuery.parseId("stage", s)).toArray(Long[]::new);
            q.and("d.stage_id = any(?)", ids);
        }
        if (present(status)) {
            String[] statuses = Arrays.stream(status.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).toArray(String[]::new);
            for (String s : statuses) {
                if (!List.of("OPEN", "WON", "LOST").contains(s)) throw Problems.invalid("status", "'" + s + "' is not one of OPEN, WON, LOST");
            }
            q.and("d.status = any(?)", statuses);
        }
        if (account != null) q.and("d.account_id = ?", account);
        if (contact != null) q.and("exists (select 1 from deal_contacts dc where dc.deal_id = d.id and dc.contact_id = ?)", contact);
        if (present(closeFrom)) q.and("d.close_date >= ?", date("closeFrom", closeFrom));
        if (present(closeTo)) q.and("d.close_date <= ?", date("closeTo", closeTo));
        if (present(minAmount)) q.and("d.amount >= ?", number("minAmount", minAmount));
        if (present(maxAmount)) q.and("d.amount <= ?", number("maxAmount", maxAmount));
        if (present(currency)) q.and("d.currency = ?", currency.trim().toUpperCase(Locale.ROOT));
        return q;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static LocalDate date(String field, String raw) {
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static BigDecimal number(String field, String raw) {
        try {
            return new BigDecimal(raw.trim());
        } catch (NumberFormatException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a number");
        }
    }
}
