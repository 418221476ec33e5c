package io.rapport.customers.imports;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Cursor;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Imports")
@RestController
@RequestMapping("/api/v1/imports")
class ImportApiController {

    /** An import as the API shows it. */
    record ImportStatus(long id, String entity, String fileName, long fileBytes, String status, String duplicates,
                        Map<String, String> columns, Map<String, Long> counts, int percent, String failure, Instant createdAt,
                        Instant startedAt, Instant finishedAt, String errorReport, Map<String, String> options) {

        static ImportStatus of(Import i) {
            Map<String, String> columns = new LinkedHashMap<>();
            for (int c = 0; c < i.headers().size(); c++) {
                columns.put(i.headers().get(c), i.fields() == null ? null : i.fields().get(c));
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("read", i.rowsRead());
            counts.put("created", i.created());
            counts.put("updated", i.updated());
            counts.put("skipped", i.skipped());
            counts.put("rejected", i.rejected());
            return new ImportStatus(i.id(), i.entity(), i.fileName(), i.fileBytes(), i.status().name(),
                    i.duplicates() == null ? null : i.duplicates().name(), columns, counts, i.percent(), i.failure(),
                    i.createdAt(), i.startedAt(), i.finishedAt(), "/api/v1/imports/" + i.id() + "/errors", i.options());
        }
    }

    private static final Set<String> MAPPING_FIELDS = Set.of("entity", "columns", "duplicates", "options");

    private final ImportJobs jobs;
    private final ErrorReport errors;
    private final JsonMapper json;

    ImportApiController(ImportJobs jobs, ErrorReport errors, JsonMapper json) {
        this.jobs = jobs;
        this.errors = errors;
        this.json = json;
    }

    @Operation(summary = "Import contacts, accounts or activities from CSV",
            description = "multipart/form-data with a 'file' part (UTF-8 CSV up to 1 GB, ',' or ';') and a 'mapping' part: "
                    + "{\"entity\":\"CONTACT\",\"columns\":{\"E-mail\":\"email\",\"Notes\":\"ignore\"},\"duplicates\":\"SKIP\"}. "
                    + "Some entities take options, e.g. ORDER: \"options\":{\"createMissingProducts\":true}. "
                    + "Columns left out of the mapping are matched by header name. Returns 202 with the job; poll its status.")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportStatus> create(@RequestPart(value = "file", required = false) MultipartFile file,
                                        @RequestPart(value = "mapping", required = false) String mapping) {
        CurrentUser user = CurrentUser.require();
        if (file == null) throw Problems.invalid("file", "required: the CSV file as a multipart part named 'file'");
        if (mapping == null) throw Problems.invalid("mapping", "required: {\"entity\": \"CONTACT\", \"columns\": {...}, \"duplicates\": \"SKIP\"}");
        Mapping m = parse(mapping);
        try (InputStream in = file.getInputStream()) {
            Import started = jobs.create(user, m.entity(), file.getOriginalFilename(), in, m.columns(), m.duplicates(), m.options());
            return ResponseEntity.accepted().location(URI.create("/api/v1/imports/" + started.id())).body(ImportStatus.of(started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Mapping(String entity, Map<String, String> columns, String duplicates, Map<String, String> options) {}

    private Mapping parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            throw Problems.malformed("The mapping part is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw Problems.invalid("mapping", "expected a JSON object");
        for (String name : node.propertyNames()) {
            if (!MAPPING_FIELDS.contains(name)) throw Problems.invalid("mapping." + name, "unknown property; expected " + MAPPING_FIELDS);
        }
        JsonNode entity = node.get("entity");
        if (entity == null || !entity.isString()) throw Problems.invalid("entity", "required: one of " + jobs.entities());
        Map<String, String> columns = new LinkedHashMap<>();
        JsonNode cols = node.get("columns");
        if (cols != null && !cols.isNull()) {
            if (!cols.isObject()) throw Problems.invalid("columns", "expected an object of column name to field");
            for (String column : cols.propertyNames()) {
                JsonNode field = cols.get(column);
                if (!field.isNull() && !field.isString()) throw Problems.invalid("columns." + column, "expected a field name or \"ignore\"");
                columns.put(column, field.isNull() ? null : field.asString());
            }
        }
        JsonNode duplicates = node.get("duplicates");
        if (duplicates != null && !duplicates.isNull() && !duplicates.isString()) {
            throw Problems.invalid("duplicates", "one of " + List.of(DuplicatePolicy.values()));
        }
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode opts = node.get("options");
        if (opts != null && !opts.isNull()) {
            if (!opts.isObject()) throw Problems.invalid("options", "expected an object of option name to value");
            for (String key : opts.propertyNames()) {
                JsonNode value = opts.get(key);
                if (!value.isString() && !value.isBoolean()) throw Problems.invalid("options." + key, "expected a string or true/false");
                options.put(key, value.asString());
            }
        }
        return new Mapping(entity.asString(), columns, duplicates == null || duplicates.isNull() ? null : duplicates.asString(), options);
    }

    @Operation(summary = "Your imports, newest first (administrators see everyone's)")
    @GetMapping
    PageResult<ImportStatus> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = PageLimit.of(limit);
        Long before = cursor == null ? null : Cursor.decode(cursor).id();
        List<Import> page = jobs.list(CurrentUser.require(), before, size + 1);
        String next = page.size() > size ? new Cursor("", page.get(size - 1).id()).encode() : null;
        return new PageResult<>(page.stream().limit(size).map(ImportStatus::of).toList(), next);
    }

    @Operation(summary = "An import's status and counts (read, created, updated, skipped, rejected)")
    @GetMapping("/{id}")
    ImportStatus get(@PathVariable long id) {
        return ImportStatus.of(jobs.get(CurrentUser.require(), id));
    }

    @Operation(summary = "The rejected rows as CSV: row, column, reason")
    @GetMapping("/{id}/errors")
    void errors(@PathVariable long id, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        errors.download(jobs.get(CurrentUser.require(), id).id(), response);
    }

    @Operation(summary = "Resume a stopped import from its last committed batch")
    @PostMapping("/{id}/resume")
    ResponseEntity<ImportStatus> resume(@PathVariable long id) {
        return ResponseEntity.accepted().body(ImportStatus.of(jobs.resume(CurrentUser.require(), id)));
    }
}
