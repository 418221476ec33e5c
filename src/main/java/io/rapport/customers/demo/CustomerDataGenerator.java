package io.rapport.customers.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Deterministic, realistic customer data (accounts + contacts) for demo data and benchmarks.
 *
 * <p>Everything is derived from {@link Plan#seed()}: the same plan always yields the same rows
 * (ids aside, which the database assigns). Rows are streamed into PostgreSQL with
 * {@code COPY ... FROM STDIN (FORMAT csv)}; contacts are never held in memory, accounts only as a
 * few small arrays (domain, country, owner, size) so contacts can reference them.
 *
 * <p>Account ids are drawn from the {@code accounts} bigserial sequence up front
 * ({@code nextval} once per account) and written explicitly, so contacts can be wired to their
 * accounts without reading rows back and without any ambiguity under concurrent inserts. Contact
 * ids are assigned by the column default.
 */
public final class CustomerDataGenerator {

    /** A user who owns generated records; {@code teamId} is that user's team (may be null). */
    public record Owner(long userId, Long teamId) {}

    /**
     * What to generate.
     *
     * @param accounts          number of accounts (0 allowed: all contacts are then account-less)
     * @param contacts          number of contacts
     * @param seed              random seed; same seed, same data
     * @param owners            users to spread ownership over (at least one)
     * @param now               reference "now": timestamps fall in the 18 months before it
     * @param withCustomValues  fill {@code custom} jsonb with values for the fields created by
     *                          {@link #defineCustomFields(DataSource)} (and define them)
     */
    public record Plan(int accounts, int contacts, long seed, List<Owner> owners, Instant now,
                       boolean withCustomValues) {
        public Plan {
            if (accounts < 0 || contacts < 0) {
                throw new IllegalArgumentException("accounts and contacts must be >= 0");
            }
            Objects.requireNonNull(now, "now");
            owners = List.copyOf(Objects.requireNonNull(owners, "owners"));
            if (owners.isEmpty()) {
                throw new IllegalArgumentException("at least one owner is required");
            }
        }

        /** A plan without custom field values. */
        public Plan(int accounts, int contacts, long seed, List<Owner> owners, Instant now) {
            this(accounts, contacts, seed, owners, now, false);
        }
    }

    public record Result(int accounts, int contacts) {}

    private static final System.Logger LOG = System.getLogger(CustomerDataGenerator.class.getName());

    private CustomerDataGenerator() {}

    // ------------------------------------------------------------------------------------------
    // Public API
    // ------------------------------------------------------------------------------------------

    /**
     * Writes {@code plan.accounts()} accounts and then {@code plan.contacts()} contacts in one
     * transaction using COPY. If {@code plan.withCustomValues()} the custom field definitions are
     * created first (idempotently).
     *
     * <p>Loads of {@link #BULK_LOAD_THRESHOLD} rows or more into a table holding fewer drop that
     * table's secondary indexes and foreign keys in the loading transaction and rebuild them right
     * after the commit, several at once (see {@link #restoreAfterBulkLoad}). Demo-sized loads stay
     * entirely transactional.
     */
    public static Result generate(DataSource ds, Plan plan) throws SQLException {
        Objects.requireNonNull(ds, "ds");
        Objects.requireNonNull(plan, "plan");
        List<Deferred> deferred = new ArrayList<>();
        Result result;
        long started = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute("set local synchronous_commit = off");
                }
                if (plan.withCustomValues()) {
                    defineCustomFields(c);
                }
                long[] accountIds = reserveIds(c, "accounts", plan.accounts());
                RowSource rows = new RowSource(plan);
                deferred.add(deferForBulkLoad(c, "accounts", plan.accounts()));
                long accounts = copy(c, ACCOUNT_COPY, w -> {
                    StringBuilder sb = new StringBuilder(512);
                    for (int i = 0; i < plan.accounts(); i++) {
                        sb.setLength(0);
                        rows.nextAccount().appendCsv(sb, accountIds[i]);
                        w.append(sb);
                    }
                });
                deferred.add(deferForBulkLoad(c, "contacts", plan.contacts()));
                long contacts = copy(c, CONTACT_COPY, w -> {
                    StringBuilder sb = new StringBuilder(1024);
                    for (int i = 0; i < plan.contacts(); i++) {
                        sb.setLength(0);
                        rows.nextContact().appendCsv(sb, accountIds);
                        w.append(sb);
                    }
                });
                c.commit();
                result = new Result((int) accounts, (int) contacts);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
        long copied = System.nanoTime();
        restoreAfterBulkLoad(ds, deferred);
        long done = System.nanoTime();
        System.Logger.Level level = deferred.stream().allMatch(d -> d.indexes().isEmpty() && d.foreignKeys().isEmpty())
                ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
        LOG.log(level, () -> String.format(
                "Generated %d accounts and %d contacts in %d ms (COPY %d ms, deferred indexes and keys %d ms)",
                result.accounts(), result.contacts(), (done - started) / 1_000_000, (copied - started) / 1_000_000,
                (done - copied) / 1_000_000));
        return result;
    }

    /**
     * Writes an audit trail for contacts that do not have one yet (idempotent): a {@code CREATE}
     * row at each contact's {@code created_at} by its owner, and for about 30% of them an
     * {@code UPDATE} row at {@code updated_at} with a plausible {@code changes} document. Meant for
     * demo-sized data sets (it reads every contact once).
     *
     * @return number of audit rows written
     */
    public static long writeHistory(DataSource ds, Plan plan) throws SQLException {
        Objects.requireNonNull(ds, "ds");
        Objects.requireNonNull(plan, "plan");
        try (Connection reader = ds.getConnection(); Connection writer = ds.getConnection()) {
            boolean readerAc = reader.getAutoCommit();
            boolean writerAc = writer.getAutoCommit();
            reader.setAutoCommit(false); // needed for a server-side cursor (fetch size)
            writer.setAutoCommit(false);
            try {
                Map<Long, String> emails = new HashMap<>();
                try (Statement st = reader.createStatement();
                     ResultSet rs = st.executeQuery("select id, email from users")) {
                    while (rs.next()) {
                        emails.put(rs.getLong(1), rs.getString(2));
                    }
                }
                String select = """
                    select c.id, c.first_name, c.last_name, c.owner_id, c.lifecycle_stage,
                           c.preferred_channel, c.created_at, c.updated_at
                      from contacts c
                     where not exists (select 1 from audit_log a
                                        where a.entity_type = 'CONTACT' and a.entity_id = c.id
                                          and a.action = 'CREATE')
                     order by c.id""";
                try (Statement st = writer.createStatement()) {
                    st.execute("""
                        create temp table audit_history_tmp (at timestamptz, actor_id bigint, actor_email text,
                            action text, entity_type text, entity_id bigint, summary text, changes jsonb)
                        on commit drop""");
                }
                try (PreparedStatement ps = reader.prepareStatement(select)) {
                    ps.setFetchSize(2_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        copy(writer, AUDIT_COPY, w -> {
                            StringBuilder sb = new StringBuilder(256);
                            while (next(rs)) {
                                historyRows(sb, rs, plan.seed(), emails);
                                w.append(sb);
                                sb.setLength(0);
                            }
                        });
                    }
                }
                // ids in time order, as if the entries had been written as things happened
                long written;
                try (Statement st = writer.createStatement()) {
                    written = st.executeUpdate("""
                        insert into audit_log (at, actor_id, actor_email, action, entity_type, entity_id, summary, changes)
                        select at, actor_id, actor_email, action, entity_type, entity_id, summary, changes
                          from audit_history_tmp order by at, entity_id""");
                }
                reader.commit();
                writer.commit();
                return written;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(writer, e);
                rollbackQuietly(reader, e);
                throw e;
            } finally {
                reader.setAutoCommit(readerAc);
                writer.setAutoCommit(writerAc);
            }
        }
    }

    /**
     * Creates the demo custom field definitions if they do not exist yet:
     * CONTACT nps_last (NUMBER), segment (SELECT), birthday (DATE); ACCOUNT contract_renewal (DATE),
     * arr (NUMBER).
     */
    public static void defineCustomFields(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            defineCustomFields(c);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // JDBC plumbing
    // ------------------------------------------------------------------------------------------

    /**
     * Loads of at least this many rows (into a table holding fewer) build the table's secondary indexes
     * and check its foreign keys once at the end instead of row by row.
     */
    static final int BULK_LOAD_THRESHOLD = 100_000;

    /** Connections that build deferred indexes at once (PostgreSQL builds one GIN/GiST index per backend). */
    static final int INDEX_BUILD_CONNECTIONS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    static final String ACCOUNT_COPY = "copy accounts (id, name, domain, industry, size, tier, owner_id, team_id, "
            + "tags, custom, created_at, updated_at) from stdin with (format csv)";

    static final String CONTACT_COPY = "copy contacts (first_name, last_name, emails, phones, job_title, account_id, "
            + "owner_id, team_id, lifecycle_stage, source, preferred_channel, language, street, city, region, "
            + "postal_code, country, tags, email_consent, email_consent_at, email_consent_source, custom, "
            + "created_at, updated_at) from stdin with (format csv)";

    static final String AUDIT_COPY = "copy audit_history_tmp (at, actor_id, actor_email, action, entity_type, entity_id, "
            + "summary, changes) from stdin with (format csv)";

    private static void defineCustomFields(Connection c) throws SQLException {
        String sql = """
            insert into custom_fields (entity, key, label, type, options, position)
            values ('CONTACT', 'nps_last', 'Last NPS score', 'NUMBER', '{}', 10),
                   ('CONTACT', 'segment', 'Segment', 'SELECT', '{SMB,Mid-market,Enterprise}', 20),
                   ('CONTACT', 'birthday', 'Birthday', 'DATE', '{}', 30),
                   ('ACCOUNT', 'contract_renewal', 'Contract renewal', 'DATE', '{}', 10),
                   ('ACCOUNT', 'arr', 'Annual recurring revenue', 'NUMBER', '{}', 20)
            on conflict (entity, key) do nothing""";
        try (Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    /** What {@link #deferForBulkLoad} dropped and {@link #restoreAfterBulkLoad} puts back. */
    private record Deferred(String table, List<String> indexes, List<String[]> foreignKeys) {}

    /**
     * For a large load into a table that is small in comparison, drops the table's secondary indexes
     * (not primary keys or indexes behind constraints) and its foreign keys, in the loading
     * transaction, so they can be built and validated once after the commit: building a GIN or GiST
     * index in one go is several times faster than maintaining it row by row, several can be built at
     * once on several connections, and one anti-join beats a key lookup per row.
     */
    private static Deferred deferForBulkLoad(Connection c, String table, int rows) throws SQLException {
        Deferred none = new Deferred(table, List.of(), List.of());
        if (rows < BULK_LOAD_THRESHOLD) {
            return none;
        }
        try (PreparedStatement ps = c.prepareStatement("select reltuples from pg_class where oid = ?::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getDouble(1) > rows) {
                    return none; // already big: rebuilding would cost more than maintaining
                }
            }
        }
        List<String> dropIndexes = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                  from pg_index i
                 where i.indrelid = ?::regclass and not i.indisprimary and not i.indisunique and i.indisvalid
                   and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
                 order by i.indexrelid""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dropIndexes.add("drop index " + rs.getString(1));
                    indexes.add(rs.getString(2));
                }
            }
        }
        List<String> dropKeys = new ArrayList<>();
        List<String[]> foreignKeys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select conname, quote_ident(conname), pg_get_constraintdef(oid)
                  from pg_constraint
                 where conrelid = ?::regclass and contype = 'f' and convalidated
                 order by oid""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dropKeys.add("alter table " + table + " drop constraint " + rs.getString(2));
                    foreignKeys.add(new String[] {rs.getString(1),
                        "alter table " + table + " add constraint " + rs.getString(2) + " " + rs.getString(3)});
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String sql : dropKeys) {
                st.execute(sql);
            }
            for (String sql : dropIndexes) {
                st.execute(sql);
            }
        }
        return new Deferred(table, indexes, foreignKeys);
    }

    /**
     * Builds the deferred indexes on up to {@link #INDEX_BUILD_CONNECTIONS} connections at once, the
     * slow GiST/GIN ones first, then re-adds the foreign keys. Idempotent ({@code if not exists}), and
     * if a parallel build fails the rest is retried on one connection before giving up, so the schema
     * ends up complete whenever the database lets it.
     */
    private static void restoreAfterBulkLoad(DataSource ds, List<Deferred> deferred) throws SQLException {
        List<String> indexes = new ArrayList<>();
        List<String[]> foreignKeys = new ArrayList<>();
        for (Deferred d : deferred) {
            d.indexes().forEach(def -> indexes.add(def.replaceFirst("^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ")));
            foreignKeys.addAll(d.foreignKeys());
        }
        if (indexes.isEmpty() && foreignKeys.isEmpty()) {
            return;
        }
        indexes.sort(java.util.Comparator.comparingInt(CustomerDataGenerator::buildCostRank));
        java.util.concurrent.ConcurrentLinkedQueue<String> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(indexes);
        int workers = Math.min(indexes.size(), INDEX_BUILD_CONNECTIONS);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(true);
                    try (Statement st = c.createStatement()) {
                        for (String sql = queue.poll(); sql != null && failures.isEmpty(); sql = queue.poll()) {
                            timed(st, sql);
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    failures.add(e);
                }
            }, "index-build-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(e);
            }
        }
        try (Connection c = ds.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                if (!failures.isEmpty()) {
                    for (String sql : indexes) {
                        timed(st, sql); // whatever the workers did not get to
                    }
                }
                for (String[] key : foreignKeys) {
                    try (PreparedStatement exists = c.prepareStatement(
                            "select 1 from pg_constraint where conname = ? and contype = 'f'")) {
                        exists.setString(1, key[0]);
                        try (ResultSet rs = exists.executeQuery()) {
                            if (rs.next()) {
                                continue;
                            }
                        }
                    }
                    timed(st, key[1]);
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            failures.forEach(e::addSuppressed);
            throw e;
        }
        if (!failures.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Parallel index build failed, finished on one connection",
                    failures.getFirst());
        }
    }

    /** Slowest builds first so the parallel workers finish close together. */
    private static int buildCostRank(String indexDefinition) {
        String d = indexDefinition.toLowerCase(java.util.Locale.ROOT);
        return d.contains(" using gist ") ? 0 : d.contains(" using gin ") ? 1 : 2;
    }

    private static void timed(Statement st, String sql) throws SQLException {
        long t = System.nanoTime();
        st.execute(sql);
        LOG.log(System.Logger.Level.DEBUG, () -> sql + ": " + (System.nanoTime() - t) / 1_000_000 + " ms");
    }

    private static long[] reserveIds(Connection c, String table, int n) throws SQLException {
        long[] ids = new long[n];
        if (n == 0) {
            return ids;
        }
        String sql = "select nextval(pg_get_serial_sequence(?, 'id')) from generate_series(1, ?) g order by g";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            ps.setInt(2, n);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    ids[i++] = rs.getLong(1);
                }
                if (i != n) {
                    throw new SQLException("reserved " + i + " ids instead of " + n);
                }
            }
        }
        return ids;
    }

    @FunctionalInterface
    private interface CsvBody {
        void write(Writer w) throws IOException, SQLException;
    }

    /** Runs one COPY FROM STDIN, streaming what {@code body} writes; returns the row count. */
    private static long copy(Connection c, String sql, CsvBody body) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        CopyIn in = pg.getCopyAPI().copyIn(sql);
        try {
            PGCopyOutputStream out = new PGCopyOutputStream(in, 1 << 16);
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.write(w);
            w.flush();
            return out.endCopy();
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        } finally {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // the original failure is more useful
                }
            }
        }
    }

    private static boolean next(ResultSet rs) throws IOException {
        try {
            return rs.next();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Appends the audit CSV lines for one contact; returns how many. */
    private static int historyRows(StringBuilder sb, ResultSet rs, long seed, Map<Long, String> emails)
            throws IOException {
        try {
            long id = rs.getLong(1);
            String name = (rs.getString(2) + " " + rs.getString(3)).trim();
            long owner = rs.getLong(4);
            Long actor = rs.wasNull() ? null : owner;
            String stage = rs.getString(5);
            String channel = rs.getString(6);
            Instant created = rs.getTimestamp(7).toInstant();
            Instant updated = rs.getTimestamp(8).toInstant();
            String email = actor == null ? null : emails.get(actor);
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);

            boolean update = updated.isAfter(created) && r.nextInt(100) < 30;
            String[] change = update ? updateChange(r, stage, channel) : null;
            String initialStage = change != null && change[0].equals("lifecycleStage") ? change[1] : stage;

            StringBuilder createChanges = new StringBuilder(160).append('{');
            createdField(createChanges, "firstName", rs.getString(2));
            createdField(createChanges, "lastName", rs.getString(3));
            createdField(createChanges, "lifecycleStage", initialStage);
            if (actor != null) {
                createChanges.append(createChanges.length() > 1 ? ", " : "")
                        .append("\"ownerId\": {\"old\": null, \"new\": ").append(actor.longValue()).append('}');
            }
            auditLine(sb, created, actor, email, "CREATE", id, "Created contact " + name,
                    createChanges.append('}').toString());
            if (update) {
                auditLine(sb, updated, actor, email, "UPDATE", id, "Updated contact " + name,
                        "{\"" + change[0] + "\": {\"old\": \"" + change[1] + "\", \"new\": \"" + change[2] + "\"}}");
                return 2;
            }
            return 1;
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static void createdField(StringBuilder sb, String field, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (sb.length() > 1) {
            sb.append(", ");
        }
        sb.append('"').append(field).append("\": {\"old\": null, \"new\": ");
        jsonString(sb, value);
        sb.append('}');
    }

    /** {field, old, new} of a plausible last change that leaves the contact as it is now. */
    static String[] updateChange(SplittableRandom r, String stage, String channel) {
        String previousStage = switch (stage) {
            case "PROSPECT" -> "LEAD";
            case "CUSTOMER" -> "PROSPECT";
            case "CLIENT" -> "CUSTOMER";
            case "ADVOCATE" -> "CLIENT";
            case "CHURNED" -> r.nextBoolean() ? "CUSTOMER" : "CLIENT";
            default -> null;
        };
        if (previousStage != null) {
            return new String[] {"lifecycleStage", previousStage, stage};
        }
        String current = channel == null ? "EMAIL" : channel;
        String old = current.equals("PHONE") ? "EMAIL" : "PHONE";
        return new String[] {"preferredChannel", old, current};
    }

    private static void auditLine(StringBuilder sb, Instant at, Long actor, String actorEmail, String action,
                                  long entityId, String summary, String changes) {
        sb.append(at).append(',');
        if (actor != null) {
            sb.append(actor.longValue());
        }
        sb.append(',');
        csv(sb, actorEmail);
        sb.append(',').append(action).append(",CONTACT,").append(entityId).append(',');
        csv(sb, summary);
        sb.append(',');
        csv(sb, changes);
        sb.append('\n');
    }

    // ------------------------------------------------------------------------------------------
    // CSV / PostgreSQL literal helpers (package-private for tests)
    // ------------------------------------------------------------------------------------------

    /** Appends a CSV field; {@code null} becomes an empty unquoted field (SQL NULL in COPY csv). */
    static void csv(StringBuilder sb, String value) {
        if (value == null) {
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                sb.append('"');
            }
            sb.append(ch);
        }
        sb.append('"');
    }

    /** PostgreSQL array literal with every element quoted, e.g. {@code {"a","b \"c\""}}. */
    static String pgArray(List<String> values) {
        StringBuilder sb = new StringBuilder(2 + values.size() * 16).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"');
            String v = values.get(i);
            for (int j = 0; j < v.length(); j++) {
                char ch = v.charAt(j);
                if (ch == '"' || ch == '\\') {
                    sb.append('\\');
                }
                sb.append(ch);
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Lower-case ASCII for e-mail local parts and domains: "Jürgen O'Brien" becomes "juergenobrien". */
    static String ascii(String s) {
        String t = s.toLowerCase(java.util.Locale.ROOT)
                .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
                .replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("ł", "l").replace("ı", "i");
        t = Normalizer.normalize(t, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------
    // Row model (package-private for tests)
    // ------------------------------------------------------------------------------------------

    record AccountRow(String name, String domain, String industry, String size, String tier, long ownerId,
                      Long teamId, List<String> tags, String customJson, Instant createdAt, Instant updatedAt) {

        void appendCsv(StringBuilder sb, long id) {
            sb.append(id).append(',');
            csv(sb, name);
            sb.append(',');
            csv(sb, domain);
            sb.append(',');
            csv(sb, industry);
            sb.append(',');
            csv(sb, size);
            sb.append(',');
            csv(sb, tier);
            sb.append(',').append(ownerId).append(',');
            if (teamId != null) {
                sb.append(teamId.longValue());
            }
            sb.append(',');
            csv(sb, pgArray(tags));
            sb.append(',');
            csv(sb, customJson);
            sb.append(',').append(createdAt).append(',').append(updatedAt).append('\n');
        }
    }

    /** {@code accountIndex} is the 0-based position of the account in generation order, -1 for none. */
    record ContactRow(String firstName, String lastName, List<String> emails, List<String> phones,
                      String jobTitle, int accountIndex, long ownerId, Long teamId, String lifecycleStage,
                      String source, String preferredChannel, String language, String street, String city,
                      String region, String postalCode, String country, List<String> tags, boolean emailConsent,
                      Instant emailConsentAt, String emailConsentSource, String customJson, Instant createdAt,
                      Instant updatedAt) {

        void appendCsv(StringBuilder sb, long[] accountIds) {
            csv(sb, firstName);
            sb.append(',');
            csv(sb, lastName);
            sb.append(',');
            csv(sb, pgArray(emails));
            sb.append(',');
            csv(sb, pgArray(phones));
            sb.append(',');
            csv(sb, jobTitle);
            sb.append(',');
            if (accountIndex >= 0) {
                sb.append(accountIds[accountIndex]);
            }
            sb.append(',').append(ownerId).append(',');
            if (teamId != null) {
                sb.append(teamId.longValue());
            }
            sb.append(',');
            csv(sb, lifecycleStage);
            sb.append(',');
            csv(sb, source);
            sb.append(',');
            csv(sb, preferredChannel);
            sb.append(',');
            csv(sb, language);
            sb.append(',');
            csv(sb, street);
            sb.append(',');
            csv(sb, city);
            sb.append(',');
            csv(sb, region);
            sb.append(',');
            csv(sb, postalCode);
            sb.append(',');
            csv(sb, country);
            sb.append(',');
            csv(sb, pgArray(tags));
            sb.append(',').append(emailConsent ? 't' : 'f').append(',');
            if (emailConsentAt != null) {
                sb.append(emailConsentAt);
            }
            sb.append(',');
            csv(sb, emailConsentSource);
            sb.append(',');
            csv(sb, customJson);
            sb.append(',').append(createdAt).append(',').append(updatedAt).append('\n');
        }
    }

    // ------------------------------------------------------------------------------------------
    // Row generation
    // ------------------------------------------------------------------------------------------

    /** The first {@code n} contacts of a plan (generates all of the plan's accounts first). */
    static List<ContactRow> sampleContacts(Plan plan, int n) {
        RowSource rows = new RowSource(plan);
        for (int i = 0; i < plan.accounts(); i++) {
            rows.nextAccount();
        }
        List<ContactRow> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rows.nextContact());
        }
        return out;
    }

    /** The first {@code n} accounts of a plan. */
    static List<AccountRow> sampleAccounts(Plan plan, int n) {
        RowSource rows = new RowSource(plan);
        List<AccountRow> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rows.nextAccount());
        }
        return out;
    }

    /**
     * Sequential row source: call {@link #nextAccount()} exactly {@code plan.accounts()} times, then
     * {@link #nextContact()} as often as needed. Accounts and contacts use independent random
     * streams derived from the seed.
     */
    static final class RowSource {
        private final Plan plan;
        private final SplittableRandom accountRnd;
        private final SplittableRandom contactRnd;
        private final long startMicros;
        private final long nowMicros;
        // what contacts need to know about accounts (kept small on purpose)
        private final String[] accountDomain;
        private final byte[] accountCountry;
        private final byte[] accountSize;
        private final int[] accountOwner;
        private final Set<String> accountNames = new HashSet<>();
        private int accountsMade;
        private int contactsMade;

        RowSource(Plan plan) {
            this.plan = plan;
            this.accountRnd = new SplittableRandom(plan.seed());
            this.contactRnd = new SplittableRandom(plan.seed() ^ 0x5DEECE66DL * 0x2545F4914F6CDD1DL);
            this.nowMicros = micros(plan.now());
            this.startMicros = micros(plan.now().atOffset(ZoneOffset.UTC).minusMonths(18).toInstant());
            this.accountDomain = new String[plan.accounts()];
            this.accountCountry = new byte[plan.accounts()];
            this.accountSize = new byte[plan.accounts()];
            this.accountOwner = new int[plan.accounts()];
        }

        AccountRow nextAccount() {
            if (accountsMade >= plan.accounts()) {
                throw new IllegalStateException("all " + plan.accounts() + " accounts already generated");
            }
            SplittableRandom r = accountRnd;
            int i = accountsMade++;

            int country = pickWeighted(r, ACCOUNT_COUNTRY_WEIGHTS);
            int industry = r.nextInt(INDUSTRIES.length);
            String baseName = null;
            String legal = null;
            String name = null;
            for (int attempt = 0; attempt < 12; attempt++) {
                baseName = companyBaseName(r, industry);
                String[] forms = LEGAL_FORMS[country];
                legal = forms[r.nextInt(forms.length)];
                name = legal.isEmpty() ? baseName : baseName + " " + legal;
                if (!accountNames.contains(name)) {
                    break;
                }
            }
            String domainStem = domainStem(r, baseName);
            if (!accountNames.add(name)) {
                // every combination tried collided: fall back to a numbered name
                String numbered;
                int n = 2;
                do {
                    numbered = name + " " + n;
                    n++;
                } while (!accountNames.add(numbered));
                domainStem = domainStem + (n - 1);
                name = numbered;
            }
            String domain = domainStem + tld(r, country, industry);

            int size = pickWeighted(r, SIZE_WEIGHTS);
            int tier = Math.min(TIERS.length - 1, pickWeighted(r, TIER_WEIGHTS) + (size >= 4 ? 1 : 0));
            int owner = pickOwner(r, i);
            List<String> tags = pickTags(r, ACCOUNT_TAGS, 55);
            long created = between(r, startMicros, nowMicros);
            long updated = between(r, created, nowMicros);

            String custom = "{}";
            if (plan.withCustomValues()) {
                StringBuilder json = new StringBuilder(64).append('{');
                if (r.nextInt(100) < 80) {
                    long[] range = ARR_RANGES[size];
                    long arr = (range[0] + (long) (r.nextDouble() * (range[1] - range[0]))) / 1000 * 1000;
                    json.append("\"arr\": ").append(arr);
                }
                if (r.nextInt(100) < 70) {
                    LocalDate renewal = LocalDate.ofInstant(plan.now(), ZoneOffset.UTC)
                            .plusDays(r.nextInt(-30, 548));
                    if (json.length() > 1) {
                        json.append(", ");
                    }
                    json.append("\"contract_renewal\": \"").append(renewal).append('"');
                }
                custom = json.append('}').toString();
            }

            accountDomain[i] = domain;
            accountCountry[i] = (byte) country;
            accountSize[i] = (byte) size;
            accountOwner[i] = owner;
            Owner o = plan.owners().get(owner);
            return new AccountRow(name, domain, INDUSTRIES[industry], SIZES[size], TIERS[tier], o.userId(),
                    o.teamId(), tags, custom, instant(created), instant(updated));
        }

        ContactRow nextContact() {
            if (accountsMade < plan.accounts()) {
                throw new IllegalStateException("generate all accounts before contacts");
            }
            SplittableRandom r = contactRnd;
            int i = contactsMade++;

            int account = -1;
            if (plan.accounts() > 0 && r.nextInt(100) < 90) {
                // bigger companies get more contacts (rejection sampling on size)
                do {
                    account = r.nextInt(plan.accounts());
                } while (r.nextInt(100) >= ACCOUNT_PICK_ACCEPT[accountSize[account]]);
            }
            int country = account >= 0 && r.nextInt(100) < 85
                    ? accountCountry[account]
                    : pickWeighted(r, CONTACT_COUNTRY_WEIGHTS);

            String first;
            String last;
            if (r.nextInt(100) < 75) {
                first = pick(r, FIRST_NAMES[country]);
                last = pick(r, LAST_NAMES[country]);
            } else {
                first = pick(r, FIRST_NAMES[r.nextInt(FIRST_NAMES.length)]);
                last = pick(r, LAST_NAMES[r.nextInt(LAST_NAMES.length)]);
            }

            List<String> emails = new ArrayList<>(2);
            String localFirst = ascii(first);
            String localLast = ascii(last);
            if (account >= 0) {
                emails.add(localFirst + "." + localLast + "@" + accountDomain[account]);
            }
            if (account < 0 || r.nextInt(100) < 25) {
                emails.add(personalEmail(r, localFirst, localLast, country));
            }

            List<String> phones = new ArrayList<>(2);
            int phoneRoll = r.nextInt(100);
            if (phoneRoll < 85) {
                phones.add(phone(r, country, r.nextInt(100) < 65));
                if (phoneRoll < 15) {
                    phones.add(phone(r, country, false));
                }
            }

            String jobTitle = r.nextInt(100) < 95 ? pick(r, JOB_TITLES) : null;
            int owner = account >= 0 && r.nextInt(100) < 60 ? accountOwner[account] : pickOwner(r, i);
            String stage = STAGES[pickWeighted(r, account >= 0 ? STAGE_WEIGHTS : STAGE_WEIGHTS_NO_ACCOUNT)];
            String source = SOURCES[pickWeighted(r, SOURCE_WEIGHTS)];
            String channel = CHANNELS[pickWeighted(r, CHANNEL_WEIGHTS)];
            int languageRoll = r.nextInt(100);
            String language = country == US ? (languageRoll < 8 ? "es" : "en")
                    : languageRoll < 85 ? LANGUAGE[country] : "en";

            String[] city = pick(r, CITIES[country]);
            String street = null;
            String postal = null;
            String region = null;
            String cityName = null;
            int addressRoll = r.nextInt(100);
            if (addressRoll < 90) {
                cityName = city[0];
                region = city[1];
                if (addressRoll < 60) {
                    street = street(r, country);
                    postal = postalCode(r, country, city[2]);
                }
            }

            List<String> tags = pickTags(r, CONTACT_TAGS, 45);
            long created = between(r, startMicros, nowMicros);
            long updated = r.nextInt(100) < 20 ? created : between(r, created, nowMicros);

            boolean consent = r.nextInt(100) < 60;
            Instant consentAt = null;
            String consentSource = null;
            if (consent) {
                consentSource = CONSENT_SOURCES[pickWeighted(r, CONSENT_SOURCE_WEIGHTS)];
                consentAt = consentSource.equals("web form") ? instant(created) : instant(between(r, created, updated));
            }

            String custom = "{}";
            if (plan.withCustomValues()) {
                custom = contactCustom(r, account >= 0 ? accountSize[account] : -1);
            }

            Owner o = plan.owners().get(owner);
            return new ContactRow(first, last, emails, phones, jobTitle, account, o.userId(), o.teamId(), stage,
                    source, channel, language, street, cityName, region, postal, COUNTRIES[country], tags, consent,
                    consentAt, consentSource, custom, instant(created), instant(updated));
        }

        private String contactCustom(SplittableRandom r, int size) {
            StringBuilder json = new StringBuilder(80).append('{');
            if (r.nextInt(100) < 85) {
                String segment = size < 0 ? (r.nextInt(100) < 80 ? "SMB" : "Mid-market")
                        : size <= 1 ? "SMB" : size <= 3 ? "Mid-market" : "Enterprise";
                json.append("\"segment\": ");
                jsonString(json, segment);
            }
            if (r.nextInt(100) < 40) {
                // NPS answers skew towards promoters
                int nps = Math.min(10, (int) Math.round(10 * Math.sqrt(r.nextDouble()) + r.nextInt(-1, 2)));
                nps = Math.max(0, nps);
                if (json.length() > 1) {
                    json.append(", ");
                }
                json.append("\"nps_last\": ").append(nps);
            }
            if (r.nextInt(100) < 15) {
                LocalDate birthday = LocalDate.of(1958, 1, 1).plusDays(r.nextInt(365 * 45));
                if (json.length() > 1) {
                    json.append(", ");
                }
                json.append("\"birthday\": \"").append(birthday).append('"');
            }
            return json.append('}').toString();
        }

        private int pickOwner(SplittableRandom r, int i) {
            int n = plan.owners().size();
            return r.nextInt(100) < 70 ? i % n : r.nextInt(n);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Generation helpers
    // ------------------------------------------------------------------------------------------

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static long between(SplittableRandom r, long from, long to) {
        return to > from ? r.nextLong(from, to) : from;
    }

    private static <T> T pick(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static int pickWeighted(SplittableRandom r, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** 0 to 3 distinct tags; {@code nonePercent}% of rows get none. */
    private static List<String> pickTags(SplittableRandom r, String[] vocabulary, int nonePercent) {
        if (r.nextInt(100) < nonePercent) {
            return List.of();
        }
        int n = 1 + (r.nextInt(100) < 30 ? 1 : 0) + (r.nextInt(100) < 10 ? 1 : 0);
        List<String> tags = new ArrayList<>(n);
        while (tags.size() < n) {
            String t = pick(r, vocabulary);
            if (!tags.contains(t)) {
                tags.add(t);
            }
        }
        return tags;
    }

    private static String companyBaseName(SplittableRandom r, int industry) {
        String[] nouns = INDUSTRY_NOUNS[industry];
        int style = r.nextInt(100);
        if (style < 65) {
            return pick(r, COMPANY_WORDS) + " " + pick(r, nouns);
        }
        String[] lastNames = LAST_NAMES[r.nextInt(LAST_NAMES.length)];
        String a = capitalize(pick(r, lastNames));
        if (style < 90) {
            return a + " " + pick(r, nouns);
        }
        String b;
        do {
            b = pick(r, lastNames);
        } while (capitalize(b).equals(a));
        return a + " & " + b;
    }

    private static String capitalize(String s) {
        return s.isEmpty() || Character.isUpperCase(s.charAt(0)) ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String domainStem(SplittableRandom r, String baseName) {
        String[] words = baseName.replace("&", " ").trim().split("\\s+");
        StringBuilder sb = new StringBuilder(baseName.length());
        boolean hyphen = r.nextInt(100) < 20;
        for (String w : words) {
            String a = ascii(w);
            if (a.isEmpty()) {
                continue;
            }
            if (hyphen && !sb.isEmpty()) {
                sb.append('-');
            }
            sb.append(a);
        }
        return sb.isEmpty() ? "company" : sb.toString();
    }

    private static String tld(SplittableRandom r, int country, int industry) {
        int roll = r.nextInt(100);
        if (INDUSTRIES[industry].equals("Software") && roll < 35) {
            return ".io";
        }
        if (roll < 25) {
            return ".com";
        }
        return COUNTRY_TLD[country];
    }

    private static String personalEmail(SplittableRandom r, String first, String last, int country) {
        String domain = r.nextInt(100) < 60 ? pick(r, GLOBAL_MAIL_DOMAINS) : pick(r, LOCAL_MAIL_DOMAINS[country]);
        String local = switch (r.nextInt(5)) {
            case 0 -> first + "." + last;
            case 1 -> first + last + r.nextInt(10, 100);
            case 2 -> first.charAt(0) + "." + last + r.nextInt(1960, 2006);
            case 3 -> first + "_" + last + r.nextInt(1, 1000);
            default -> first + "." + last + "." + r.nextInt(10, 100);
        };
        return local + "@" + domain;
    }

    private static String digits(SplittableRandom r, int n) {
        char[] d = new char[n];
        for (int i = 0; i < n; i++) {
            d[i] = (char) ('0' + r.nextInt(10));
        }
        return new String(d);
    }

    /** E.164 numbers that pass libphonenumber validation for the country. */
    static String phone(SplittableRandom r, int country, boolean mobile) {
        return switch (COUNTRIES[country]) {
            case "US" -> "+1" + pick(r, US_AREA_CODES) + (char) ('2' + r.nextInt(8)) + digits(r, 6);
            case "GB" -> mobile
                    ? "+44" + pick(r, GB_MOBILE_PREFIXES) + digits(r, 7)
                    : "+44" + pick(r, new String[] {"2079", "2087", "1614", "1312", "1179", "1214"}) + digits(r, 6);
            case "DE" -> mobile
                    ? "+49" + pick(r, new String[] {"151", "152", "157", "159", "160", "162", "170", "171", "172",
                        "173", "174", "175", "176", "177", "178", "179"}) + digits(r, 8)
                    : "+49" + pick(r, new String[] {"30", "40", "69", "89", "211", "221", "711"}) + (char) ('2' + r.nextInt(8))
                            + digits(r, 6);
            case "FR" -> mobile
                    ? "+33" + (r.nextInt(100) < 70 ? "6" + "01245678".charAt(r.nextInt(8)) : "7" + (char) ('3' + r.nextInt(6)))
                            + digits(r, 7)
                    : "+33" + pick(r, new String[] {"14", "15", "13", "24", "32", "47", "56"}) + digits(r, 7);
            case "NL" -> mobile
                    ? "+316" + (char) ('1' + r.nextInt(5)) + digits(r, 7)
                    : "+31" + pick(r, new String[] {"20", "10", "70", "30", "40"}) + (char) ('2' + r.nextInt(7)) + digits(r, 6);
            case "ES" -> mobile
                    ? "+34" + (r.nextInt(100) < 80 ? "6" + (char) ('0' + r.nextInt(10)) : "7" + (char) ('1' + r.nextInt(4)))
                            + digits(r, 7)
                    : "+349" + pick(r, new String[] {"1", "3", "5", "6"}) + (char) ('2' + r.nextInt(7)) + digits(r, 6);
            case "IT" -> mobile
                    ? "+393" + pick(r, new String[] {"20", "28", "33", "35", "38", "39", "40", "47", "49"}) + digits(r, 7)
                    : "+39" + pick(r, new String[] {"06", "02", "011", "055"}) + "2345789".charAt(r.nextInt(7)) + digits(r, 6);
            default -> throw new IllegalArgumentException(COUNTRIES[country]);
        };
    }

    private static String street(SplittableRandom r, int country) {
        String name = pick(r, STREETS[country]);
        int number = 1 + r.nextInt(r.nextInt(100) < 80 ? 120 : 2000);
        return switch (COUNTRIES[country]) {
            case "US", "GB", "FR" -> number + " " + name;
            default -> name + " " + number;
        };
    }

    private static String postalCode(SplittableRandom r, int country, String prefix) {
        return switch (COUNTRIES[country]) {
            case "US" -> prefix + digits(r, 2);
            case "DE", "FR", "IT", "ES" -> prefix + digits(r, 5 - prefix.length());
            case "NL" -> prefix + digits(r, 4 - prefix.length()) + " " + (char) ('A' + r.nextInt(26))
                    + (char) ('A' + r.nextInt(26));
            case "GB" -> prefix + " " + r.nextInt(1, 10) + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26));
            default -> prefix;
        };
    }

    // ------------------------------------------------------------------------------------------
    // Vocabulary
    // ------------------------------------------------------------------------------------------

    static final String[] SIZES = {"1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+"};
    private static final int[] SIZE_WEIGHTS = {15, 25, 25, 18, 10, 7};
    private static final int[] ACCOUNT_PICK_ACCEPT = {15, 30, 50, 70, 90, 100};
    private static final long[][] ARR_RANGES = {
            {2_000, 15_000}, {8_000, 60_000}, {30_000, 250_000}, {100_000, 900_000},
            {400_000, 3_000_000}, {1_000_000, 12_000_000}};

    static final String[] TIERS = {"STANDARD", "SILVER", "GOLD", "PLATINUM"};
    private static final int[] TIER_WEIGHTS = {50, 25, 17, 8};

    static final String[] STAGES = {"LEAD", "PROSPECT", "CUSTOMER", "CLIENT", "ADVOCATE", "CHURNED"};
    private static final int[] STAGE_WEIGHTS = {28, 20, 27, 10, 5, 10};
    private static final int[] STAGE_WEIGHTS_NO_ACCOUNT = {55, 25, 8, 4, 3, 5};

    static final String[] SOURCES = {"web form", "referral", "trade show", "cold call", "partner", "import", "webinar"};
    private static final int[] SOURCE_WEIGHTS = {30, 15, 12, 10, 8, 15, 10};

    static final String[] CHANNELS = {"EMAIL", "PHONE", "SMS", "CHAT", "SOCIAL", "IN_PERSON"};
    private static final int[] CHANNEL_WEIGHTS = {45, 20, 7, 10, 6, 12};

    static final String[] CONSENT_SOURCES = {"web form", "import", "double opt-in"};
    private static final int[] CONSENT_SOURCE_WEIGHTS = {50, 20, 30};

    static final String[] CONTACT_TAGS = {"vip", "newsletter", "trade-show-2026", "partner", "webinar", "enterprise",
        "decision-maker", "beta-tester", "churn-risk", "event-berlin"};
    static final String[] ACCOUNT_TAGS = {"enterprise", "partner", "vip", "reseller", "strategic", "at-risk",
        "trade-show-2026"};

    static final String[] INDUSTRIES = {"Software", "Retail", "Manufacturing", "Healthcare", "Finance", "Logistics",
        "Education", "Hospitality", "Energy", "Media", "Real Estate", "Telecom", "Consulting", "Food & Beverage"};
    private static final String[][] INDUSTRY_NOUNS = {
        {"Software", "Systems", "Labs", "Technologies", "Digital", "Cloud", "Analytics", "Data"},
        {"Retail", "Stores", "Outfitters", "Market", "Goods", "Trading"},
        {"Manufacturing", "Industries", "Engineering", "Works", "Components", "Metalworks", "Robotics"},
        {"Health", "Medical", "Care", "Diagnostics", "Clinics", "Pharma", "Biotech"},
        {"Capital", "Financial", "Advisors", "Bank", "Insurance", "Investments"},
        {"Logistics", "Freight", "Shipping", "Transport", "Supply"},
        {"Academy", "Learning", "Education", "Institute"},
        {"Hotels", "Hospitality", "Resorts", "Catering"},
        {"Energy", "Power", "Solar", "Renewables", "Utilities"},
        {"Media", "Studios", "Publishing", "Broadcasting", "Creative"},
        {"Properties", "Real Estate", "Estates", "Realty", "Homes"},
        {"Telecom", "Networks", "Communications", "Connect"},
        {"Consulting", "Group", "Solutions", "Associates", "Partners"},
        {"Foods", "Brewing", "Kitchens", "Farms", "Coffee"},
    };
    private static final String[] COMPANY_WORDS = {"Northwind", "Bluefin", "Brightpath", "Silverline", "Redwood",
        "Ironbridge", "Greenfield", "Skyward", "Clearwater", "Summit", "Horizon", "Evergreen", "Blackstone",
        "Oakridge", "Stonegate", "Riverside", "Pinecrest", "Lighthouse", "Crescent", "Granite", "Harbor", "Falcon",
        "Atlas", "Vertex", "Nimbus", "Quantum", "Polaris", "Meridian", "Cobalt", "Sterling", "Aurora", "Keystone",
        "Copperleaf", "Westbrook", "Fairway", "Highland", "Nordlicht", "Alpenrose", "Rheinwerk", "Lumière",
        "Solaris", "Helios", "Zenith", "Orchid", "Maple", "Cedar", "Willow", "Beacon", "Pioneer", "Frontier",
        "Catalyst", "Apex", "Velocity", "Tidewater", "Ember", "Juniper", "Sapphire", "Kestrel", "Mosaic", "Arcadia"};

    // Countries: index into every per-country table below.
    static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "NL", "ES", "IT"};
    private static final int US = 0;
    private static final int[] ACCOUNT_COUNTRY_WEIGHTS = {38, 17, 22, 9, 5, 5, 4};
    private static final int[] CONTACT_COUNTRY_WEIGHTS = {35, 15, 20, 10, 7, 7, 6};
    private static final String[] LANGUAGE = {"en", "en", "de", "fr", "nl", "es", "it"};
    private static final String[] COUNTRY_TLD = {".com", ".co.uk", ".de", ".fr", ".nl", ".es", ".it"};
    private static final String[][] LEGAL_FORMS = {
        {"Inc.", "LLC", "Corp.", ""},
        {"Ltd", "PLC", "Ltd", ""},
        {"GmbH", "AG", "GmbH & Co. KG", ""},
        {"SAS", "SA", "SARL", ""},
        {"B.V.", "N.V.", ""},
        {"S.L.", "S.A.", ""},
        {"S.r.l.", "S.p.A.", ""},
    };
    private static final String[] GLOBAL_MAIL_DOMAINS = {"gmail.com", "outlook.com", "yahoo.com", "icloud.com",
        "proton.me", "hotmail.com"};
    private static final String[][] LOCAL_MAIL_DOMAINS = {
        {"aol.com", "comcast.net", "att.net"},
        {"btinternet.com", "hotmail.co.uk", "sky.com"},
        {"gmx.de", "web.de", "t-online.de"},
        {"orange.fr", "free.fr", "laposte.net"},
        {"ziggo.nl", "kpnmail.nl", "hotmail.nl"},
        {"telefonica.net", "yahoo.es", "hotmail.es"},
        {"libero.it", "virgilio.it", "tiscali.it"},
    };
    private static final String[] GB_MOBILE_PREFIXES = {"740", "741", "742", "743", "744", "746", "747", "748", "749",
        "753", "754", "755", "771", "772", "773", "774", "775", "776", "777", "781", "784", "785", "786", "787",
        "788", "789", "792", "794", "795", "796", "797", "798", "799"};
    private static final String[] US_AREA_CODES = {"212", "646", "718", "415", "408", "650", "310", "213", "312",
        "617", "206", "512", "303", "404", "305", "702", "602", "215", "202", "503", "214", "713", "612", "919"};

    // First and last names: per country, plus a shared international group (index 7).
    private static final String[][] FIRST_NAMES = {
        {"James", "John", "Robert", "Michael", "William", "David", "Daniel", "Matthew", "Andrew", "Joshua", "Kevin",
            "Ryan", "Mary", "Jennifer", "Linda", "Elizabeth", "Jessica", "Sarah", "Emily", "Ashley", "Megan",
            "Ann", "Tyler", "Brandon"},
        {"Oliver", "Harry", "George", "Jack", "Charlie", "Thomas", "Olivia", "Amelia", "Charlotte", "Grace",
            "Chloe", "Sophie", "Emma", "Lily", "Anne", "Eleanor"},
        {"Lukas", "Leon", "Finn", "Jonas", "Paul", "Felix", "Maximilian", "Tobias", "Stefan", "Jürgen", "Matthias",
            "Jörg", "Katharina", "Anna", "Annika", "Lena", "Leonie", "Julia", "Sabine", "Ulrike", "Birgit", "Mia",
            "Hannah"},
        {"Louis", "Gabriel", "Hugo", "Arthur", "Théo", "Antoine", "Nicolas", "Julien", "Pierre", "Camille",
            "Manon", "Chloé", "Léa", "Inès", "Élodie", "Claire", "Margaux", "Amélie"},
        {"Daan", "Sem", "Bram", "Lars", "Thijs", "Ruben", "Sanne", "Femke", "Lotte", "Eva", "Anouk", "Fleur"},
        {"Alejandro", "Pablo", "Javier", "Carlos", "Diego", "Sergio", "Álvaro", "Lucía", "María", "Carmen",
            "Sofía", "Paula", "Elena", "Marta", "Isabel"},
        {"Giuseppe", "Marco", "Luca", "Matteo", "Lorenzo", "Alessandro", "Francesco", "Giulia", "Chiara",
            "Francesca", "Alessia", "Martina", "Valentina", "Sara"},
        {"Aisha", "Fatima", "Omar", "Ahmed", "Yusuf", "Priya", "Rahul", "Arjun", "Ananya", "Wei", "Mei", "Hiroshi",
            "Yuki", "Sakura", "Min-jun", "Ji-woo", "Kwame", "Amara", "Chidi", "Olga", "Dmitri", "Katarzyna",
            "Piotr", "João", "Ana", "Zoë", "Noah", "Liam", "Mohammed", "Leila", "Nikos", "Elif", "Emre", "Siobhán",
            "Seán", "Ingrid"},
    };
    private static final String[][] LAST_NAMES = {
        {"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Moore",
            "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Hall", "Wright", "King", "Scott",
            "Green", "Baker", "Adams"},
        {"Taylor", "Campbell", "Evans", "Roberts", "Hughes", "O'Brien", "Murphy", "Kelly", "MacDonald", "Patel",
            "Thompson", "Cooper"},
        {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
            "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
            "Krüger", "Hartmann", "Lange", "Werner", "Krause"},
        {"Martin", "Bernard", "Dubois", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
            "Laurent", "Lefebvre", "Michel", "Garnier", "Faure", "Rousseau", "Fontaine", "Chevalier", "Girard"},
        {"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
            "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters"},
        {"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz",
            "Díaz", "Moreno", "Álvarez", "Romero", "Navarro"},
        {"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
            "Bruno", "Gallo", "Conti", "De Luca", "Costa"},
        {"Nguyen", "Kim", "Lee", "Chen", "Wang", "Zhang", "Tanaka", "Sato", "Suzuki", "Singh", "Kumar", "Sharma",
            "Khan", "Ali", "Hassan", "Okafor", "Mensah", "Kowalski", "Nowak", "Ivanov", "Petrov", "Silva", "Santos",
            "Yılmaz", "Papadopoulos", "Andersson", "Johansson", "Nielsen", "Hansen", "Novak"},
    };

    static final String[] JOB_TITLES = {"CEO", "CTO", "CFO", "COO", "Chief Revenue Officer", "Managing Director",
        "Founder", "Co-Founder", "VP of Sales", "VP Marketing", "Head of Procurement", "Head of IT",
        "Head of Customer Service", "IT Manager", "Office Manager", "Purchasing Manager", "Sales Manager",
        "Account Executive", "Marketing Manager", "Product Manager", "Software Engineer", "Engineering Manager",
        "Data Analyst", "Operations Manager", "HR Manager", "Customer Success Manager", "Project Manager",
        "Finance Director", "Controller", "Consultant", "Business Development Manager", "Logistics Coordinator",
        "Facility Manager", "Buyer", "Executive Assistant", "Legal Counsel", "Partner", "Store Manager",
        "Plant Manager", "Head of Marketing"};

    /** City, region, postal code prefix. */
    private static final String[][][] CITIES = {
        {{"New York", "NY", "100"}, {"San Francisco", "CA", "941"}, {"Los Angeles", "CA", "900"},
            {"Chicago", "IL", "606"}, {"Boston", "MA", "021"}, {"Seattle", "WA", "981"}, {"Austin", "TX", "787"},
            {"Denver", "CO", "802"}, {"Atlanta", "GA", "303"}, {"Miami", "FL", "331"}, {"Portland", "OR", "972"},
            {"Dallas", "TX", "752"}},
        {{"London", "England", "EC1A"}, {"London", "England", "SW1A"}, {"Manchester", "England", "M1"},
            {"Edinburgh", "Scotland", "EH1"}, {"Bristol", "England", "BS1"}, {"Birmingham", "England", "B1"},
            {"Leeds", "England", "LS1"}, {"Cardiff", "Wales", "CF10"}},
        {{"Berlin", "Berlin", "10"}, {"Hamburg", "Hamburg", "20"}, {"München", "Bayern", "80"},
            {"Köln", "Nordrhein-Westfalen", "50"}, {"Frankfurt am Main", "Hessen", "60"},
            {"Stuttgart", "Baden-Württemberg", "70"}, {"Düsseldorf", "Nordrhein-Westfalen", "40"},
            {"Leipzig", "Sachsen", "04"}},
        {{"Paris", "Île-de-France", "750"}, {"Lyon", "Auvergne-Rhône-Alpes", "690"},
            {"Marseille", "Provence-Alpes-Côte d'Azur", "130"}, {"Toulouse", "Occitanie", "310"},
            {"Bordeaux", "Nouvelle-Aquitaine", "330"}, {"Lille", "Hauts-de-France", "590"},
            {"Nantes", "Pays de la Loire", "440"}},
        {{"Amsterdam", "Noord-Holland", "10"}, {"Rotterdam", "Zuid-Holland", "30"}, {"Utrecht", "Utrecht", "35"},
            {"Den Haag", "Zuid-Holland", "25"}, {"Eindhoven", "Noord-Brabant", "56"}},
        {{"Madrid", "Madrid", "280"}, {"Barcelona", "Cataluña", "080"}, {"Valencia", "Comunidad Valenciana", "460"},
            {"Sevilla", "Andalucía", "410"}, {"Bilbao", "País Vasco", "480"}},
        {{"Roma", "Lazio", "001"}, {"Milano", "Lombardia", "201"}, {"Torino", "Piemonte", "101"},
            {"Firenze", "Toscana", "501"}, {"Bologna", "Emilia-Romagna", "401"}, {"Napoli", "Campania", "801"}},
    };
    private static final String[][] STREETS = {
        {"Market St", "Main St", "Broadway", "Oak Ave", "Maple Dr", "Pine St", "Elm St", "Washington Ave",
            "Lake Shore Dr", "Sunset Blvd"},
        {"High Street", "Station Road", "Church Lane", "Victoria Road", "King Street", "Queen's Road",
            "Mill Lane", "Park Avenue"},
        {"Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Gartenweg", "Lindenallee",
            "Friedrichstraße", "Mühlenweg"},
        {"rue de Rivoli", "avenue des Champs-Élysées", "rue Victor Hugo", "boulevard Saint-Michel",
            "rue de la République", "place Bellecour"},
        {"Damrak", "Keizersgracht", "Prinsengracht", "Kerkstraat", "Dorpsstraat", "Stationsweg"},
        {"Calle Mayor", "Gran Vía", "Calle de Alcalá", "Paseo de Gracia", "Avenida de la Constitución"},
        {"Via Roma", "Corso Vittorio Emanuele", "Via Garibaldi", "Via Dante", "Piazza del Duomo"},
    };
}
