package io.rapport.customers.imports;

import io.rapport.customers.contacts.PhoneNumbers;
import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.users.EmailAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contacts from CSV, checked as the API checks them (e-mail shape, E.164 phones, lengths, stages, custom field
 * types, a visible account). Duplicates: the same e-mail (any of the contact's), failing that the same phone.
 */
@Component
class ContactImportTarget implements ImportTarget {

    static final List<String> STAGES = List.of("LEAD", "PROSPECT", "CUSTOMER", "CLIENT", "ADVOCATE", "CHURNED");
    static final List<String> CHANNELS = List.of("EMAIL", "PHONE", "SMS", "CHAT", "SOCIAL", "IN_PERSON");
    private static final String COLUMNS = "row_no, first_name, last_name, emails, phones, job_title, account_id, "
            + "lifecycle_stage, source, preferred_channel, language, street, city, region, postal_code, country, tags, "
            + "email_consent, custom, new_account_name";

    private final JdbcClient jdbc;
    private final CustomFields customFields;

    ContactImportTarget(JdbcClient jdbc, CustomFields customFields) {
        this.jdbc = jdbc;
        this.customFields = customFields;
    }

    @Override
    public String entity() {
        return "CONTACT";
    }

    @Override
    public List<ImportField> fields() {
        List<ImportField> fields = new ArrayList<>(List.of(
                new ImportField("firstName", "First name", false, "given name", "forename", "first"),
                new ImportField("lastName", "Last name", true, "surname", "family name", "name", "last"),
                new ImportField("email", "E-mail", false, "emails", "email address", "mail", "e-mail address"),
                new ImportField("phone", "Phone", false, "phones", "phone number", "telephone", "mobile", "tel"),
                new ImportField("jobTitle", "Job title", false, "title", "position", "role"),
                new ImportField("accountName", "Account (name)", false, "account", "company", "organisation", "organization"),
                new ImportField("accountId", "Account (id)", false),
                new ImportField("lifecycleStage", "Lifecycle stage", false, "stage", "status"),
                new ImportField("source", "Source", false, "lead source"),
                new ImportField("preferredChannel", "Preferred channel", false, "channel"),
                new ImportField("language", "Language", false),
                new ImportField("street", "Street", false, "address", "street address"),
                new ImportField("city", "City", false, "town"),
                new ImportField("region", "Region", false, "state", "province"),
                new ImportField("postalCode", "Postal code", false, "zip", "zip code", "postcode"),
                new ImportField("country", "Country", false, "country code"),
                new ImportField("tags", "Tags", false),
                new ImportField("emailConsent", "E-mail consent", false, "consent", "opt in", "marketing consent")));
        fields.addAll(CustomValues.fields(customFields.of(EntityKind.CONTACT)));
        return fields;
    }

    @Override
    public RowWriter open(ImportRun run) {
        CustomValues custom = new CustomValues(customFields.of(EntityKind.CONTACT));
        return new RowWriter() {
            @Override
            public Staged stage(ImportRow row) {
                return ContactImportTarget.this.stage(row, run, custom);
            }

            @Override
            public Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy) throws SQLException {
                return ContactImportTarget.this.write(connection, batch, policy, run);
            }
        };
    }

    private Staged stage(ImportRow row, ImportRun run, CustomValues custom) {
        String firstName = row.text("firstName", 100);
        String lastName = row.text("lastName", 100);
        if (lastName == null && row.get("lastName") == null) row.reject("lastName", "required");
        List<String> emails = emails(row);
        String country = row.text("country", 2);
        if (country != null) {
            if (!country.matches("[A-Za-z]{2}")) country = row.reject("country", "an ISO 3166 two-letter code such as DE");
            else country = country.toUpperCase(Locale.ROOT);
        }
        List<String> phones = phones(row, country != null ? country : run.phoneRegion());
        String jobTitle = row.text("jobTitle", 200);
        String accountName = row.get("accountId") == null ? row.text("accountName", 200) : null;
        Long accountId = account(row, run.contacts(), accountName);
        // a company name that matches no account the user sees becomes a new account when the batch is written
        String newAccountName = accountId == null ? accountName : null;
        String stage = row.oneOf("lifecycleStage", STAGES);
        String source = row.text("source", 100);
        String channel = row.oneOf("preferredChannel", CHANNELS);
        String language = row.text("language", 35);
        if (language != null && !language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
            language = row.reject("language", "a language tag such as en or pt-BR");
        }
        String street = row.text("street", 200);
        String city = row.text("city", 100);
        String region = row.text("region", 100);
        String postalCode = row.text("postalCode", 20);
        List<String> tags = tags(row);
        Boolean consent = row.bool("emailConsent");
        String customJson = custom.read(row);
        if (row.rejected()) return null;
        String line = new CopyLine().add(row.rowNo()).add(firstName).add(lastName).array(emails).array(phones).add(jobTitle)
                .add(accountId).add(stage).add(source).add(channel).add(language).add(street).add(city).add(region)
                .add(postalCode).add(country).array(tags).add(consent).add(customJson).add(newAccountName).toString();
        List<String> keys = new ArrayList<>(emails.size() + phones.size());
        for (String e : emails) keys.add("e:" + e);
        for (String p : phones) keys.add("p:" + p);
        return new Staged(row.rowNo(), line, keys);
    }

    private static List<String> emails(ImportRow row) {
        List<String> raw = row.list("email", ";,|\\s");
        if (raw.size() > 10) return row.reject("email", "at most 10 e-mail addresses");
        LinkedHashSet<String> cleaned = new LinkedHashSet<>();
        for (String e : raw) {
            if (!EmailAddress.isValid(e)) return row.reject("email", "'" + ImportRow.abbreviate(e) + "' is not a valid e-mail address");
            cleaned.add(new EmailAddress(e).value());
        }
        return List.copyOf(cleaned);
    }

    private static List<String> phones(ImportRow row, String region) {
        List<String> raw = row.list("phone", ";|");
        if (raw.size() > 10) return row.reject("phone", "at most 10 phone numbers");
        LinkedHashSet<String> cleaned = new LinkedHashSet<>();
        for (String p : raw) {
            var e164 = PhoneNumbers.toE164(p, region);
            if (e164.isEmpty()) return row.reject("phone", "'" + ImportRow.abbreviate(p) + "' is not a valid phone number");
            cleaned.add(e164.get());
        }
        return List.copyOf(cleaned);
    }

    static List<String> tags(ImportRow row) {
        List<String> tags = row.list("tags", ";,|").stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
        if (tags.size() > 30 || tags.stream().anyMatch(t -> t.length() > 50)) return row.reject("tags", "at most 30 tags of 50 characters");
        return tags;
    }

    private static Long account(ImportRow row, ContactRefs refs, String name) {
        Long byId = row.id("accountId");
        if (byId != null) {
            return refs.accountById(byId).orElseGet(() -> row.reject("accountId", "no account " + byId));
        }
        if (name == null) return null;
        return refs.accountByName(name).orElse(null);
    }

    /**
     * Company names that matched no visible account: an account created in an earlier batch of this import (or by
     * someone meanwhile) is used, else one account per name (case-insensitive) is created, owned by the importer,
     * in this batch's transaction.
     */
    private void createMissingAccounts(ImportRun run) {
        if (!jdbc.sql("select exists (select 1 from import_contact_stage where new_account_name is not null)").query(Boolean.class).single()) {
            return;
        }
        String link = """
                update import_contact_stage s set account_id = m.id
                from (select distinct on (lower(a.name)) lower(a.name) as name_key, a.id from accounts a
                      where lower(a.name) in (select lower(new_account_name) from import_contact_stage where account_id is null)
                        and %s
                      order by lower(a.name), a.id) m
                where s.account_id is null and lower(s.new_account_name) = m.name_key""".formatted(RecordVisibility.condition(run.user(), "a"));
        RecordVisibility.bind(jdbc.sql(link), run.user()).update();
        jdbc.sql("""
                insert into accounts (name, owner_id, team_id)
                select distinct on (lower(new_account_name)) new_account_name, :owner, :team from import_contact_stage
                where account_id is null and new_account_name is not null order by lower(new_account_name), row_no""")
                .param("owner", run.user().id()).param("team", run.user().teamId()).update();
        RecordVisibility.bind(jdbc.sql(link), run.user()).update();
    }

    private Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy, ImportRun run) throws SQLException {
        jdbc.sql("""
                create temp table if not exists import_contact_stage (row_no bigint, first_name text, last_name text,
                    emails text[], phones text[], job_title text, account_id bigint, lifecycle_stage text, source text,
                    preferred_channel text, language text, street text, city text, region text, postal_code text,
                    country text, tags text[], email_consent boolean, custom jsonb, existing_id bigint,
                    new_account_name text, applied boolean not null default false) on commit delete rows""")
                .update();
        CopyLine.copy(connection, "import_contact_stage", COLUMNS, batch.stream().map(Staged::copyLine).toList());
        createMissingAccounts(run);
        long matched = 0;
        long updated = 0;
        if (policy != DuplicatePolicy.CREATE) {
            String visible = RecordVisibility.condition(run.user(), "c");
            // "id + 0": ordering by the bare id lets the planner walk the primary key hoping to meet a match early,
            // which scans the whole table when there is none; this way the GIN indexes on emails and phones are used
            RecordVisibility.bind(jdbc.sql("""
                    update import_contact_stage s set existing_id = coalesce(
                        (select c.id from contacts c where cardinality(s.emails) > 0 and c.emails && s.emails and %s
                         order by c.id + 0 limit 1),
                        (select c.id from contacts c where cardinality(s.phones) > 0 and c.phones && s.phones and %s
                         order by c.id + 0 limit 1))
                    where cardinality(s.emails) > 0 or cardinality(s.phones) > 0""".formatted(visible, visible)), run.user())
                    .update();
            matched = jdbc.sql("select count(*) from import_contact_stage where existing_id is not null").query(Long.class).single();
        }
        if (policy == DuplicatePolicy.UPDATE && matched > 0) {
            updated = DuplicateUpdates.apply(jdbc, "import_contact_stage", """
                    update contacts c set first_name = coalesce(s.first_name, c.first_name),
                        last_name = coalesce(s.last_name, c.last_name),
                        emails = c.emails || array(select e from unnest(s.emails) e where e <> all(c.emails)),
                        phones = c.phones || array(select p from unnest(s.phones) p where p <> all(c.phones)),
                        job_title = coalesce(s.job_title, c.job_title), account_id = coalesce(s.account_id, c.account_id),
                        lifecycle_stage = coalesce(s.lifecycle_stage, c.lifecycle_stage), source = coalesce(s.source, c.source),
                        preferred_channel = coalesce(s.preferred_channel, c.preferred_channel),
                        language = coalesce(s.language, c.language), street = coalesce(s.street, c.street),
                        city = coalesce(s.city, c.city), region = coalesce(s.region, c.region),
                        postal_code = coalesce(s.postal_code, c.postal_code), country = coalesce(s.country, c.country),
                        tags = c.tags || array(select t from unnest(s.tags) t where t <> all(c.tags)),
                        email_consent = coalesce(s.email_consent, c.email_consent),
                        email_consent_at = case when s.email_consent is distinct from c.email_consent and s.email_consent is not null
                                                then now() else c.email_consent_at end,
                        email_consent_source = case when s.email_consent is distinct from c.email_consent and s.email_consent is not null
                                                    then 'import' else c.email_consent_source end,
                        custom = c.custom || coalesce(s.custom, '{}'::jsonb),
                        updated_at = now(), version = c.version + 1
                    from import_contact_stage s join picked p on p.row_no = s.row_no where c.id = s.existing_id returning s.row_no""");
        }
        long created = jdbc.sql("""
                insert into contacts (first_name, last_name, emails, phones, job_title, account_id, owner_id, team_id,
                    lifecycle_stage, source, preferred_channel, language, street, city, region, postal_code, country, tags,
                    email_consent, email_consent_at, email_consent_source, custom)
                select coalesce(first_name, ''), last_name, emails, phones, job_title, account_id, :owner, :team,
                    coalesce(lifecycle_stage, 'LEAD'), source, preferred_channel, language, street, city, region, postal_code,
                    country, tags, coalesce(email_consent, false), case when email_consent then now() end,
                    case when email_consent then 'import' end, coalesce(custom, '{}'::jsonb)
                from import_contact_stage where existing_id is null order by row_no""")
                .param("owner", run.user().id()).param("team", run.user().teamId()).update();
        return new Counts(created, updated, policy == DuplicatePolicy.SKIP ? matched : 0);
    }
}
