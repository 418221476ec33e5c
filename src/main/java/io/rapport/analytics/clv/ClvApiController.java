package io.rapport.analytics.clv;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.rapport.customers.contacts.Contacts;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Customer lifetime value")
@RestController
class ClvApiController {

    /** A fit and the id of the fit whose parameters are in force after it (itself when it converged). */
    record FitResponse(@JsonUnwrapped ClvFits.FitRecord fit, Long parametersInForceFitId) {}

    private final ClvService service;
    private final ClvFits fits;
    private final ClvReports reports;
    private final Contacts contacts;

    ClvApiController(ClvService service, ClvFits fits, ClvReports reports, Contacts contacts) {
        this.service = service;
        this.fits = fits;
        this.reports = reports;
        this.contacts = contacts;
    }

    @Operation(summary = "Fit BG/NBD + Gamma-Gamma on all order histories and score every customer (administrators)",
            description = "Body: {\"asOf\": \"1997-09-30\", \"timeUnit\": \"WEEKS\"|\"DAYS\"}, optional horizonMonths (1–120), "
                    + "monthlyDiscount (0–1), marginPercent (0–100), firstPurchaseFrom (fit and score one cohort: customers whose first purchase is on or after that day). asOf defaults to today, timeUnit to WEEKS. A fit that does not "
                    + "converge is stored with status FAILED and its reason; the previous parameters stay in force "
                    + "(parametersInForceFitId). Runs synchronously.")
    @PostMapping("/api/v1/analytics/clv/fit")
    FitResponse fit(@RequestBody(required = false) JsonNode body) {
        if (body != null && !body.isObject() && !body.isNull()) throw Problems.malformed("Send a JSON object");
        ClvFits.FitRecord fit = service.fit(CurrentUser.require(), new ClvService.FitRequest(text(body, "asOf"), text(body, "timeUnit"),
                text(body, "horizonMonths"), text(body, "monthlyDiscount"), text(body, "marginPercent"), text(body, "firstPurchaseFrom")));
        return new FitResponse(fit, fits.current().map(ClvFits.FitRecord::id).orElse(null));
    }

    @Operation(summary = "Recent fits, newest first (administrators)")
    @GetMapping("/api/v1/analytics/clv/fits")
    List<ClvFits.FitRecord> fits(@RequestParam(defaultValue = "20") int limit) {
        io.rapport.platform.security.RecordVisibility.requireAdmin(CurrentUser.require());
        if (limit < 1 || limit > 100) throw Problems.invalid("limit", "must be between 1 and 100");
        return fits.recent(limit);
    }

    @Operation(summary = "Lifetime value summary over the contacts you may see",
            description = "from/to: first-order date range (the acquisition cohort), minPAlive: only customers at least this likely "
                    + "to be alive. Totals, a distribution of predicted CLV, the top 10 customers and the fit in force (null before "
                    + "the first converged fit).")
    @GetMapping("/api/v1/analytics/clv")
    ClvReports.Summary summary(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String minPAlive) {
        return reports.summary(CurrentUser.require(), from, to, minPAlive);
    }

    @Operation(summary = "A contact's historic and predicted lifetime value",
            description = "Historic revenue and margin to the calibration day of the fit in force; P(alive), expected purchases and "
                    + "predicted CLV over the horizon. A contact without counted orders has zeros and no prediction.")
    @GetMapping("/api/v1/contacts/{id}/clv")
    ClvReports.ContactValue ofContact(@PathVariable long id) {
        contacts.get(CurrentUser.require(), id);
        return reports.ofContact(id);
    }

    static String text(JsonNode body, String field) {
        if (body == null || body.isNull()) return null;
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return v.asString();
        if (!v.isString()) throw Problems.invalid(field, "must be a string");
        return v.asString();
    }
}
