package io.rapport.analytics.churn;

import io.rapport.analytics.rfm.Rfm;
import io.rapport.analytics.rfm.RfmSegment;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Churn and retention rates, the churn definition, explicit churn events and the churn-risk scores. */
@Tag(name = "Analytics: churn and retention")
@RestController
class ChurnApiController {

    private final ChurnRates rates;
    private final ChurnSettings settings;
    private final ChurnEvents events;
    private final ChurnRisk risk;
    private final Contacts contacts;
    private final Rfm rfm;
    private final ChurnSpells spells;

    ChurnApiController(ChurnRates rates, ChurnSettings settings, ChurnEvents events, ChurnRisk risk, Contacts contacts, Rfm rfm,
                       ChurnSpells spells) {
        this.spells = spells;
        this.rates = rates;
        this.settings = settings;
        this.events = events;
        this.risk = risk;
        this.contacts = contacts;
        this.rfm = rfm;
    }

    ChurnRates.Result compute(String from, String to, String period, String segment) {
        CurrentUser user = CurrentUser.require();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate end = Periods.date("to", to, today);
        LocalDate start = Periods.date("from", from, end.minusMonths(11).withDayOfMonth(1));
        RfmSegment seg = segment == null || segment.isBlank() ? null : RfmSegment.parse("segment", segment);
        return rates.compute(user, start, end, Periods.unit(period), seg);
    }

    @Operation(summary = "Churn and retention rate per period",
            description = "from/to: dates (yyyy-MM-dd) or months (yyyy-MM), default the last 12 months; period: month (default) or quarter; "
                    + "segment: an RFM segment key (e.g. at-risk). Rates are 0–1 and null when no customer was active at a period's start.")
    @GetMapping("/api/v1/analytics/churn")
    ChurnRates.Result churn(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(required = false) String period, @RequestParam(required = false) String segment) {
        return compute(from, to, period, segment);
    }

    @Operation(summary = "The same as CSV")
    @GetMapping("/api/v1/analytics/churn.csv")
    ResponseEntity<byte[]> churnCsv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String period, @RequestParam(required = false) String segment) {
        return csv(compute(from, to, period, segment));
    }

    static ResponseEntity<byte[]> csv(ChurnRates.Result r) {
        StringBuilder out = new StringBuilder("period_start,period_end,active_at_start,churned,churn_rate,retention_rate\r\n");
        for (ChurnRates.Row row : r.periods()) {
            out.append(row.start()).append(',').append(row.end()).append(',').append(row.activeAtStart()).append(',').append(row.churned())
                    .append(',').append(row.churnRate() == null ? "" : row.churnRate()).append(',')
                    .append(row.retentionRate() == null ? "" : row.retentionRate()).append("\r\n");
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"churn-" + r.from() + "-" + r.to() + ".csv\"")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Operation(summary = "The churn definition")
    @GetMapping("/api/v1/analytics/churn/settings")
    Map<String, Object> settings() {
        Rfm.requireReader(CurrentUser.require());
        return settingsJson(settings.current(), spells);
    }

    @Operation(summary = "Change the churn definition (administrators)",
            description = "Any of definition (INACTIVITY, P_ALIVE, EVENT), inactivityDays (7–3650), pAliveThreshold (0–1), riskWindowDays (7–730).")
    @PatchMapping("/api/v1/analytics/churn/settings")
    Map<String, Object> updateSettings(@RequestBody(required = false) JsonNode body) {
        return settingsJson(settings.update(CurrentUser.require(), body), spells);
    }

    static Map<String, Object> settingsJson(ChurnDefinition d, ChurnSpells spells) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("definition", d.kind().name());
        m.put("inactivityDays", d.inactivityDays());
        m.put("pAliveThreshold", d.pAliveThreshold());
        m.put("riskWindowDays", d.riskWindowDays());
        m.put("description", d.description());
        m.put("updatedAt", d.updatedAt());
        // the incremental spells INACTIVITY reads: READY, or BUILDING with progress 0–1 (rates are computed live meanwhile)
        ChurnSpells.SpellSet set = spells.set(d.inactivityDays()).orElse(null);
        Map<String, Object> sp = new LinkedHashMap<>();
        sp.put("inactivityDays", d.inactivityDays());
        sp.put("status", set == null ? "MISSING" : set.status());
        sp.put("progress", set == null ? 0.0 : Math.round(set.progress() * 1000) / 1000.0);
        sp.put("finishedAt", set == null ? null : set.finishedAt());
        m.put("spells", sp);
        return m;
    }

    @Operation(summary = "A contact's explicit churn event (404 when none)")
    @GetMapping("/api/v1/contacts/{id}/churn")
    ChurnEvents.ChurnEvent event(@PathVariable long id) {
        return events.of(CurrentUser.require(), id).orElseThrow(() -> Problems.notFound("Churn event of contact", id));
    }

    @Operation(summary = "Mark a contact as churned", description = "Body: churnedOn (yyyy-MM-dd, default today, not in the future), reason (1–500 characters).")
    @PutMapping("/api/v1/contacts/{id}/churn")
    ChurnEvents.ChurnEvent mark(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object with churnedOn and reason");
        return events.mark(CurrentUser.require(), id, text(body, "churnedOn"), text(body, "reason"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString()) throw Problems.invalid(field, "a string");
        return v.asString();
    }

    @Operation(summary = "Remove a contact's churn event")
    @DeleteMapping("/api/v1/contacts/{id}/churn")
    ResponseEntity<Void> unmark(@PathVariable long id) {
        if (!events.unmark(CurrentUser.require(), id)) throw Problems.notFound("Churn event of contact", id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Train and back-test the churn-risk model, then score every active customer (administrators, managers)")
    @PostMapping("/api/v1/analytics/churn-risk/train")
    ChurnRisk.Model train() {
        return risk.train(CurrentUser.require());
    }

    @Operation(summary = "The latest churn-risk model: status, hold-out AUC, coefficients")
    @GetMapping("/api/v1/analytics/churn-risk/model")
    ChurnRisk.Model model() {
        Rfm.requireReader(CurrentUser.require());
        return risk.latest().orElseThrow(() -> Problems.notFound("Churn-risk model", "latest"));
    }

    public record AtRiskPage(long total, int limit, int offset, List<ChurnRisk.Score> items) {}

    @Operation(summary = "Customers by churn risk, highest first, with their top reasons",
            description = "minScore 0–1 (default 0.5), limit 1–200 (default 50), offset ≥ 0. Only contacts you may see.")
    @GetMapping("/api/v1/analytics/churn-risk")
    AtRiskPage atRisk(@RequestParam(required = false) String minScore, @RequestParam(required = false) String limit,
                      @RequestParam(required = false) String offset) {
        CurrentUser user = CurrentUser.require();
        Rfm.requireReader(user);
        double min = number("minScore", minScore, 0.5, 0, 1);
        int lim = (int) number("limit", limit, 50, 1, 200);
        int off = (int) number("offset", offset, 0, 0, 10_000_000);
        return new AtRiskPage(risk.countAtRisk(user, min), lim, off, risk.atRisk(user, min, lim, off));
    }

    static double number(String field, String value, double fallback, double min, double max) {
        if (value == null || value.isBlank()) return fallback;
        try {
            double v = Double.parseDouble(value.trim());
            if (!(v >= min && v <= max)) throw Problems.invalid(field, "a number from " + fmt(min) + " to " + fmt(max));
            if ((field.equals("limit") || field.equals("offset")) && v != Math.rint(v)) throw Problems.invalid(field, "a whole number");
            return v;
        } catch (NumberFormatException e) {
            throw Problems.invalid(field, "a number from " + fmt(min) + " to " + fmt(max));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    public record ContactRisk(long contactId, Double score, String band, List<ChurnRisk.Reason> reasons, java.time.Instant scoredAt,
                              String note, ChurnEvents.ChurnEvent churnEvent, Rfm.Scores rfm) {}

    @Operation(summary = "A contact's churn risk, reasons, churn event and RFM segment")
    @GetMapping("/api/v1/contacts/{id}/churn-risk")
    ContactRisk contactRisk(@PathVariable long id) {
        return contactRisk(CurrentUser.require(), id);
    }

    ContactRisk contactRisk(CurrentUser user, long id) {
        contacts.get(user, id);
        ChurnEvents.ChurnEvent event = events.of(user, id).orElse(null);
        Rfm.Scores scores = rfm.ofContact(id).orElse(null);
        return risk.ofContact(id)
                .map(s -> new ContactRisk(id, s.score(), s.band(), s.reasons(), s.scoredAt(), null, event, scores))
                .orElseGet(() -> new ContactRisk(id, null, null, List.of(), null, event != null ? "Marked as churned"
                        : scores == null ? "No orders yet, so no churn risk" : risk.latest().isEmpty() ? "The churn-risk model has not been trained yet"
                        : "Not scored: no recent orders (already churned under the definition) or scored before the latest orders", event, scores));
    }
}
