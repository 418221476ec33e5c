package io.rapport.sales.leads;

import io.rapport.platform.web.JsonFields;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The writable fields of a lead, read from JSON with every problem named by field. */
public final class LeadDraft {

    public static final Set<String> FIELDS = Set.of("firstName", "lastName", "email", "phone", "company", "jobTitle",
            "companySize", "website", "country", "source", "campaign", "status", "ownerId", "emailConsent", "consentText",
            "notes", "version",
            // read-only fields a client may echo back from a GET; ignored
            "id", "name", "score", "scoreReasons", "ownerName", "teamId", "emailConsentAt", "emailConsentText", "webFormId",
            "lastActivityAt", "convertedContactId", "convertedAccountId", "convertedDealId", "convertedAt", "createdAt",
            "updatedAt");
    /** Fields a web form may ask for, in the order a form builder offers them. */
    public static final List<String> FORM_FIELDS = List.of("firstName", "lastName", "email", "phone", "company",
            "jobTitle", "companySize", "website", "country", "notes");
    static final List<String> EDITABLE_STATUSES = List.of("NEW", "WORKING", "QUALIFIED", "DISQUALIFIED");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public String firstName = "";
    public String lastName;
    public String email;
    public String phone;
    public String company;
    public String jobTitle;
    public Integer companySize;
    public String website;
    public String country;
    public String source;
    public String campaign;
    public String status = "NEW";
    public Long ownerId;
    public boolean emailConsent;
    public String consentText;
    public String notes;
    public Integer version;

    static LeadDraft of(Lead lead) {
        LeadDraft d = new LeadDraft();
        d.firstName = lead.firstName();
        d.lastName = lead.lastName();
        d.email = lead.email();
        d.phone = lead.phone();
        d.company = lead.company();
        d.jobTitle = lead.jobTitle();
        d.companySize = lead.companySize();
        d.website = lead.website();
        d.country = lead.country();
        d.source = lead.source();
        d.campaign = lead.campaign();
        d.status = lead.status();
        d.ownerId = lead.ownerId();
        d.emailConsent = lead.emailConsent();
        d.consentText = lead.emailConsentText();
        d.notes = lead.notes();
        return d;
    }

    /** Applies the fields present in {@code in}; on create, a missing last name is an error. */
    public void apply(JsonFields in, boolean creating) {
        if (in.has("firstName")) firstName = orEmpty(in.text("firstName", 100));
        if (in.has("lastName") || creating) {
            lastName = in.text("lastName", 100);
            if (lastName == null && !in.errors().stream().anyMatch(e -> e.field().equals("lastName"))) {
                in.error("lastName", "required");
            }
        }
        if (in.has("email")) {
            email = in.text("email", 254);
            if (email != null && !EMAIL.matcher(email).matches()) in.error("email", "not an e-mail address");
        }
        if (in.has("phone")) phone = in.text("phone", 50);
        if (in.has("company")) company = in.text("company", 200);
        if (in.has("jobTitle")) jobTitle = in.text("jobTitle", 200);
        if (in.has("companySize")) {
            companySize = in.integer("companySize");
            if (companySize != null && companySize < 0) in.error("companySize", "must not be negative");
        }
        if (in.has("website")) website = in.text("website", 300);
        if (in.has("country")) {
            country = in.text("country", 2);
            if (country != null) {
                country = country.toUpperCase(java.util.Locale.ROOT);
                if (!country.matches("[A-Z]{2}")) in.error("country", "a two-letter ISO code such as DE");
            }
        }
        if (in.has("source")) source = in.text("source", 100);
        if (in.has("campaign")) campaign = in.text("campaign", 200);
        if (in.has("status")) {
            String s = in.text("status", 20);
            if (s != null) {
                s = s.toUpperCase(java.util.Locale.ROOT);
                if ("CONVERTED".equals(s)) in.error("status", "a lead is converted with POST /api/v1/leads/{id}/convert");
                else if (!EDITABLE_STATUSES.contains(s)) in.error("status", "one of " + EDITABLE_STATUSES);
                else status = s;
            } else {
                in.error("status", "one of " + EDITABLE_STATUSES);
            }
        }
        if (in.has("ownerId")) ownerId = in.id("ownerId");
        if (in.has("emailConsent")) {
            Boolean b = in.bool("emailConsent");
            emailConsent = b != null && b;
        }
        if (in.has("consentText")) consentText = in.text("consentText", 1000);
        if (in.has("notes")) notes = in.text("notes", 10000);
        if (in.has("version")) version = in.integer("version");
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
