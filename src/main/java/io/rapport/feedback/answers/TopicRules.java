package io.rapport.feedback.answers;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Admin-defined keyword rules that tag comments with topics: a comment gets a topic when one of its keywords starts
 * a word of the comment (case-insensitive; "deliver" matches "delivery"). Changing the rules retags every comment.
 */
@Service
public class TopicRules {

    public record Rule(long id, String topic, List<String> keywords) {}

    private final JdbcClient jdbc;

    TopicRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Rule> list() {
        return jdbc.sql("select id, topic, keywords from feedback_topic_rules order by lower(topic)")
                .query((rs, n) -> new Rule(rs.getLong(1), rs.getString(2), Arrays.asList((String[]) rs.getArray(3).getArray()))).list();
    }

    /** The topics of a text under the current rules, in rule order. */
    public List<String> topics(String text) {
        return topics(list(), text);
    }

    static List<String> topics(List<Rule> rules, String text) {
        if (text == null || text.isBlank()) return List.of();
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> found = new LinkedHashSet<>();
        for (Rule r : rules) {
            for (String k : r.keywords()) {
                if (Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(k.toLowerCase(Locale.ROOT))).matcher(lower).find()) {
                    found.add(r.topic());
                    break;
                }
            }
        }
        return new ArrayList<>(found);
    }

    @Transactional
    public Rule save(CurrentUser user, Long id, JsonNode body) {
        RecordVisibility.requireAdmin(user);
        JsonFields in = new JsonFields(body, Set.of("topic", "keywords"));
        String topic = in.text("topic", 60);
        if (topic == null && in.errors().isEmpty()) in.error("topic", "required");
        List<String> keywords = in.strings("keywords", 50, 60);
        if (keywords.isEmpty() && in.errors().stream().noneMatch(e -> e.field().startsWith("keywords"))) {
            in.error("keywords", "at least one keyword");
        }
        in.throwIfInvalid();
        String[] kw = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
        long saved;
        try {
            if (id == null) {
                saved = jdbc.sql("insert into feedback_topic_rules (topic, keywords) values (:t, :k) returning id")
                        .param("t", topic).param("k", kw).query(Long.class).single();
            } else {
                if (jdbc.sql("update feedback_topic_rules set topic = :t, keywords = :k where id = :id")
                        .param("t", topic).param("k", kw).param("id", id).update() == 0) {
                    throw Problems.notFound("Topic rule", id);
                }
                saved = id;
            }
        } catch (DuplicateKeyException e) {
            throw Problems.invalid("topic", "a rule for this topic exists already");
        }
        retag();
        return list().stream().filter(r -> r.id() == saved).findFirst().orElseThrow();
    }

    @Transactional
    public void delete(CurrentUser user, long id) {
        RecordVisibility.requireAdmin(user);
        if (jdbc.sql("delete from feedback_topic_rules where id = :id").param("id", id).update() == 0) {
            throw Problems.notFound("Topic rule", id);
        }
        retag();
    }

    /** Retags every comment in one statement (word-start match, as {@link #topics(String)}). */
    public void retag() {
        jdbc.sql("""
                update survey_responses r set topics = coalesce((
                       select array_agg(t.topic order by lower(t.topic)) from feedback_topic_rules t
                        where exists (select 1 from unnest(t.keywords) k
                                       where lower(r.comment) ~ ('(^|[^[:alnum:]])' || regexp_replace(lower(k), '([.*+?^${}()|\\[\\]\\\\])', '\\\\\\1', 'g')))), '{}')
                 where r.comment is not null""").update();
    }
}
