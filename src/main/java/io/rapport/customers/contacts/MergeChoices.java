package io.rapport.customers.contacts;

import io.rapport.customers.merging.FieldChoices;
import io.rapport.platform.web.JsonFields;
import java.util.List;
import java.util.Set;

/** The contact fields a merge lets the user choose; e-mails and phones may also keep "both". Tags are united. */
final class MergeChoices {

    static final List<String> FIELDS = List.of("firstName", "lastName", "emails", "phones", "jobTitle", "accountId",
            "ownerId", "lifecycleStage", "source", "preferredChannel", "language", "address", "consent");
    private static final Set<String> LISTS = Set.of("emails", "phones");

    private final FieldChoices chosen;

    private MergeChoices(FieldChoices chosen) {
        this.chosen = chosen;
    }

    static MergeChoices read(JsonFields in, Set<String> customKeys) {
        return new MergeChoices(FieldChoices.read(in, FIELDS, LISTS, customKeys));
    }

    /** The survivor's draft with the chosen values of the other record; returns the team of the chosen owner. */
    Long apply(ContactDraft draft, Contact survivor, Contact other) {
        draft.firstName = chosen.pick("firstName", survivor.firstName(), other.firstName());
        draft.lastName = chosen.pick("lastName", survivor.lastName(), other.lastName());
        draft.emails = chosen.list("emails", survivor.emails(), other.emails(), 10);
        draft.phones = chosen.list("phones", survivor.phones(), other.phones(), 10);
        draft.jobTitle = chosen.pick("jobTitle", survivor.jobTitle(), other.jobTitle());
        draft.accountId = chosen.pick("accountId", survivor.accountId(), other.accountId());
        draft.stage = chosen.pick("lifecycleStage", survivor.lifecycleStage(), other.lifecycleStage());
        draft.source = chosen.pick("source", survivor.source(), other.source());
        draft.preferredChannel = chosen.pick("preferredChannel", survivor.preferredChannel(), other.preferredChannel());
        draft.language = chosen.pick("language", survivor.language(), other.language());
        Contact.Address address = chosen.takesOther("address", survivor.address().oneLine().isEmpty()) ? other.address() : survivor.address();
        draft.street = address.street();
        draft.city = address.city();
        draft.region = address.region();
        draft.postalCode = address.postalCode();
        draft.country = address.country();
        Contact.Consent consent = chosen.takesOther("consent", survivor.consent().at() == null && !survivor.consent().emailMarketing())
                ? other.consent() : survivor.consent();
        draft.emailConsent = consent.emailMarketing();
        draft.emailConsentAt = consent.at();
        draft.emailConsentSource = consent.source();
        draft.tags = FieldChoices.union(survivor.tags(), other.tags());
        draft.custom = chosen.custom(survivor.customFields(), other.customFields());
        boolean otherOwner = chosen.takesOther("ownerId", survivor.ownerId() == null);
        draft.ownerId = otherOwner ? other.ownerId() : survivor.ownerId();
        return otherOwner ? other.teamId() : survivor.teamId();
    }
}
