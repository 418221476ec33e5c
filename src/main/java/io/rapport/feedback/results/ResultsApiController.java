package io.rapport.feedback.results;

import io.rapport.feedback.SurveyKind;
import io.rapport.feedback.surveys.SurveyDefinitions;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** NPS, CSAT and CES results (every signed-in user) and the answers of a survey (limited to visible contacts). */
@Tag(name = "Survey results")
@RestController
class ResultsApiController {

    private final SurveyResults results;
    private final SurveyResponses responses;
    private final SurveyDefinitions surveys;

    ResultsApiController(SurveyResults results, SurveyResponses responses, SurveyDefinitions surveys) {
        this.results = results;
        this.responses = responses;
        this.surveys = surveys;
    }

    @Operation(summary = "NPS with promoters/passives/detractors and the 95% margin of error; from/to are dates (to inclusive, "
            + "default: the last 12 months), groupBy one of none, month, stage, tag, account, product, team, survey, source, topic")
    @GetMapping("/api/v1/analytics/nps")
    SurveyResults.Report nps(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(required = false) String groupBy) {
        return report(SurveyKind.NPS, from, to, groupBy);
    }

    @Operation(summary = "CSAT: share of 4–5 answers (of 1–5) with the 95% margin; same parameters as /nps")
    @GetMapping("/api/v1/analytics/csat")
    SurveyResults.Report csat(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) String groupBy) {
        return report(SurveyKind.CSAT, from, to, groupBy);
    }

    @Operation(summary = "CES: mean effort score (1–7, higher is easier) with the 95% margin; same parameters as /nps")
    @GetMapping("/api/v1/analytics/ces")
    SurveyResults.Report ces(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(required = false) String groupBy) {
        return report(SurveyKind.CES, from, to, groupBy);
    }

    @Operation(summary = "Topic counts of comments in the period, with mean sentiment")
    @GetMapping("/api/v1/analytics/survey-themes")
    List<SurveyResults.Theme> themes(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        CurrentUser.require();
        LocalDate[] p = period(from, to);
        return results.themes(p[0], p[1]);
    }

    @Operation(summary = "A survey's answers, newest first, of the contacts you may see (cursor pagination)")
    @GetMapping("/api/v1/surveys/{id}/responses")
    PageResult<SurveyResponses.Response> responses(@PathVariable long id, @RequestParam(required = false) String cursor,
                                                   @RequestParam(required = false) Integer limit) {
        CurrentUser user = CurrentUser.require();
        surveys.get(id);
        return responses.page(user, id, null, cursor, PageLimit.of(limit));
    }

    @Operation(summary = "Every scored answer (feedback surveys and service CSAT), newest first, of the contacts you may see; "
            + "source filters, e.g. SERVICE_CSAT")
    @GetMapping("/api/v1/survey-responses")
    PageResult<SurveyResponses.Response> all(@RequestParam(required = false) String source, @RequestParam(required = false) String cursor,
                                             @RequestParam(required = false) Integer limit) {
        return responses.page(CurrentUser.require(), null, source, cursor, PageLimit.of(limit));
    }

    SurveyResults.Report report(SurveyKind kind, String from, String to, String groupBy) {
        CurrentUser.require();
        LocalDate[] p = period(from, to);
        return results.report(kind, p[0], p[1], groupBy);
    }

    static LocalDate[] period(String from, String to) {
        LocalDate f = date("from", from);
        LocalDate t = date("to", to);
        if (t == null) t = LocalDate.now(java.time.ZoneOffset.UTC);
        if (f == null) f = t.minusMonths(12).plusDays(1);
        return new LocalDate[]{f, t};
    }

    static LocalDate date(String field, String raw) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "a date such as 2026-01-31");
        }
    }
}
