package io.rapport.customers.imports;

import io.rapport.customers.accounts.Account;
import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.platform.security.RecordVisibility;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Accounts from CSV, checked as the API checks them. Duplicates: the same domain, failing that the same name. */
@Component
class AccountImportTarget implements ImportTarget {

    private static final String COLUMNS = "row_no, name, domain, industry, size, tier, tags, custom";

    private final JdbcClient jdbc;
    private final CustomFields customFields;

    AccountImportTarget(JdbcClient jdbc, CustomFields customFields) {
        this.jdbc = jdbc;
        this.customFields = customFields;
    }

    @Override
    public String entity() {
        return "ACCOUNT";
    }

    @Override
    public List<ImportField> fields() {
        List<ImportField> fields = new ArrayList<>(List.of(
                new ImportField("name", "Name", true, "account", "account name", "company", "company name", "organisation"),
                new ImportField("domain", "Domain", false, "website", "web site", "url", "web"),
                new ImportField("industry", "Industry", false, "sector"),
                new ImportField("size", "Size", false, "employees", "company size"),
                new ImportField("tier", "Tier", false),
                new ImportField("tags", "Tags", false)));
        fields.addAll(CustomValues.fields(customFields.of(EntityKind.ACCOUNT)));
        return fields;
    }

    @Override
    public RowWriter open(ImportRun run) {
        CustomValues custom = new CustomValues(customFields.of(EntityKind.ACCOUNT));
        return new RowWriter() {
            @Override
            public Staged stage(ImportRow row) {
                return AccountImportTarget.stage(row, custom);
            }

            @Override
            public Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy) throws SQLException {
                return AccountImportTarget.this.write(connection, batch, policy, run);
            }
        };
    }

    private static Staged stage(ImportRow row, CustomValues custom) {
        String name = row.text("name", 200);
        if (name == null && row.get("name") == null) row.reject("name", "required");
        String domain = row.text("domain", 253);
        if (domain != null) {
            domain = domain.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^www\\.", "").replaceFirst("/.*$", "");
            if (!domain.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) {
                domain = row.reject("domain", "not a domain name such as example.com");
            }
        }
        String industry = row.text("industry", 100);
        String size = row.oneOf("size", Account.SIZES);
        String tier = row.oneOf("tier", Account.TIERS);
        List<String> tags = ContactImportTarget.tags(row);
        String customJson = custom.read(row);
        if (row.rejected()) return null;
        String line = new CopyLine().add(row.rowNo()).add(name).add(domain).add(industry).add(size).add(tier).array(tags)
                .add(customJson).toString();
        List<String> keys = domain == null ? List.of("n:" + name.toLowerCase(Locale.ROOT))
                : List.of("n:" + name.toLowerCase(Locale.ROOT), "d:" + domain);
        return new Staged(row.rowNo(), line, keys);
    }

    private Counts write(Connection connection, List<Staged> batch, DuplicatePolicy policy, ImportRun run) throws SQLException {
        jdbc.sql("""
                create temp table if not exists import_account_stage (row_no bigint, name text, domain text, industry text,
                    size text, tier text, tags text[], custom jsonb, existing_id bigint,
                    applied boolean not null default false) on commit delete rows""").update();
        CopyLine.copy(connection, "import_account_stage", COLUMNS, batch.stream().map(Staged::copyLine).toList());
        long matched = 0;
        long updated = 0;
        if (policy != DuplicatePolicy.CREATE) {
            String visible = RecordVisibility.condition(run.user(), "a");
            RecordVisibility.bind(jdbc.sql("""
                    update import_account_stage s set existing_id = coalesce(
                        (select a.id from accounts a where s.domain is not null and a.domain = s.domain and %s order by a.id + 0 limit 1),
                        (select a.id from accounts a where lower(a.name) = lower(s.name) and %s order by a.id + 0 limit 1))"""
                    .formatted(visible, visible)), run.user()).update();
            matched = jdbc.sql("select count(*) from import_account_stage where existing_id is not null").query(Long.class).single();
        }
        if (policy == DuplicatePolicy.UPDATE && matched > 0) {
            updated = DuplicateUpdates.apply(jdbc, "import_account_stage", """
                    update accounts a set name = s.name, domain = coalesce(s.domain, a.domain),
                        industry = coalesce(s.industry, a.industry), size = coalesce(s.size, a.size),
                        tier = coalesce(s.tier, a.tier), tags = a.tags || array(select t from unnest(s.tags) t where t <> all(a.tags)),
                        custom = a.custom || coalesce(s.custom, '{}'::jsonb), updated_at = now(), version = a.version + 1
                    from import_account_stage s join picked p on p.row_no = s.row_no where a.id = s.existing_id returning s.row_no""");
        }
        long created = jdbc.sql("""
                insert into accounts (name, domain, industry, size, tier, owner_id, team_id, tags, custom)
                select name, domain, industry, size, tier, :owner, :team, tags, coalesce(custom, '{}'::jsonb)
                from import_account_stage where existing_id is null order by row_no""")
                .param("owner", run.user().id()).param("team", run.user().teamId()).update();
        return new Counts(created, updated, policy == DuplicatePolicy.SKIP ? matched : 0);
    }
}
