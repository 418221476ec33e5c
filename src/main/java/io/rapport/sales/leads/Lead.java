package io.rapport.sales.leads;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A lead as the API and pages show it; {@code scoreReasons} say why the score is what it is. */
public record Lead(long id, String firstName, String lastName, String email, String phone, String company,
                   String jobTitle, Integer companySize, String website, String country, String source, String campaign,
                   String status, int score, List<ScoreReason> scoreReasons, Long ownerId, String ownerName, Long teamId,
                   boolean emailConsent, Instant emailConsentAt, String emailConsentText, String notes, Long webFormId,
                   Instant lastActivityAt, Long convertedContactId, Long convertedAccountId, Long convertedDealId,
                   Instant convertedAt, Instant createdAt, Instant updatedAt, int version) {

    public static final List<String> STATUSES = List.of("NEW", "WORKING", "QUALIFIED", "DISQUALIFIED", "CONVERTED");

    /** One rule that counted towards the score. */
    public record ScoreReason(String rule, int points) {}

    public String name() {
        return (firstName == null || firstName.isEmpty() ? "" : firstName + " ") + lastName;
    }

    public boolean converted() {
        return "CONVERTED".equals(status);
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firstName", firstName);
        m.put("lastName", lastName);
        m.put("email", email);
        m.put("phone", phone);
        m.put("company", company);
        m.put("jobTitle", jobTitle);
        m.put("companySize", companySize);
        m.put("website", website);
        m.put("country", country);
        m.put("source", source);
        m.put("campaign", campaign);
        m.put("status", status);
        m.put("ownerId", ownerId);
        m.put("emailConsent", emailConsent);
        m.put("notes", notes);
        return m;
    }
}
