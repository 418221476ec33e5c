package io.rapport.analytics.acquisition;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

@Tag(name = "Acquisition cost")
@RestController
class AcquisitionApiController {

    record Page(List<Acquisition.Entry> items, Long nextCursor) {}

    private final Acquisition acquisition;

    AcquisitionApiController(Acquisition acquisition) {
        this.acquisition = acquisition;
    }

    @Operation(summary = "Spend entries of the months from..to (YYYY-MM, default the last 12 months), newest first",
            description = "Keyset pages: pass nextCursor as cursor. Readable by roles that see every record.")
    @GetMapping("/api/v1/analytics/spend")
    Page list(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
              @RequestParam(required = false) Long cursor, @RequestParam(defaultValue = "100") int limit) {
        List<Acquisition.Entry> items = acquisition.list(CurrentUser.require(), from, to, cursor, limit);
        return new Page(items, items.size() == limit ? items.getLast().id() : null);
    }

    @Operation(summary = "Record spend for a channel (and campaign) in a month (administrators, managers, marketing)",
            description = "{\"month\": \"2026-01\", \"channel\": \"Google Ads\", \"campaign\": \"Spring\", \"amount\": \"1200.00\", "
                    + "\"currency\": \"EUR\", \"note\": \"…\"}")
    @PostMapping("/api/v1/analytics/spend")
    ResponseEntity<Acquisition.Entry> create(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object with month, channel and amount");
        Acquisition.Entry e = acquisition.create(CurrentUser.require(), new Acquisition.Input(text(body, "month"), text(body, "channel"),
                text(body, "campaign"), text(body, "amount"), text(body, "currency"), text(body, "note")));
        return ResponseEntity.created(URI.create("/api/v1/analytics/spend/" + e.id())).body(e);
    }

    @Operation(summary = "Delete a spend entry")
    @DeleteMapping("/api/v1/analytics/spend/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        acquisition.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Import spend from a CSV file (multipart 'file'): columns month, channel, amount and optionally campaign, "
            + "currency, note. All rows or none.")
    @PostMapping(value = "/api/v1/analytics/spend/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Integer>> importCsv(@RequestPart(value = "file", required = false) MultipartFile file) throws java.io.IOException {
        if (file == null || file.isEmpty()) throw Problems.invalid("file", "required: a CSV file");
        if (file.getSize() > 5_000_000) throw Problems.invalid("file", "at most 5 MB");
        int n = acquisition.importCsv(CurrentUser.require(), new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8));
        return ResponseEntity.status(201).body(Map.of("created", n));
    }

    @Operation(summary = "CAC and CLV:CAC per channel for the months from..to",
            description = "CAC = spend ÷ new customers (first counted order in the period); channel = the converted lead's source, "
                    + "else the contact's source, else Unknown. cac, averagePredictedClv and clvToCac are null where undefined.")
    @GetMapping("/api/v1/analytics/cac")
    Acquisition.Report cac(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return acquisition.report(CurrentUser.require(), from, to);
    }

    @Operation(summary = "The CAC table as CSV")
    @GetMapping("/api/v1/analytics/cac.csv")
    ResponseEntity<byte[]> cacCsv(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return csv(acquisition.report(CurrentUser.require(), from, to));
    }

    static ResponseEntity<byte[]> csv(Acquisition.Report r) {
        StringBuilder out = new StringBuilder("channel,spend,new_customers,cac,average_predicted_clv,clv_to_cac\r\n");
        for (Acquisition.ChannelRow c : r.channels()) line(out, c);
        line(out, r.total());
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"cac-" + r.from() + "-" + r.to() + ".csv\"")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void line(StringBuilder out, Acquisition.ChannelRow c) {
        String name = c.channel();
        if (!name.isEmpty() && "=+-@".indexOf(name.charAt(0)) >= 0) name = "'" + name;
        out.append('"').append(name.replace("\"", "\"\"")).append('"').append(',').append(c.spend()).append(',').append(c.newCustomers())
                .append(',').append(c.cac() == null ? "" : c.cac()).append(',')
                .append(c.averagePredictedClv() == null ? "" : c.averagePredictedClv()).append(',')
                .append(c.clvToCac() == null ? "" : c.clvToCac()).append("\r\n");
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return v.asString();
        if (!v.isString()) throw Problems.invalid(field, "must be a string");
        return v.asString();
    }
}
