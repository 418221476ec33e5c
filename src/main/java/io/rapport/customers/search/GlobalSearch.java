package io.rapport.customers.search;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import java.time.Duration;
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
 * <p>First the cheap question: names (first-last and last-first), primary e-mails, account names and
 * domains that start with what was typed, each answered by a b-tree in a few page reads. Only when that
 * finds too little does the typo-tolerant path run: each typed word becomes a set of alternatives: itself as a prefix (the word being typed) and the
 * nearest real words from the {@code search_words} dictionary by trigram distance ("jonh" → john, jon).
 * The alternatives of all words are AND-ed into one full-text query, answered by the records' GIN
 * index, and the few hundred candidates are ranked by word similarity to what was typed. This never
 * compares the query with every name, which is what keeps it fast at a million contacts.
 */
@Service
public class GlobalSearch {

    public static final int CANDIDATES = 30;
    public static final int SUGGESTIONS_PER_WORD = 4;
    public static final int FUZZY_BELOW = 3;
    static final Duration SIMILAR_WORDS_TTL = Duration.ofMinutes(5);

    /** Typed word → nearest dictionary words. As-you-type repeats the same words keystroke after keystroke. */
    private final Map<String, SimilarWords> similarCache = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SimilarWords> eldest) {
                    return size() > 20_000;
                }
            });

    private record SimilarWords(Set<String> words, long loadedAt) {}

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
        String contactVisibility = RecordVisibility.condition(user, "c");
        String accountVisibility = RecordVisibility.condition(user, "a");
        Map<String, SearchHit> hits = new LinkedHashMap<>();
        String typed = String.join(" ", words);
        var prefixSpec = jdbc.sql(prefixSql(contactVisibility, accountVisibility))
                .param("lo", typed).param("hi", upperBound(typed)).param("per", limit);
        RecordVisibility.bind(prefixSpec, user).query(GlobalSearch::hit).list().forEach(h -> hits.putIfAbsent(h.type() + h.id(), h));
        // typo tolerance only when the plain prefixes found (almost) nothing: it costs ten times more.
        // E-mail addresses and domains are not in the word index: for them the prefixes are the answer.
        if (hits.size() < FUZZY_BELOW && words.stream().noneMatch(GlobalSearch::looksLikeAddress)) {
            Map<String, Set<String>> similar = similarWords(words);
            // whole words with the closest correction of each first (few, precise candidates; prefixes were
            // step one); prefixes and all corrections only if that is not enough
            Map<String, SearchHit> fuzzy = new LinkedHashMap<>();
            fuzzy(user, q, tsQuery(words, closest(similar), false), limit, contactVisibility, accountVisibility)
                    .forEach(h -> fuzzy.putIfAbsent(h.type() + h.id(), h));
            if (hits.size() + fuzzy.size() < limit) {
                fuzzy(user, q, tsQuery(words, similar), limit, contactVisibility, accountVisibility)
                        .forEach(h -> fuzzy.putIfAbsent(h.type() + h.id(), h));
            }
            fuzzy.values().stream().sorted((a, b) -> Double.compare(b.score(), a.score()))
                    .forEach(h -> hits.putIfAbsent(h.type() + h.id(), h));
        }
        List<SearchHit> ranked = new ArrayList<>(hits.values());
        return ranked.size() > limit ? ranked.subList(0, limit) : ranked;
    }

    private List<SearchHit> fuzzy(CurrentUser user, String q, String tsQuery, int limit, String contactVisibility,
                                  String accountVisibility) {
        var spec = jdbc.sql(searchSql(contactVisibility, accountVisibility)).param("q", q).param("tsq", tsQuery)
                .param("candidates", CANDIDATES).param("per", limit);
        List<SearchHit> found = new ArrayList<>(RecordVisibility.bind(spec, user).query(GlobalSearch::hit).list());
        found.sort((a, b) -> Double.compare(b.score(), a.score()));
        return found;
    }

    /** Only the nearest suggestion of each word (they come nearest first). */
    public static Map<String, Set<String>> closest(Map<String, Set<String>> similar) {
        Map<String, Set<String>> closest = new LinkedHashMap<>();
        similar.forEach((word, suggestions) -> suggestions.stream().findFirst().ifPresent(s -> closest.put(word, Set.of(s))));
        return closest;
    }

    private static SearchHit hit(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String type = rs.getString("type");
        long id = rs.getLong("id");
        String url = (type.equals("CONTACT") ? "/contacts/" : "/accounts/") + id;
        return new SearchHit(type, id, rs.getString("title"), rs.getString("subtitle"), url, rs.getDouble("score"));
    }

    /**
     * Records whose name, primary e-mail or domain starts with the typed text: {@code :lo <= value < :hi} in
     * byte order ({@code ~>=~}, {@code ~<~}), which the {@code text_pattern_ops} b-trees answer in index
     * order even in a generic prepared plan (public for bench/RawJdbc).
     */
    public static String prefixSql(String contactVisibility, String accountVisibility) {
        String contact = "select 'CONTACT' as type, c.id, trim(c.first_name || ' ' || c.last_name) as title, "
                + "coalesce(c.emails[1], c.job_title, '') as subtitle, 1.0 as score from contacts c where ";
        String account = "select 'ACCOUNT', a.id, a.name, coalesce(a.domain, a.industry, ''), 1.0 from accounts a where ";
        return "(" + contact + startsWith("lower(c.first_name || ' ' || c.last_name)", contactVisibility) + ")"
                + " union all (" + contact + startsWith("lower(c.last_name || ' ' || c.first_name)", contactVisibility) + ")"
                + " union all (" + contact + startsWith("c.emails[1]", contactVisibility) + ")"
                + " union all (" + contact + startsWith("split_part(c.emails[1], '@', 2)", contactVisibility) + ")"
                + " union all (" + account + startsWith("lower(a.name)", accountVisibility) + ")"
                + " union all (" + account + startsWith("a.domain", accountVisibility) + ")";
    }

    private static String startsWith(String expression, String visibility) {
        return expression + " ~>=~ :lo and " + expression + " ~<~ :hi and " + visibility
                + " order by " + expression + " using ~<~ limit :per";
    }

    /** The smallest text above every text starting with {@code prefix}: its last character plus one. */
    public static String upperBound(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(last + 1);
    }

    /** The typo-tolerant records' query for the given visibility conditions (public for bench/RawJdbc). */
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
        Map<String, Set<String>> similar = new LinkedHashMap<>();
        long now = System.nanoTime();
        List<String> lookups = new ArrayList<>();
        for (String word : typoCandidates(words)) {
            SimilarWords cached = similarCache.get(word);
            if (cached != null && now - cached.loadedAt() < SIMILAR_WORDS_TTL.toNanos()) similar.put(word, cached.words());
            else lookups.add(word);
        }
        if (lookups.isEmpty()) return similar;
        Map<String, Set<String>> loaded = new LinkedHashMap<>();
        lookups.forEach(w -> loaded.put(w, new LinkedHashSet<>()));
        jdbc.sql(SIMILAR_WORDS_SQL)
                .param("typed", lookups.toArray(String[]::new)).param("n", SUGGESTIONS_PER_WORD)
                .query(rs -> { loaded.get(rs.getString(1)).add(rs.getString(2)); });
        loaded.forEach((word, found) -> similarCache.put(word, new SimilarWords(java.util.Collections.unmodifiableSet(found), now)));
        similar.putAll(loaded);
        return similar;
    }

    /** "anna@", "gmx.de", "j.smith": part of an e-mail address or domain rather than a name. */
    public static boolean looksLikeAddress(String word) {
        return word.contains("@") || word.matches(".*\\p{L}\\.\\p{L}.*");
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
        return tsQuery(words, similar, true);
    }

    /** As above; without {@code prefixes} every word and correction must match a whole word (cheaper). */
    public static String tsQuery(List<String> words, Map<String, Set<String>> similar, boolean prefixes) {
        String suffix = prefixes ? ":*" : "";
        return words.stream().map(w -> {
            List<String> alternatives = new ArrayList<>();
            alternatives.add(lexeme(w) + suffix);
            // single letters ("j" of "j.smith") would match half the index: parts need two characters
            String[] parts = Arrays.stream(w.split("[^\\p{L}\\p{N}]+")).filter(p -> p.length() > 1).toArray(String[]::new);
            if (parts.length > 0 && !w.matches("[\\p{L}\\p{N}]+")) {
                alternatives.add("(" + Arrays.stream(parts).map(p -> lexeme(p) + suffix).collect(Collectors.joining(" & ")) + ")");
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
