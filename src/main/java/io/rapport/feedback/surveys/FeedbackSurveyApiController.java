package io.rapport.feedback.surveys;

import io.rapport.feedback.answers.TopicRules;
import io.rapport.feedback.sending.FeedbackSettings;
import io.rapport.feedback.sending.Invitations;
import io.rapport.feedback.sending.SurveySending;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Survey definitions (admins write, everyone signed in reads), sending, topic rules and the feedback settings. */
@Tag(name = "Surveys")
@RestController
class FeedbackSurveyApiController {

    private final SurveyDefinitions surveys;
    private final SurveySending sending;
    private final TopicRules topics;
    private final FeedbackSettings settings;

    FeedbackSurveyApiController(SurveyDefinitions surveys, SurveySending sending, TopicRules topics, FeedbackSettings settings) {
        this.surveys = surveys;
        this.sending = sending;
        this.topics = topics;
        this.settings = settings;
    }

    @Operation(summary = "Every survey with its questions (a short list: one page)")
    @GetMapping("/api/v1/surveys")
    PageResult<Survey> list() {
        CurrentUser.require();
        return new PageResult<>(surveys.list(), null);
    }

    @Operation(summary = "One survey")
    @GetMapping("/api/v1/surveys/{id}")
    Survey get(@PathVariable long id) {
        CurrentUser.require();
        return surveys.get(id);
    }

    @Operation(summary = "Create a survey (admin)", description = "{\"name\", \"kind\": NPS|CSAT|CES|CUSTOM, \"trigger\": "
            + "MANUAL|AFTER_ORDER|RELATIONSHIP, \"intro\", \"active\", \"linkDays\", \"questions\": [{\"type\": SCORE|CHOICE|TEXT, "
            + "\"scale\": NPS|CSAT|CES, \"prompt\", \"choices\", \"required\"}]}; a standard kind without questions gets its "
            + "score question and a \"why?\"")
    @PostMapping("/api/v1/surveys")
    @ResponseStatus(HttpStatus.CREATED)
    Survey create(@RequestBody JsonNode body) {
        return surveys.create(CurrentUser.require(), body);
    }

    @Operation(summary = "Change a survey (admin); questions sent with their id keep it (and their answers)")
    @PatchMapping("/api/v1/surveys/{id}")
    Survey update(@PathVariable long id, @RequestBody JsonNode body) {
        return surveys.update(CurrentUser.require(), id, body);
    }

    @Operation(summary = "Delete a survey (admin); its scored answers stay in the results")
    @DeleteMapping("/api/v1/surveys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        surveys.delete(CurrentUser.require(), id);
    }

    @Operation(summary = "Send the survey to one contact (admin, manager): 201 when mailed; 422 naming contactId when refused "
            + "(no e-mail, no consent, throttled) — the refusal is recorded", description = "{\"contactId\": 1, \"orderId\": null}")
    @PostMapping("/api/v1/surveys/{id}/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> send(@PathVariable long id, @RequestBody JsonNode body) {
        Invitations.Outcome o = sending.sendOne(CurrentUser.require(), id, body);
        return Map.of("invitationId", o.invitationId(), "status", "SENT");
    }

    @Operation(summary = "Recent invitations of a survey (admin, manager): sent, started, completed and refused with the reason")
    @GetMapping("/api/v1/surveys/{id}/invitations")
    List<Invitations.Invitation> invitations(@PathVariable long id) {
        return sending.recent(CurrentUser.require(), id, 200);
    }

    @Operation(summary = "Topic rules: keywords that tag comments")
    @GetMapping("/api/v1/feedback/topic-rules")
    List<TopicRules.Rule> rules() {
        CurrentUser.require();
        return topics.list();
    }

    @Operation(summary = "Add a topic rule (admin): {\"topic\", \"keywords\": [...]}; every comment is retagged")
    @PostMapping("/api/v1/feedback/topic-rules")
    @ResponseStatus(HttpStatus.CREATED)
    TopicRules.Rule addRule(@RequestBody JsonNode body) {
        return topics.save(CurrentUser.require(), null, body);
    }

    @Operation(summary = "Change a topic rule (admin)")
    @PutMapping("/api/v1/feedback/topic-rules/{id}")
    TopicRules.Rule saveRule(@PathVariable long id, @RequestBody JsonNode body) {
        return topics.save(CurrentUser.require(), id, body);
    }

    @Operation(summary = "Delete a topic rule (admin)")
    @DeleteMapping("/api/v1/feedback/topic-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteRule(@PathVariable long id) {
        topics.delete(CurrentUser.require(), id);
    }

    @Operation(summary = "Feedback settings: throttle days, relationship NPS interval and batch")
    @GetMapping("/api/v1/feedback/settings")
    FeedbackSettings.Values settings() {
        CurrentUser.require();
        return settings.current();
    }

    @Operation(summary = "Change the feedback settings (admin)")
    @PutMapping("/api/v1/feedback/settings")
    FeedbackSettings.Values saveSettings(@RequestBody JsonNode body) {
        return settings.update(CurrentUser.require(), body);
    }
}
