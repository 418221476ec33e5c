package io.rapport.analytics.acquisition;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Acquisition spend per channel (and campaign) and month, and CAC = spend ÷ new customers acquired in the period,
 * with CLV:CAC from the average predicted CLV of those customers (customer_values). A new customer is a contact whose
 * first completed, paid or shipped order falls in the month (UTC); their channel is the source of the lead converted
 * into them, else the contact's source, else "Unknown". Channels match spend case-insensitively. Spend and CLV are
 * taken to be in the business's reporting currency.
 */
@Service
class Acquisition {

    record Entry(long id, String month, String channel, String campaign, BigDecimal amount, String currency, String note) {}

    record Input(String month, String channel, String campaign, String amount, String currency, String note) {}

    record ChannelRow(String channel, BigDecimal spend, long newCustomers, BigDecimal cac, BigDecimal averagePredictedClv,
                      Double clvToCac) {}

    record Report(String from, String to, List<ChannelRow> channels, ChannelRow total) {}

    private final JdbcClient jdbc;

    Acquisition(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who may read: the roles that see every record (a CAC built from part of the book would mislead). */
    static void requireReader(CurrentUser user) {
        if (user.role().seesOnlyOwnBook()) throw Problems.forbidden("Acquisition cost covers every customer; your role " + user.role()
                + " sees only its own book");
    }

    static void requireWriter(CurrentUser user) {
        if (!(user.role() == Role.ADMIN || user.role() == Role.MANAGER || user.role() == Role.MARKETING)) {
            throw Problems.forbidden("Only administrators, managers and marketing record acquisition spend");
        }
    }

    static YearMonth month(String field, String raw, YearMonth fallback) {
        if (raw == null || raw.isBlank()) {
            if (fallback != null) return fallback;
            throw Problems.invalid(field, "required: a month (YYYY-MM)");
        }
        String v = raw.trim();
        try {
            return v.length() == 10 ? YearMonth.from(LocalDate.parse(v)) : YearMonth.parse(v);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a month (YYYY-MM)");
        }
    }

    /** The period from..to (months, inclusive), default the last 12 months. */
    static YearMonth[] period(String from, String to) {
        YearMonth end = month("to", to, YearMonth.now(java.time.ZoneOffset.UTC));
        YearMonth start = month("from", from, end.minusMonths(11));
        if (start.isAfter(end)) throw Problems.invalid("from", "is after to");
        if (start.plusYears(20).isBefore(end)) throw Problems.invalid("from", "the period may span at most 20 years");
        return new YearMonth[] {start, end};
    }

    List<Entry> list(CurrentUser user, String from, String to, Long cursor, int limit) {
        requireReader(user);
        if (limit < 1 || limit > 500) throw Problems.invalid("limit", "must be between 1 and 500");
        YearMonth[] p = period(from, to);
        return jdbc.sql("""
                select id, to_char(month, 'YYYY-MM'), channel, campaign, amount, currency, note from acquisition_spend
                where month between :from and :to and (cast(:cursor as bigint) is null or id < :cursor)
                order by id desc limit :limit""")
                .param("from", Date.valueOf(p[0].atDay(1))).param("to", Date.valueOf(p[1].atDay(1))).param("cursor", cursor)
                .param("limit", limit)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                        rs.getString(6), rs.getString(7))).list();
    }

    /** Checks one entry; field errors are named with {@code prefix} (e.g. "row 3: amount"). */
    private record Valid(YearMonth month, String channel, String campaign, BigDecimal amount, String currency, String note) {}

    private static Valid validate(Input in, String prefix, List<ApiProblem.FieldError> errors) {
        YearMonth month = null;
        try {
            month = month(prefix + "month", in.month(), null);
        } catch (ApiProblem e) {
            errors.addAll(e.errors());
        }
        String channel = in.channel() == null ? "" : in.channel().strip();
        if (channel.isEmpty()) errors.add(new ApiProblem.FieldError(prefix + "channel", "required, e.g. Google Ads, Events, Referral"));
        else if (channel.length() > 100) errors.add(new ApiProblem.FieldError(prefix + "channel", "at most 100 characters"));
        String campaign = in.campaign() == null || in.campaign().isBlank() ? null : in.campaign().strip();
        if (campaign != null && campaign.length() > 200) errors.add(new ApiProblem.FieldError(prefix + "campaign", "at most 200 characters"));
        BigDecimal amount = null;
        if (in.amount() == null || in.amount().isBlank()) {
            errors.add(new ApiProblem.FieldError(prefix + "amount", "required"));
        } else {
            try {
                amount = new BigDecimal(in.amount().strip());
                if (amount.signum() < 0) errors.add(new ApiProblem.FieldError(prefix + "amount", "must not be negative"));
                else if (amount.scale() > 2) errors.add(new ApiProblem.FieldError(prefix + "amount", "at most 2 decimals"));
                else if (amount.compareTo(new BigDecimal("99999999999999")) > 0) errors.add(new ApiProblem.FieldError(prefix + "amount", "too large"));
            } catch (NumberFormatException e) {
                errors.add(new ApiProblem.FieldError(prefix + "amount", "'" + in.amount() + "' is not a number"));
            }
        }
        String currency = in.currency() == null || in.currency().isBlank() ? "EUR" : in.currency().strip().toUpperCase(Locale.ROOT);
        try {
            if (!currency.matches("[A-Z]{3}")) throw new IllegalArgumentException();
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            errors.add(new ApiProblem.FieldError(prefix + "currency", "'" + in.currency() + "' is not an ISO 4217 currency"));
        }
        String note = in.note() == null || in.note().isBlank() ? null : in.note().strip();
        if (note != null && note.length() > 1000) errors.add(new ApiProblem.FieldError(prefix + "note", "at most 1000 characters"));
        return new Valid(month, channel, campaign, amount, currency, note);
    }

    private long insert(Valid v, CurrentUser user) {
        return jdbc.sql("""
                insert into acquisition_spend (month, channel, campaign, amount, currency, note, created_by)
                values (:month, :channel, :campaign, :amount, :currency, :note, :user) returning id""")
                .param("month", Date.valueOf(v.month().atDay(1))).param("channel", v.channel()).param("campaign", v.campaign())
                .param("amount", v.amount()).param("currency", v.currency()).param("note", v.note()).param("user", user.id())
                .query(Long.class).single();
    }

    @Transactional
    Entry create(CurrentUser user, Input in) {
        requireWriter(user);
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Valid v = validate(in, "", errors);
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        long id = insert(v, user);
        return new Entry(id, v.month().toString(), v.channel(), v.campaign(), v.amount().setScale(2, RoundingMode.UNNECESSARY), v.currency(), v.note());
    }

    @Transactional
    void delete(CurrentUser user, long id) {
        requireWriter(user);
        if (jdbc.sql("delete from acquisition_spend where id = :id").param("id", id).update() == 0) throw Problems.notFound("Spend entry", id);
    }

    /**
     * A CSV with a header naming month, channel, amount and optionally campaign, currency, note. All rows or none:
     * any bad row makes a 400 naming "row N: field".
     */
    @Transactional
    int importCsv(CurrentUser user, Reader reader) {
        requireWriter(user);
        List<Valid> rows = new ArrayList<>();
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setIgnoreHeaderCase(true).get().parse(reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String required : List.of("month", "channel", "amount")) {
                if (header.keySet().stream().noneMatch(h -> h.equalsIgnoreCase(required))) {
                    errors.add(new ApiProblem.FieldError("file", "the header needs a column '" + required + "' (month, channel, campaign, amount, currency, note)"));
                }
            }
            if (!errors.isEmpty()) throw Problems.invalid(errors);
            for (CSVRecord r : parser) {
                if (rows.size() >= 10_000) throw Problems.invalid("file", "at most 10,000 rows per file");
                String prefix = "row " + (r.getRecordNumber() + 1) + ": ";
                Valid v = validate(new Input(get(r, "month"), get(r, "channel"), get(r, "campaign"), get(r, "amount"), get(r, "currency"),
                        get(r, "note")), prefix, errors);
                if (errors.size() > 50) break;
                rows.add(v);
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw Problems.invalid("file", "not a readable CSV: " + e.getMessage());
        }
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        if (rows.isEmpty()) throw Problems.invalid("file", "no rows below the header");
        for (Valid v : rows) insert(v, user);
        return rows.size();
    }

    private static String get(CSVRecord r, String column) {
        return r.isMapped(column) && r.isSet(column) ? r.get(column) : null;
    }

    Report report(CurrentUser user, String fromRaw, String toRaw) {
        requireReader(user);
        YearMonth[] p = period(fromRaw, toRaw);
        Date from = Date.valueOf(p[0].atDay(1)), toExclusive = Date.valueOf(p[1].plusMonths(1).atDay(1));
        Map<String, Object[]> byKey = new LinkedHashMap<>();
        jdbc.sql("""
                select lower(channel), min(channel), sum(amount) from acquisition_spend
                where month >= :from and month < :to group by lower(channel)""").param("from", from).param("to", toExclusive)
                .query((rs, n) -> byKey.put(rs.getString(1), new Object[] {rs.getString(2), rs.getBigDecimal(3), 0L, null})).list();
        jdbc.sql("""
                with firsts as (
                    select contact_id, min(ordered_at) as first_at from orders
                    where status in ('COMPLETED','PAID','SHIPPED') and contact_id is not null
                    group by contact_id having min(ordered_at) >= :from and min(ordered_at) < :to),
                lead_sources as (
                    select distinct on (converted_contact_id) converted_contact_id as contact_id, source from leads
                    where converted_contact_id is not null order by converted_contact_id, converted_at)
                select lower(ch), min(ch), count(*), avg(v.predicted_clv) from (
                    select f.contact_id, coalesce(nullif(ls.source, ''), nullif(c.source, ''), 'Unknown') as ch from firsts f
                    join contacts c on c.id = f.contact_id left join lead_sources ls on ls.contact_id = f.contact_id) a
                left join customer_values v on v.contact_id = a.contact_id
                group by lower(ch)""")
                .param("from", java.sql.Timestamp.from(p[0].atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                .param("to", java.sql.Timestamp.from(p[1].plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                .query((rs, n) -> {
                    Object[] row = byKey.computeIfAbsent(rs.getString(1), k -> new Object[] {null, BigDecimal.ZERO, 0L, null});
                    if (row[0] == null) row[0] = rs.getString(2);
                    row[2] = rs.getLong(3);
                    row[3] = rs.getBigDecimal(4);
                    return null;
                }).list();
        List<ChannelRow> rows = new ArrayList<>();
        BigDecimal spend = BigDecimal.ZERO, clvSum = BigDecimal.ZERO;
        long customers = 0, withClv = 0;
        for (Object[] r : byKey.values()) {
            rows.add(row((String) r[0], (BigDecimal) r[1], (Long) r[2], (BigDecimal) r[3]));
            spend = spend.add((BigDecimal) r[1]);
            customers += (Long) r[2];
            if (r[3] != null) {
                clvSum = clvSum.add(((BigDecimal) r[3]).multiply(BigDecimal.valueOf((Long) r[2])));
                withClv += (Long) r[2];
            }
        }
        rows.sort((a, b) -> b.spend().compareTo(a.spend()) != 0 ? b.spend().compareTo(a.spend()) : a.channel().compareToIgnoreCase(b.channel()));
        BigDecimal avg = withClv == 0 ? null : clvSum.divide(BigDecimal.valueOf(withClv), 2, RoundingMode.HALF_UP);
        return new Report(p[0].toString(), p[1].toString(), rows, row("Total", spend, customers, avg));
    }

    private static ChannelRow row(String channel, BigDecimal spend, long customers, BigDecimal avgClv) {
        BigDecimal cac = customers == 0 ? null : spend.divide(BigDecimal.valueOf(customers), 2, RoundingMode.HALF_UP);
        BigDecimal avg = avgClv == null ? null : avgClv.setScale(2, RoundingMode.HALF_UP);
        Double ratio = cac == null || cac.signum() == 0 || avg == null ? null
                : avg.divide(cac, 4, RoundingMode.HALF_UP).doubleValue();
        return new ChannelRow(channel, spend.setScale(2, RoundingMode.HALF_UP), customers, cac, avg, ratio);
    }
}
