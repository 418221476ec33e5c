package io.rapport.customers.imports;

import io.rapport.customers.duplicates.DuplicateScans;
import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.users.UserAccount;
import io.rapport.platform.users.UserDirectory;
import io.rapport.platform.web.ApiProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an import job: reads the stored file, checks each row, and commits good rows in batches. A batch, its
 * rejected rows and the job's progress commit in one transaction, so a crash loses at most the batch in flight,
 * and a restarted run skips exactly the rows already committed.
 */
@Component
class ImportRunner {

    /** Called inside each batch's transaction before it commits (tests use it to simulate a crash). */
    interface BatchHook {
        BatchHook NONE = batch -> {};

        void beforeCommit(int batch);
    }

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final ImportRepository imports;
    private final ImportFiles files;
    private final ImportJobs jobs;
    private final UserDirectory users;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final String phoneRegion;
    private final int batchSize;
    private final DuplicateScans duplicateScans;

    ImportRunner(ImportRepository imports, ImportFiles files, ImportJobs jobs, UserDirectory users, AuditLog audit,
                 JdbcClient jdbc, DataSource dataSource, TransactionTemplate tx,
                 @Value("${rapport.phone.default-region}") String phoneRegion,
                 @Value("${rapport.imports.batch-size:5000}") int batchSize, DuplicateScans duplicateScans) {
        this.imports = imports;
        this.files = files;
        this.jobs = jobs;
        this.users = users;
        this.audit = audit;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.tx = tx;
        this.phoneRegion = phoneRegion;
        this.batchSize = batchSize;
        this.duplicateScans = duplicateScans;
    }

    void run(long id) {
        run(id, batchSize, BatchHook.NONE);
    }

    void run(long id, int batchSize, BatchHook hook) {
        if (!imports.markRunning(id)) return;
        Import job = imports.find(id).orElseThrow();
        try {
            CurrentUser user = users.find(job.ownerId()).filter(UserAccount::active).map(UserAccount::asCurrentUser)
                    .orElseThrow(() -> new JobStopped("the importing user is no longer active"));
            if (!user.role().canWrite()) throw new JobStopped("the importing user's role " + user.role() + " cannot change records");
            process(job, user, batchSize, hook);
            tx.executeWithoutResult(status -> {
                imports.finish(id);
                files.delete(id);
            });
            scanForSimilarNames(imports.find(id).orElseThrow());
        } catch (JobStopped e) {
            imports.fail(id, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Import {} stopped", id, e);
            Import now = imports.find(id).orElseThrow();
            imports.fail(id, "Stopped after row " + (now.rowsRead() + 1) + ": " + e.getMessage()
                    + ". The rows before it are saved; resume to continue.");
        }
    }

    /** Exact e-mail and phone matches were handled row by row; similar names need the table-wide scan. */
    private void scanForSimilarNames(Import done) {
        if (!List.of("CONTACT", "ACCOUNT").contains(done.entity()) || done.created() + done.updated() == 0) return;
        try {
            duplicateScans.startAfterImport(done.entity(), done.ownerId());
        } catch (RuntimeException e) {
            log.warn("Import {} done, but the duplicate scan after it could not be queued", done.id(), e);
        }
    }

    private void process(Import job, CurrentUser user, int batchSize, BatchHook hook) {
        ImportTarget target = jobs.target(job.entity());
        ImportRun run = new ImportRun(job.id(), user, job.duplicates(), phoneRegion, new ContactRefs(jdbc, user),
                job.options());
        ImportTarget.RowWriter writer = target.open(run);
        Map<String, Integer> slots = new HashMap<>();
        int[] slotOfColumn = new int[job.headers().size()];
        for (int i = 0; i < slotOfColumn.length; i++) {
            String field = job.fields().get(i);
            slotOfColumn[i] = field == null ? -1 : slots.size();
            if (field != null) slots.put(field, slots.size());
        }
        String[] columnOfSlot = new String[slots.size()];
        for (int i = 0; i < slotOfColumn.length; i++) if (slotOfColumn[i] >= 0) columnOfSlot[slotOfColumn[i]] = job.headers().get(i);
        Batch batch = new Batch(job, user, batchSize, writer, hook);
        long lastRow = 1;
        try (BufferedReader reader = CsvFiles.reader(files.open(job.id()));
             CSVParser parser = CsvFiles.parser(reader, job.separator())) {
            Iterator<CSVRecord> records = parser.iterator();
            records.next();
            for (long skip = job.rowsRead(); skip > 0 && records.hasNext(); skip--) lastRow = records.next().getRecordNumber();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                lastRow = record.getRecordNumber();
                ImportRow row;
                if (record.size() != slotOfColumn.length) {
                    row = new ImportRow(lastRow, new String[0], Map.of(), new String[0]);
                    row.reject(null, "the row has " + record.size() + " fields but the header has " + slotOfColumn.length);
                } else {
                    String[] values = new String[columnOfSlot.length];
                    for (int i = 0; i < slotOfColumn.length; i++) if (slotOfColumn[i] >= 0) values[slotOfColumn[i]] = record.get(i);
                    row = new ImportRow(lastRow, values, slots, columnOfSlot);
                }
                batch.add(row);
            }
            batch.flush();
        } catch (UncheckedIOException e) {
            batch.flush();
            ApiProblem problem = CsvFiles.unreadable(e, lastRow);
            throw new JobStopped(problem.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows read since the last commit. */
    private final class Batch {
        private final long importId;
        private final CurrentUser user;
        private final String entity;
        private final int size;
        private final ImportTarget.RowWriter writer;
        private final DuplicatePolicy policy;
        private final BatchHook hook;
        private final List<ImportTarget.Staged> staged = new ArrayList<>();
        private final List<String> errorLines = new ArrayList<>();
        private final Set<String> keys = new HashSet<>();
        private long committedRows;
        private int rows;
        private int rejected;
        private int number;
        private long firstRow;
        private long lastRow;

        Batch(Import job, CurrentUser user, int size, ImportTarget.RowWriter writer, BatchHook hook) {
            this.importId = job.id();
            this.user = user;
            this.entity = job.entity().toLowerCase(java.util.Locale.ROOT) + "s";
            this.size = size;
            this.writer = writer;
            this.policy = job.duplicates();
            this.hook = hook;
            this.committedRows = job.rowsRead();
        }

        void add(ImportRow row) {
            ImportTarget.Staged s = row.rejected() ? null : writer.stage(row);
            if (s != null && policy != DuplicatePolicy.CREATE && s.keys().stream().anyMatch(keys::contains)) {
                // the same record twice in one batch: commit the first so the second finds it as a duplicate
                flush();
            }
            if (firstRow == 0) firstRow = row.rowNo();
            lastRow = row.rowNo();
            rows++;
            if (s == null) {
                rejected++;
                for (ImportRow.Problem p : row.problems()) {
                    errorLines.add(new CopyLine().add(importId).add(row.rowNo()).add(p.column()).add(p.reason()).toString());
                }
            } else {
                staged.add(s);
                if (policy != DuplicatePolicy.CREATE) keys.addAll(s.keys());
            }
            if (rows >= size) flush();
        }

        void flush() {
            if (rows == 0) return;
            number++;
            tx.executeWithoutResult(status -> {
                Connection connection = DataSourceUtils.getConnection(dataSource);
                try {
                    // short statements over many rows: compiling them with JIT costs more than it saves
                    jdbc.sql("set local jit = off").update();
                    ImportTarget.Counts counts = staged.isEmpty() ? new ImportTarget.Counts(0, 0, 0)
                            : writer.write(connection, staged, policy);
                    CopyLine.copy(connection, "import_errors", "import_id, row_no, col, reason", errorLines);
                    if (!imports.advance(importId, committedRows, committedRows + rows, counts, rejected)) {
                        throw new IllegalStateException("import " + importId + " was moved on by another run");
                    }
                    audit.record(user.id(), user.email(), "IMPORT", "IMPORT", importId, "Imported " + entity + " (import " + importId + "), rows " + firstRow + "–" + lastRow
                            + ": " + counts.created() + " created, " + counts.updated() + " updated, " + counts.skipped()
                            + " skipped, " + rejected + " rejected", Map.of());
                    hook.beforeCommit(number);
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                } finally {
                    DataSourceUtils.releaseConnection(connection, dataSource);
                }
            });
            committedRows += rows;
            rows = 0;
            rejected = 0;
            firstRow = 0;
            staged.clear();
            errorLines.clear();
            keys.clear();
        }
    }

    /** The job cannot go on (a broken file, the user gone); not worth a stack trace. */
    static final class JobStopped extends RuntimeException {
        JobStopped(String message) {
            super(message);
        }
    }
}
