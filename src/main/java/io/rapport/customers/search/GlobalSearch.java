package io.rapport.customers.search;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Search across contacts and accounts as the user types. Two kinds of candidates are merged: the
 * nearest trigram matches (tolerates typos, served by the GiST index in distance order) and
 * full-text prefix matches on names, e-mails and job titles.
 */
@Service
public class GlobalSearch {

    static final int PER_KIND = 8;

    private final JdbcClient jdbc;

    GlobalSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<SearchHit> search(CurrentUser user, String raw, int limit) {
        if (raw == null || raw.isBlank()) return List.of();
        String q = raw.trim().toLowerCase();
        if (q.length() > 200) throw Problems.invalid("q", "at most 200 characters");
        String tsQuery = prefixQuery(q);
        String contactVis = RecordVisibility.condition(user, "c");
        String accountVis = RecordVisibility.condition(user, "a");
        String sql = """
                (select 'CONTACT' as type, c.id, trim(c.first_name || ' ' || c.last_name) as title,
                        coalesce(c.emails[1], c.job_title, '') as subtitle, 1 - (c.search_text <->> :q) as score
                   from contacts c where %1$s order by c.search_text <->> :q limit :per)
                """.formatted(contactVis)
                + (tsQuery == null ? "" : """
                union all
                (select 'CONTACT', c.id, trim(c.first_name || ' ' || c.last_name), coalesce(c.emails[1], c.job_title, ''), 0.95
                   from contacts c where %1$s and c.search_vector @@ to_tsquery('simple', :tsq) limit :per)
                """.formatted(contactVis))
                + """
                union all
                (select 'ACCOUNT', a.id, a.name, coalesce(a.domain, a.industry, ''), 1 - (a.search_text <->> :q)
                   from accounts a where %1$s order by a.search_text <->> :q limit :per)
                """.formatted(accountVis);
        var spec = jdbc.sql(sql).param("q", q).param("per", PER_KIND);
        if (tsQuery != null) spec = spec.param("tsq", tsQuery);
        spec = RecordVisibility.bind(spec, user);
        Map<String, SearchHit> best = new LinkedHashMap<>();
        spec.query((rs, n) -> {
            String type = rs.getString("type");
            long id = rs.getLong("id");
            String url = (type.equals("CONTACT") ? "/contacts/" : "/accounts/") + id;
            return new SearchHit(type, id, rs.getString("title"), rs.getString("subtitle"), url, rs.getDouble("score"));
        }).list().forEach(hit -> best.merge(hit.type() + hit.id(), hit, (a, b) -> a.score() >= b.score() ? a : b));
        List<SearchHit> hits = new ArrayList<>(best.values());
        hits.removeIf(h -> h.score() < 0.3);
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits.size() > limit ? hits.subList(0, limit) : hits;
    }

    /** "ann smi" → "ann:* & smi:*"; words are reduced to letters and digits so no tsquery syntax gets through. */
    static String prefixQuery(String q) {
        String joined = Arrays.stream(q.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isBlank()).limit(6)
                .map(w -> w + ":*").collect(Collectors.joining(" & "));
        return joined.isEmpty() ? null : joined;
    }
}
