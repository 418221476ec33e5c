package io.rapport.customers.duplicates;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Possible duplicates of one record (being typed, or just saved), by the same rules as the scan, through indexes:
 * e-mails and phones by their GIN indexes, names inside the same account or organisation domain by b-trees.
 */
@Service
public class DuplicateFinder {

    /** What is known about a contact: e-mails lower-cased and phones in E.164, as stored. */
    public record ContactProbe(String firstName, String lastName, List<String> emails, List<String> phones, Long accountId) {}

    /** A record that may be the same customer, with why. */
    public record Candidate(long id, String name, String detail, String where, double score, List<String> reasons) {}

    private static final int LIMIT = 10;

    private final JdbcClient jdbc;
    private final DuplicateRules rules;
    private final DuplicatePairs pairs;

    DuplicateFinder(JdbcClient jdbc, DuplicateRules rules, DuplicatePairs pairs) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.pairs = pairs;
    }

    /** Contacts the user may see that may be the same person; {@code self} (the record itself, or null) and pairs
     *  dismissed with it are left out. */
    public List<Candidate> contacts(CurrentUser user, ContactProbe probe, Long self) {
        String first = blankToNull(probe.firstName());
        String last = blankToNull(probe.lastName());
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim().toLowerCase(Locale.ROOT);
        String domain = organisationDomain(probe.emails().isEmpty() ? null : DuplicateRules.domainOf(probe.emails().getFirst()));
        if (probe.emails().isEmpty() && probe.phones().isEmpty() && probe.accountId() == null && domain == null) return List.of();
        var spec = jdbc.sql("""
                select c.id, c.first_name || ' ' || c.last_name as name, c.emails[1] as detail, a.name as account_name,
                       similarity(lower(c.first_name || ' ' || c.last_name), :name) as sim,
                       c.emails && cast(:emails as text[]) as same_email, c.phones && cast(:phones as text[]) as same_phone,
                       coalesce(c.account_id = :account, false) as same_account,
                       coalesce(split_part(c.emails[1], '@', 2) = :domain, false) as same_domain
                  from contacts c left join accounts a on a.id = c.account_id
                 where c.id <> :self and %s and (
                       c.emails && cast(:emails as text[]) or c.phones && cast(:phones as text[])
                    or (c.account_id = :account and (lower(c.last_name) = :last or lower(c.first_name) = :first))
                    or (split_part(c.emails[1], '@', 2) = :domain and (lower(c.last_name) = :last or lower(c.first_name) = :first)))
                 limit 200""".formatted(RecordVisibility.condition(user, "c")))
                .param("name", name).param("emails", lower(probe.emails())).param("phones", probe.phones().toArray(String[]::new))
                .param("account", probe.accountId(), java.sql.Types.BIGINT).param("domain", domain, java.sql.Types.VARCHAR)
                .param("last", lowerOrNull(last), java.sql.Types.VARCHAR).param("first", lowerOrNull(first), java.sql.Types.VARCHAR)
                .param("self", self == null ? -1L : self);
        List<Long> dismissed = self == null ? List.of() : pairs.dismissedPartners("CONTACT", self);
        List<Candidate> found = new ArrayList<>();
        RecordVisibility.bind(spec, user).query((ResultSet rs) -> {
            if (dismissed.contains(rs.getLong("id"))) return;
            Candidate c = contactCandidate(rs, domain);
            if (c != null) found.add(c);
        });
        return best(found);
    }

    /** Accounts with the same domain or a close name (trigram index, then the account threshold). */
    public List<Candidate> accounts(CurrentUser user, String name, String domain, Long self) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        String d = blankToNull(domain) == null ? null : domain.trim().toLowerCase(Locale.ROOT);
        if (n.length() < 3 && d == null) return List.of();
        var spec = jdbc.sql("""
                select a.id, a.name, a.domain as detail, a.industry as account_name,
                       similarity(lower(a.name), :name) as sim, coalesce(lower(a.domain) = :domain, false) as same_domain
                  from accounts a
                 where a.id <> :self and %s and (lower(a.domain) = :domain or lower(a.name) %% :name)
                 limit 200""".formatted(RecordVisibility.condition(user, "a")))
                .param("name", n).param("domain", d, java.sql.Types.VARCHAR).param("self", self == null ? -1L : self);
        List<Long> dismissed = self == null ? List.of() : pairs.dismissedPartners("ACCOUNT", self);
        List<Candidate> found = new ArrayList<>();
        RecordVisibility.bind(spec, user).query((ResultSet rs) -> {
            if (dismissed.contains(rs.getLong("id"))) return;
            List<String> reasons = new ArrayList<>();
            double best = 0;
            if (rs.getBoolean("same_domain")) { reasons.add("same domain"); best = DuplicateRules.SAME_EMAIL; }
            double sim = rs.getDouble("sim");
            if (sim >= DuplicateRules.ACCOUNT_NAME_THRESHOLD) {
                reasons.add(String.format(Locale.ROOT, "similar name %.2f", sim));
                best = Math.max(best, sim);
            }
            if (!reasons.isEmpty()) {
                found.add(new Candidate(rs.getLong("id"), rs.getString("name"), rs.getString("detail"),
                        rs.getString("account_name"), DuplicateRules.combine(best, reasons.size()), reasons));
            }
        });
        return best(found);
    }

    private Candidate contactCandidate(ResultSet rs, String domain) throws SQLException {
        List<String> reasons = new ArrayList<>();
        double best = 0;
        if (rs.getBoolean("same_email")) { reasons.add("same e-mail"); best = DuplicateRules.SAME_EMAIL; }
        if (rs.getBoolean("same_phone")) { reasons.add("same phone"); best = Math.max(best, DuplicateRules.SAME_PHONE); }
        double sim = rs.getDouble("sim");
        if (sim >= rules.nameThreshold() && rs.getBoolean("same_account")) {
            reasons.add(DuplicateRules.nameReason(sim, "same account"));
            best = Math.max(best, sim);
        } else if (sim >= rules.nameThreshold() && rs.getBoolean("same_domain")) {
            reasons.add(DuplicateRules.nameReason(sim, "same e-mail domain " + domain));
            best = Math.max(best, sim * DuplicateRules.DOMAIN_FACTOR);
        }
        if (reasons.isEmpty()) return null;
        return new Candidate(rs.getLong("id"), rs.getString("name").trim(), rs.getString("detail"), rs.getString("account_name"),
                Math.round(DuplicateRules.combine(best, reasons.size()) * 1000) / 1000.0, reasons);
    }

    /** The primary e-mail's domain when it is an organisation's (some account's domain); null for mail providers. */
    private String organisationDomain(String domain) {
        if (domain == null || DuplicateRules.PROVIDERS.contains(domain)) return null;
        boolean organisation = jdbc.sql("select exists (select 1 from accounts where lower(domain) = :d)")
                .param("d", domain).query(Boolean.class).single();
        return organisation ? domain : null;
    }

    /** The create response's hint: how many possible duplicates, and where to see them (nothing when there are none). */
    public static ResponseEntity.BodyBuilder hint(ResponseEntity.BodyBuilder response, String duplicatesPath, int count) {
        if (count == 0) return response;
        return response.header("Possible-Duplicates", String.valueOf(count))
                .header("Link", "<" + duplicatesPath + ">; rel=\"duplicates\"");
    }

    private static List<Candidate> best(List<Candidate> found) {
        return found.stream().sorted(Comparator.comparingDouble(Candidate::score).reversed().thenComparingLong(Candidate::id))
                .limit(LIMIT).toList();
    }

    private static String[] lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    private static String lowerOrNull(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
