package io.rapport.customers.imports;

import com.github.kagkarlsson.scheduler.task.Task;
import io.rapport.platform.jobs.JobScheduler;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ApiProblem.FieldError;
import io.rapport.platform.web.Problems;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Imports as users drive them: upload (stored and checked: UTF-8, header, a preview), mapping and duplicate
 * policy, start, resume; who may see which import.
 */
@Service
public class ImportJobs {

    static final int PREVIEW_ROWS = 20;

    private final ImportRepository imports;
    private final ImportFiles files;
    private final Map<String, ImportTarget> targets = new LinkedHashMap<>();
    private final JobScheduler scheduler;
    private final Task<Long> task;
    private final long maxBytes;

    ImportJobs(ImportRepository imports, ImportFiles files, List<ImportTarget> targets, JobScheduler scheduler,
               @Qualifier("csvImportTask") Task<Long> task, @Value("${rapport.imports.max-bytes}") long maxBytes) {
        this.imports = imports;
        this.files = files;
        targets.forEach(t -> this.targets.put(t.entity(), t));
        this.scheduler = scheduler;
        this.task = task;
        this.maxBytes = maxBytes;
    }

    public Set<String> entities() {
        return targets.keySet();
    }

    ImportTarget target(String entity) {
        ImportTarget target = entity == null ? null : targets.get(entity.toUpperCase(Locale.ROOT));
        if (target == null) throw Problems.invalid("entity", "one of " + targets.keySet());
        return target;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Stores the file and reads its header and first rows; nothing is kept when any check fails. */
    @Transactional
    public Import upload(CurrentUser user, String entity, String fileName, InputStream content) {
        return upload(user, entity, fileName, content, maxBytes);
    }

    @Transactional
    Import upload(CurrentUser user, String entity, String fileName, InputStream content, long limit) {
        RecordVisibility.requireWriter(user);
        target(entity);
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : fileName.strip();
        if (name.length() > 255) name = name.substring(name.length() - 255);
        long id = imports.insert(user.id(), entity.toUpperCase(Locale.ROOT), name);
        ImportFiles.StoringStream stored = files.storing(id, content, limit);
        StrictUtf8Reader decoded = new StrictUtf8Reader(stored);
        BufferedReader reader = new BufferedReader(decoded, 64 * 1024);
        long afterRow = 1;
        try {
            char separator = CsvFiles.separator(reader);
            if (separator == 0) throw Problems.invalid("file", "The file is empty: expected a header row with column names");
            CSVParser parser = CsvFiles.parser(reader, separator);
            Iterator<CSVRecord> records = parser.iterator();
            List<String> headers = headers(records.next());
            List<List<String>> preview = new ArrayList<>();
            while (preview.size() < PREVIEW_ROWS && records.hasNext()) {
                preview.add(records.next().toList());
                afterRow++;
            }
            if (preview.isEmpty()) throw Problems.invalid("file", "The file has a header row but no data rows");
            char[] rest = new char[64 * 1024];
            while (reader.read(rest) >= 0) {
                // the rest is stored and checked for UTF-8 as it passes; it is parsed by the job
            }
            imports.describeFile(id, stored.total(), Math.max(1, decoded.line() - 2), separator, headers, preview);
        } catch (UncheckedIOException e) {
            throw CsvFiles.unreadable(e, afterRow);
        } catch (StrictUtf8Reader.NotUtf8Exception e) {
            throw e.asProblem();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return imports.find(id).orElseThrow();
    }

    private static List<String> headers(CSVRecord header) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            if (name.isEmpty()) name = "Column " + (i + 1);
            if (name.length() > 200) errors.add(new FieldError("file", "column " + (i + 1) + ": the header is longer than 200 characters"));
            Integer earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i + 1);
            if (earlier != null) {
                errors.add(new FieldError("file", "the column name '" + ImportRow.abbreviate(name) + "' appears twice (columns "
                        + earlier + " and " + (i + 1) + "); column names must be unique"));
            }
            names.add(name);
        }
        if (names.size() > 500) errors.add(new FieldError("file", "at most 500 columns"));
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        return names;
    }

    /** The field each header matches by name or label (custom fields included), null where none does. */
    public List<String> autoMatch(Import imp) {
        List<ImportField> fields = target(imp.entity()).fields();
        Set<String> taken = new HashSet<>();
        List<String> matched = new ArrayList<>();
        for (String header : imp.headers()) {
            String field = fields.stream().filter(f -> !taken.contains(f.key()) && f.matches(header)).map(ImportField::key)
                    .findFirst().orElse(null);
            if (field != null) taken.add(field);
            matched.add(field);
        }
        return matched;
    }

    public List<ImportField> fields(String entity) {
        return target(entity).fields();
    }

    public List<ImportOption> options(String entity) {
        return target(entity).options();
    }

    public List<DuplicatePolicy> policies(String entity) {
        return target(entity).policies();
    }

    /**
     * Sets where each column goes ({@code columns}: header to field key, "ignore" or null to skip; headers left out
     * are auto-matched) and the duplicate policy, then starts the job.
     */
    @Transactional
    public Import start(CurrentUser user, long id, Map<String, String> columns, String duplicates) {
        return start(user, id, columns, duplicates, Map.of());
    }

    /** As {@link #start(CurrentUser, long, Map, String)}, with the target's options (see {@link ImportTarget#options()}). */
    @Transactional
    public Import start(CurrentUser user, long id, Map<String, String> columns, String duplicates, Map<String, String> options) {
        RecordVisibility.requireWriter(user);
        Import imp = get(user, id);
        if (imp.status() != Import.Status.UPLOADED) throw Problems.conflict("Import " + id + " has already been started");
        ImportTarget target = target(imp.entity());
        List<FieldError> errors = new ArrayList<>();
        DuplicatePolicy policy = policy(target, duplicates, errors);
        Map<String, ImportField> known = new LinkedHashMap<>();
        target.fields().forEach(f -> known.put(f.key(), f));
        Map<String, Integer> columnIndex = new HashMap<>();
        for (int i = 0; i < imp.headers().size(); i++) columnIndex.put(imp.headers().get(i).toLowerCase(Locale.ROOT), i);
        List<String> fields = new ArrayList<>(autoMatch(imp));
        Map<String, String> given = columns == null ? Map.of() : columns;
        given.forEach((column, field) -> {
            Integer index = columnIndex.get(column.strip().toLowerCase(Locale.ROOT));
            if (index == null) {
                errors.add(new FieldError("columns." + column, "the file has no column '" + ImportRow.abbreviate(column) + "'"));
                return;
            }
            if (field == null || field.isBlank() || field.equalsIgnoreCase("ignore")) fields.set(index, null);
            else if (!known.containsKey(field.strip())) {
                errors.add(new FieldError("columns." + column, "unknown field '" + ImportRow.abbreviate(field)
                        + "' for " + imp.entity().toLowerCase(Locale.ROOT) + "s; use one of " + known.keySet() + " or ignore"));
            } else fields.set(index, field.strip());
        });
        Map<String, String> used = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (f == null) continue;
            String other = used.putIfAbsent(f, imp.headers().get(i));
            if (other != null) {
                errors.add(new FieldError("columns." + imp.headers().get(i), "the field " + f + " is already mapped from column '" + other + "'"));
            }
        }
        for (ImportField f : known.values()) {
            if (f.required() && !used.containsKey(f.key()) && !f.key().startsWith("custom.")) {
                errors.add(new FieldError("columns", "no column is mapped to the required field " + f.key() + " (" + f.label() + ")"));
            }
        }
        target.mappingProblems(used.keySet()).forEach(problem -> errors.add(new FieldError("columns", problem)));
        Map<String, String> chosen = options(target, options, errors);
        if (!errors.isEmpty()) throw Problems.invalid(errors);
        imports.queue(id, fields, policy, chosen);
        scheduleAfterCommit(id);
        return imports.find(id).orElseThrow();
    }

    /** Every option of the target with its value: the given one (checked) or its default. */
    private static Map<String, String> options(ImportTarget target, Map<String, String> given, List<FieldError> errors) {
        Map<String, ImportOption> known = new LinkedHashMap<>();
        target.options().forEach(o -> known.put(o.key(), o));
        Map<String, String> chosen = new LinkedHashMap<>();
        known.values().forEach(o -> chosen.put(o.key(), o.defaultValue()));
        (given == null ? Map.<String, String>of() : given).forEach((key, raw) -> {
            ImportOption option = known.get(key);
            if (option == null) {
                errors.add(new FieldError("options." + key, known.isEmpty() ? "this import has no options"
                        : "unknown option; one of " + known.keySet()));
                return;
            }
            String value = raw == null ? option.defaultValue() : raw.strip();
            if (option.flag()) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    errors.add(new FieldError("options." + key, "true or false"));
                    return;
                }
                value = value.toLowerCase(Locale.ROOT);
            } else {
                String problem = value.length() > 100 ? "at most 100 characters" : option.check().apply(value);
                if (problem != null) {
                    errors.add(new FieldError("options." + key, problem));
                    return;
                }
            }
            chosen.put(key, value);
        });
        return chosen;
    }

    private static DuplicatePolicy policy(ImportTarget target, String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) return DuplicatePolicy.SKIP;
        for (DuplicatePolicy p : target.policies()) if (p.name().equalsIgnoreCase(raw.strip())) return p;
        errors.add(new FieldError("duplicates", "one of " + target.policies()));
        return null;
    }

    /** Upload, mapping and start in one go (the API): nothing is stored unless the import is started. */
    @Transactional
    public Import create(CurrentUser user, String entity, String fileName, InputStream content, Map<String, String> columns,
                         String duplicates) {
        return create(user, entity, fileName, content, columns, duplicates, Map.of());
    }

    @Transactional
    public Import create(CurrentUser user, String entity, String fileName, InputStream content, Map<String, String> columns,
                         String duplicates, Map<String, String> options) {
        RecordVisibility.requireWriter(user);
        if (duplicates != null) policy(target(entity), duplicates, new ArrayList<>());
        List<FieldError> optionErrors = new ArrayList<>();
        options(target(entity), options, optionErrors);
        if (!optionErrors.isEmpty()) throw Problems.invalid(optionErrors);
        Import uploaded = upload(user, entity, fileName, content);
        return start(user, uploaded.id(), columns, duplicates, options);
    }

    /** Runs a failed import on from its last committed batch; a job still queued or running is left to its node. */
    @Transactional
    public Import resume(CurrentUser user, long id) {
        RecordVisibility.requireWriter(user);
        Import imp = get(user, id);
        if (imp.status() == Import.Status.COMPLETED || imp.status() == Import.Status.UPLOADED) {
            throw Problems.conflict("Import " + id + " is " + imp.status().name().toLowerCase(Locale.ROOT) + "; only a stopped import can be resumed");
        }
        scheduleAfterCommit(id);
        return imp;
    }

    public Import get(CurrentUser user, long id) {
        return imports.find(id).filter(i -> user.isAdmin() || i.ownerId() == user.id())
                .orElseThrow(() -> Problems.notFound("Import", id));
    }

    public List<Import> list(CurrentUser user, Long beforeId, int limit) {
        return imports.page(user, beforeId, limit);
    }

    private void scheduleAfterCommit(long id) {
        Runnable schedule = () -> scheduler.client().scheduleIfNotExists(task.instance(String.valueOf(id), id), Instant.now());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    schedule.run();
                }
            });
        } else {
            schedule.run();
        }
    }
}
