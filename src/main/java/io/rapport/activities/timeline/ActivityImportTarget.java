package io.rapport.activities.timeline;

import io.rapport.customers.imports.ContactRefs;
import io.rapport.customers.imports.CopyLine;
import io.rapport.customers.imports.DuplicatePolicy;
import io.rapport.customers.imports.ImportField;
import io.rapport.customers.imports.ImportRow;
import io.rapport.customers.imports.ImportRun;
import io.rapport.customers.imports.ImportTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Timeline entries from CSV: notes, calls, meetings and e-mails of a contact named by e-mail or id, checked as the
 * API checks a logged entry. A duplicate is an entry of the same kind, contact, time and subject.
 */
@Component
class ActivityImportTarget implements ImportTarget {

    private static final List<String> KINDS = List.of("NOTE", "CALL", "MEETING", "EMAIL");
    private static final String COLUMNS = "row_no, kind, channel, occurred_at, contact_id, account_id, subject, body, direction, "
            + "duration_seconds, outcome, ends_at, location, journey_stage, sentiment";

    private final JdbcClient jdbc;

    ActivityImportTarget(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String entity() {
        return "ACTIVITY";
    }

    @Override
    public List<ImportField> fields() {
        return List.of(
                new ImportField("type", "Type", true, "kind", "activity type"),
                new ImportField("occurredAt", "When", true, "date", "time", "occurred", "occurred at", "start", "timestamp"),
                new ImportField("contactEmail", "Contact e-mail", false, "email", "e-mail", "contact"),
                new ImportField("contactId", "Contact id", false),
                new ImportField("channel", "Channel", false),
                new ImportField("subject", "Subject", false, "title"),
                new ImportField("body", "Body", false, "notes", "note", "text", "description"),
                new ImportField("direction", "Direction", false),
                new ImportField("durationSeconds", "Duration (seconds)", false, "duration"),
                new ImportField("outcome", "Outcome", false, "result"),
                new ImportField("endsAt", "Ends at", false, "end", "ends"),
                new ImportField("location", "Location", false, "place"),
                new ImportField("journeyStage", "Journey stage", false),
                new ImportField("sentiment", "Sentiment", false));
    }

    @Override
    public List<String> mappingProblems(java.util.Set<String> mappedFields) {
        return mappedFields.contains("contactEmail") || mappedFields.contains("contactId") ? List.of()
                : List.of("map a column to contactEmail or contactId: each entry belongs to a contact");
    }

    @Override
    public RowWriter open(ImportRun run) {
        return new RowWriter() {
            @Override
            public Staged stage(ImportRow row) {
                return ActivityImportTarget.stage(row, run.contacts());
            }

            @Override
            public Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy) throws SQLException {
                return ActivityImportTarget.this.write(connection, batch, policy, run);
            }
        };
    }

    private static Staged stage(ImportRow row, ContactRefs contacts) {
        String kind = row.oneOf("type", KINDS);
        if (kind == null && row.get("type") == null) row.reject("type", "required: one of " + KINDS);
        String channel = row.oneOf("channel", ActivityDraft.CHANNELS);
        if (channel == null && kind != null) channel = Activity.Kind.valueOf(kind).defaultChannel;
        Instant at = row.instant("occurredAt");
        if (at == null && row.get("occurredAt") == null) row.reject("occurredAt", "required");
        Optional<ContactRefs.Ref> contact = contact(row, contacts);
        String subject = row.text("subject", 300);
        String body = row.text("body", 20_000);
        String direction = row.oneOf("direction", List.of("INBOUND", "OUTBOUND"));
        Integer duration = row.integer("durationSeconds", 0, 86_400);
        String outcome = row.text("outcome", 100);
        Instant endsAt = row.instant("endsAt");
        if (endsAt != null && at != null && endsAt.isBefore(at)) row.reject("endsAt", "must not be before occurredAt");
        String location = row.text("location", 300);
        String stage = row.oneOf("journeyStage", List.of("AWARENESS", "CONSIDERATION", "PURCHASE", "RETENTION", "ADVOCACY"));
        String sentiment = row.oneOf("sentiment", List.of("POSITIVE", "NEUTRAL", "NEGATIVE"));
        if ("NOTE".equals(kind) && body == null && subject == null) row.reject("body", "a note needs some text");
        if (row.rejected() || contact.isEmpty()) return null;
        String line = new CopyLine().add(row.rowNo()).add(kind).add(channel).add(at).add(contact.get().id())
                .add(contact.get().accountId()).add(subject).add(body).add(direction).add(duration).add(outcome).add(endsAt)
                .add(location).add(stage).add(sentiment).toString();
        return new Staged(row.rowNo(), line, List.of(kind + "|" + contact.get().id() + "|" + at + "|" + subject));
    }

    private static Optional<ContactRefs.Ref> contact(ImportRow row, ContactRefs contacts) {
        Long id = row.id("contactId");
        if (id != null) {
            Optional<ContactRefs.Ref> ref = contacts.contactById(id);
            if (ref.isEmpty()) row.reject("contactId", "no contact " + id);
            return ref;
        }
        String email = row.text("contactEmail", 254);
        if (email == null) {
            if (!row.rejected()) row.reject(row.mapped("contactEmail") ? "contactEmail" : "contactId", "required: the contact's e-mail or id");
            return Optional.empty();
        }
        Optional<ContactRefs.Ref> ref = contacts.contactByEmail(email);
        if (ref.isEmpty()) row.reject("contactEmail", "no contact with the e-mail " + email);
        return ref;
    }

    private Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy, ImportRun run) throws SQLException {
        jdbc.sql("""
                create temp table if not exists import_activity_stage (row_no bigint, kind text, channel text,
                    occurred_at timestamptz, contact_id bigint, account_id bigint, subject text, body text, direction text,
                    duration_seconds int, outcome text, ends_at timestamptz, location text, journey_stage text, sentiment text,
                    existing_id bigint) on commit delete rows""").update();
        CopyLine.copy(connection, "import_activity_stage", COLUMNS, batch.stream().map(Staged::copyLine).toList());
        long matched = 0;
        long updated = 0;
        if (policy != DuplicatePolicy.CREATE) {
            jdbc.sql("""
                    update import_activity_stage s set existing_id = (select a.id from activities a
                        where a.contact_id = s.contact_id and a.occurred_at = s.occurred_at and a.kind = s.kind
                          and a.subject is not distinct from s.subject order by a.id + 0 limit 1)""").update();
            matched = jdbc.sql("select count(*) from import_activity_stage where existing_id is not null").query(Long.class).single();
        }
        if (policy == DuplicatePolicy.UPDATE && matched > 0) {
            updated = jdbc.sql("""
                    update activities a set channel = s.channel, body = coalesce(s.body, a.body),
                        direction = coalesce(s.direction, a.direction), duration_seconds = coalesce(s.duration_seconds, a.duration_seconds),
                        outcome = coalesce(s.outcome, a.outcome), ends_at = coalesce(s.ends_at, a.ends_at),
                        location = coalesce(s.location, a.location), journey_stage = coalesce(s.journey_stage, a.journey_stage),
                        sentiment = coalesce(s.sentiment, a.sentiment)
                    from import_activity_stage s where a.id = s.existing_id""").update();
        }
        long created = jdbc.sql("""
                insert into activities (kind, channel, occurred_at, author_id, contact_id, account_id, subject, body, direction,
                    duration_seconds, outcome, ends_at, location, journey_stage, sentiment, source)
                select kind, channel, occurred_at, :author, contact_id, account_id, subject, body, direction, duration_seconds,
                    outcome, ends_at, location, journey_stage, sentiment, 'import'
                from import_activity_stage where existing_id is null order by row_no""")
                .param("author", run.user().id()).update();
        return new Counts(created, updated, policy == DuplicatePolicy.SKIP ? matched : 0);
    }
}
