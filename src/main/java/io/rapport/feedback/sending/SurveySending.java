package io.rapport.feedback.sending;

import io.rapport.customers.contacts.Contacts;
import io.rapport.feedback.surveys.Survey;
import io.rapport.feedback.surveys.SurveyDefinitions;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Sending by hand (admins and managers, to a contact they may see). The refusal is committed before the 422 is
 * thrown, so "why was this contact not surveyed" can be answered later.
 */
@Service
public class SurveySending {

    private final SurveyDefinitions surveys;
    private final Invitations invitations;
    private final Contacts contacts;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    SurveySending(SurveyDefinitions surveys, Invitations invitations, Contacts contacts, TransactionTemplate tx, JdbcClient jdbc) {
        this.surveys = surveys;
        this.invitations = invitations;
        this.contacts = contacts;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    public static void requireSender(CurrentUser user) {
        if (user.role() != Role.ADMIN && user.role() != Role.MANAGER) {
            throw Problems.forbidden("Only administrators and managers send surveys");
        }
    }

    public Invitations.Outcome sendOne(CurrentUser user, long surveyId, JsonNode body) {
        requireSender(user);
        JsonFields in = new JsonFields(body, Set.of("contactId", "orderId"));
        Long contactId = in.id("contactId");
        Long orderId = in.id("orderId");
        if (contactId == null && in.errors().isEmpty()) in.error("contactId", "required");
        in.throwIfInvalid();
        Survey survey = surveys.get(surveyId);
        if (!survey.active()) throw Problems.conflict("Survey " + surveyId + " is not active; activate it first");
        contacts.get(user, contactId); // 404 when the user may not see it
        if (orderId != null && !jdbc.sql("select exists (select 1 from orders where id = :o and contact_id = :c)")
                .param("o", orderId).param("c", contactId).query(Boolean.class).single()) {
            throw Problems.invalid("orderId", "not an order of this contact");
        }
        Invitations.Outcome o = tx.execute(s -> invitations.send(survey, contactId, orderId, "MANUAL"));
        if (!o.sent()) {
            throw new ApiProblem(HttpStatus.valueOf(422), "survey-refused", "Survey not sent",
                    "Not sent: " + o.refusal().explain() + " (recorded as " + o.refusal() + ")",
                    List.of(new ApiProblem.FieldError("contactId", o.refusal().name() + ": " + o.refusal().explain())));
        }
        return o;
    }

    public List<Invitations.Invitation> recent(CurrentUser user, long surveyId, int limit) {
        requireSender(user);
        surveys.get(surveyId);
        return jdbc.sql("select id from survey_invitations where survey_id = :s order by created_at desc, id desc limit :l")
                .param("s", surveyId).param("l", limit).query(Long.class).list().stream()
                .map(id -> invitations.find(id).orElseThrow()).toList();
    }
}
