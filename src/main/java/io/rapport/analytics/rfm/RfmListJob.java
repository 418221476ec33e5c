package io.rapport.analytics.rfm;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.security.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Saves an RFM segment as a list: tags its contacts that the starting user may see and change, in batches, each
 * batch its own transaction, progress after each. The segment is read from the snapshot as it is when the job runs.
 */
@Component
class RfmListJob implements AnalyticsJobs.Handler {

    static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final Contacts contacts;
    private final Rfm rfm;

    RfmListJob(JdbcClient jdbc, Contacts contacts, Rfm rfm) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.rfm = rfm;
    }

    @Override
    public boolean handles(AnalyticsJobs.Kind kind) {
        return kind == AnalyticsJobs.Kind.RFM_LIST;
    }

    @Override
    public Map<String, Object> run(AnalyticsJobs.Job job, JsonNode p, AnalyticsJobs.Progress progress) {
        CurrentUser user = new CurrentUser(p.get("userId").asLong(), p.get("email").asString(), p.get("name").asString(),
                Role.valueOf(p.get("role").asString()), p.has("teamId") ? p.get("teamId").asLong() : null);
        RfmSegment segment = RfmSegment.parse("segment", p.get("segment").asString());
        String tag = p.get("tag").asString();
        progress.step("reading the segment", 0, null);
        rfm.freshness();
        var spec = jdbc.sql("select x.contact_id from rfm_scores x join contacts c on c.id = x.contact_id where x.segment = :seg and %s order by 1"
                .formatted(RecordVisibility.condition(user, "c"))).param("seg", segment.key());
        List<Long> ids = RecordVisibility.bind(spec, user).query(Long.class).list();
        long tagged = 0;
        progress.step("tagging contacts", 0, (long) ids.size());
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            tagged += contacts.addTag(user, batch, tag);
            progress.step("tagging contacts", from + batch.size(), (long) ids.size());
        }
        return Map.of("segment", segment.key(), "tag", tag, "contacts", tagged,
                "list", "/contacts?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8));
    }

}
