package io.rapport.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Building blocks for lead tests: leads, web forms and rules through the real API. */
final class LeadFixtures {

    private final Api api;
    private final String admin;

    LeadFixtures(Api api, String admin) {
        this.api = api;
        this.admin = admin;
    }

    JsonNode lead(String token, String json) {
        Api.Response r = api.post("/api/v1/leads", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    JsonNode lead(String token, Map<String, Object> fields) {
        return lead(token, Api.JSON.writeValueAsString(fields));
    }

    long leadOwnedBy(Long ownerId, String lastName) {
        return lead(admin, ownerId == null ? "{\"lastName\":\"%s\"}".formatted(lastName)
                : "{\"lastName\":\"%s\",\"ownerId\":%d}".formatted(lastName, ownerId)).get("id").asLong();
    }

    JsonNode form(String json) {
        Api.Response r = api.post("/api/v1/web-forms", admin, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** A form asking for names, e-mail and company, with a consent checkbox and a unique campaign. */
    JsonNode standardForm(String campaign) {
        return form("""
                {"name":"Contact us %s","fields":[{"field":"firstName"},{"field":"lastName","required":true},
                 {"field":"email","required":true},{"field":"company"},{"field":"companySize"},{"field":"country"}],
                 "consentText":"I agree to receive news by e-mail.","thankYouText":"Thanks, %s!",
                 "source":"Website","campaign":"%s"}""".formatted(campaign, campaign, campaign));
    }

    JsonNode scoringRule(String json) {
        Api.Response r = api.post("/api/v1/lead-scoring-rules", admin, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    JsonNode assignmentRule(String json) {
        Api.Response r = api.post("/api/v1/lead-assignment-rules", admin, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    void deleteScoringRule(long id) {
        assertThat(api.delete("/api/v1/lead-scoring-rules/" + id, admin).status()).isEqualTo(204);
    }

    void deleteAssignmentRule(long id) {
        assertThat(api.delete("/api/v1/lead-assignment-rules/" + id, admin).status()).isEqualTo(204);
    }
}
