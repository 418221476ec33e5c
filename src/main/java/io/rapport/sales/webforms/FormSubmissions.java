package io.rapport.sales.webforms;

import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import io.rapport.sales.leads.LeadDraft;
import io.rapport.sales.leads.Leads;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A post to a public form: rate limit, honeypot, validation against the form's fields, then a lead with the
 * form's source and campaign, its consent text and a timestamp.
 */
@Service
public class FormSubmissions {

    /** Hidden from people (off-screen, aria-hidden); bots fill every field they find. */
    public static final String HONEYPOT = "contact_me_by_fax";
    public static final String CONSENT = "consent";

    public enum Outcome { CREATED, DISCARDED }

    private final FormRateLimit rateLimit;
    private final Leads leads;
    private final JsonMapper json;

    FormSubmissions(FormRateLimit rateLimit, Leads leads, JsonMapper json) {
        this.rateLimit = rateLimit;
        this.leads = leads;
        this.json = json;
    }

    public Outcome submit(WebForm form, Map<String, String> values, String clientAddress) {
        rateLimit.admit(clientAddress, form.id());
        String trap = values.get(HONEYPOT);
        if (trap != null && !trap.isBlank()) {
            // a bot: answer as if all went well, so it learns nothing, and keep nothing
            return Outcome.DISCARDED;
        }
        ObjectNode body = json.createObjectNode();
        Set<String> onForm = new HashSet<>();
        form.fields().forEach(f -> onForm.add(f.field()));
        JsonFields unknown = new JsonFields(json.createObjectNode(), Set.of());
        values.forEach((name, value) -> {
            if (name.equals(HONEYPOT) || name.equals(CONSENT)) return;
            if (!onForm.contains(name)) {
                unknown.error(name, "not a field of this form");
            } else if (name.equals("companySize") && value != null && value.trim().matches("\\d{1,9}")) {
                body.put(name, Integer.parseInt(value.trim()));
            } else {
                body.put(name, value);
            }
        });
        JsonFields in = new JsonFields(body, onForm);
        in.errors().addAll(unknown.errors());
        LeadDraft draft = new LeadDraft();
        draft.apply(in, true);
        for (WebForm.FormField f : form.fields()) {
            String v = values.get(f.field());
            if (f.required() && (v == null || v.isBlank()) && in.errors().stream().noneMatch(e -> e.field().equals(f.field()))) {
                in.error(f.field(), "required");
            }
        }
        in.throwIfInvalid();
        draft.source = form.source();
        draft.campaign = form.campaign();
        if (form.hasConsent() && checked(values.get(CONSENT))) {
            draft.emailConsent = true;
            draft.consentText = form.consentText();
        }
        leads.createFromForm(draft, form.id(), form.teamId());
        return Outcome.CREATED;
    }

    private static boolean checked(String v) {
        return v != null && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on") || v.equalsIgnoreCase("yes") || v.equals("1"));
    }

    static void requireSmall(long contentLength) {
        if (contentLength > 64 * 1024) throw Problems.tooLarge(64 * 1024);
    }
}
