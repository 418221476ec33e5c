package io.rapport.customers.search;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Search across contacts and accounts as the user types, tolerant of typos.
 *
 * <p>Each typed word becomes a set of alternatives: itself as a prefix (the word being typed) and the
 * nearest real words from the {@code search_words} dictionary by trigram distance ("jonh" → john, jon).
 * The alternatives of all words are AND-ed into one full-text query, answered by the records' GIN
 * index, and the few hundred candidates are ranked by word similarity to what was typed. This never
 * compares the query with every name, which is what keeps it fast at a million contacts.
 */
@Service
public class GlobalSearch {

    public static final int PER_KIND = 8;
    public static final int CANDIDATES = 200;
    public static final int SUGGESTIONS_PER_WORD = 4;

    private final JdbcClient jdbc;

    GlobalSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<SearchHit> search(CurrentUser user, String raw, int limit) {
        if (raw == null || raw.isBlank()) return List.of();
        String q = raw.trim().toLowerCase(Locale.ROOT);
        if (q.length() > 200) throw Problems.invalid("q", "at most 200 characters");
        List<String> words = words(q);
        if (words.isEmpty()) return List.of();
        String tsQuery = tsQuery(words, similarWords(words));
        String sql = searchSql(RecordVisibility.condition(user, "c"), RecordVisibility.condition(user, "a"));
        var spec = jdbc.sql(sql).param("q", q).param("tsq", tsQuery).param("candidates", CANDIDATES).param("per", PER_KIND);
        List<SearchHit> hits = new ArrayList<>(RecordVisibility.bind(spec, user).query((rs, n) -> {
            String type = rs.getString("type");
            long id = rs.getLong("id");
            String url = (type.equals("CONTACT") ? "/contacts/" : "/accounts/") + id;
            return new SearchHit(type, id, rs.getString("title"), rs.getString("subtitle"), url, rs.getDouble("score"));
        }).list());
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits.size() > limit ? hits.subList(0, limit) : hits;
    }

    /** The records' query for the given visibility conditions (public for bench/RawJdbc, which times it alone). */
    public static String searchSql(String contactVisibility, String accountVisibility) {
        return """
                (select 'CONTACT' as type, id, title, subtitle, word_similarity(:q, search_text) as score
                   from (select c.id, trim(c.first_name || ' ' || c.last_name) as title,
                                coalesce(c.emails[1], c.job_title, '') as subtitle, c.search_text
                           from contacts c
                          where c.search_vector @@ cast(:tsq as tsquery) and %s
                          limit :candidates) contact_hits
                  order by score desc, id limit :per)
                union all
                (select 'ACCOUNT', id, name, subtitle, word_similarity(:q, search_text)
                   from (select a.id, a.name, coalesce(a.domain, a.industry, '') as subtitle, a.search_text
                           from accounts a
                          where a.search_vector @@ cast(:tsq as tsquery) and %s
                          limit :candidates) account_hits
                  order by 5 desc, id limit :per)
                """.formatted(contactVisibility, accountVisibility);
    }

    /** Nearest dictionary words per typed word (public for bench/RawJdbc). */
    public static final String SIMILAR_WORDS_SQL = """
            select t.typed, w.word
              from unnest(cast(:typed as text[])) as t(typed)
              cross join lateral (select word from search_words
                                   where word % t.typed order by word <-> t.typed limit :n) w""";

    /** The nearest dictionary words for each typed word of three letters or more. */
    private Map<String, Set<String>> similarWords(List<String> words) {
        List<String> lookups = typoCandidates(words);
        Map<String, Set<String>> similar = new LinkedHashMap<>();
        if (lookups.isEmpty()) return similar;
        jdbc.sql(SIMILAR_WORDS_SQL)
                .param("typed", lookups.toArray(String[]::new)).param("n", SUGGESTIONS_PER_WORD)
                .query(rs -> { similar.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2)); });
        return similar;
    }

    /** The typed words worth a dictionary look-up: three letters or more, letters only. */
    public static List<String> typoCandidates(List<String> words) {
        return words.stream().filter(w -> w.length() >= 3 && w.chars().allMatch(Character::isLetter)).toList();
    }

    /** The typed words: whitespace-separated, without surrounding punctuation ("o'brien", "a.b@c.com" stay whole). */
    public static List<String> words(String q) {
        return Arrays.stream(q.split("[\\s,;()|&!:*\"<>\\\\]+"))
                .map(w -> w.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", ""))
                .filter(w -> !w.isBlank()).limit(6).toList();
    }

    /**
     * "(jonh:* | john | jon) & (smi:*)": every word must match one of its alternatives. A word with inner
     * punctuation may match whole (the index keeps e-mails and "jean-luc" whole) or by its parts.
     */
    public static String tsQuery(List<String> words, Map<String, Set<String>> similar) {
        return words.stream().map(w -> {
            List<String> alternatives = new ArrayList<>();
            alternatives.add(lexeme(w) + ":*");
            String[] parts = Arrays.stream(w.split("[^\\p{L}\\p{N}]+")).filter(p -> !p.isEmpty()).toArray(String[]::new);
            if (parts.length > 1) {
                alternatives.add("(" + Arrays.stream(parts).map(p -> lexeme(p) + ":*").collect(Collectors.joining(" & ")) + ")");
            }
            similar.getOrDefault(w, Set.of()).forEach(s -> alternatives.add(lexeme(s)));
            return "(" + String.join(" | ", alternatives) + ")";
        }).collect(Collectors.joining(" & "));
    }

    /** A quoted tsquery lexeme, so no character of user input is read as tsquery syntax. */
    private static String lexeme(String word) {
        return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'";
    }
}
