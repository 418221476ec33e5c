package io.rapport.customers.contacts;

import io.rapport.platform.web.JsonFields;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which record's value the survivor keeps, per field: {@code "survivor"} or {@code "other"}; e-mails and phones also
 * {@code "both"} (the default: the survivor's first). A field not named keeps the survivor's value, or the other's
 * when the survivor has none. Tags are always the union.
 */
final class MergeChoices {

    static final List<String> FIELDS = List.of("firstName", "lastName", "emails", "phones", "jobTitle", "accountId",
            "ownerId", "lifecycleStage", "source", "preferredChannel", "language", "address", "consent");
    private static final Set<String> LISTS = Set.of("emails", "phones");

    private final Map<String, String> chosen = new LinkedHashMap<>();

    /** Reads {@code fields} of the request; unknown fields and values are errors in {@code in}. */
    static MergeChoices read(JsonFields in, Set<String> customKeys) {
        MergeChoices choices = new MergeChoices();
        JsonNode node = in.node("fields");
        if (node == null || node.isNull()) return choices;
        if (!node.isObject()) {
            in.error("fields", "expected an object of field name → \"survivor\" or \"other\"");
            return choices;
        }
        for (String field : node.propertyNames()) {
            boolean custom = field.startsWith("customFields.") && customKeys.contains(field.substring("customFields.".length()));
            if (!FIELDS.contains(field) && !custom) {
                in.error("fields." + field, "unknown field; one of " + FIELDS + " or customFields.<key>");
                continue;
            }
            JsonNode value = node.get(field);
            String v = value.isString() ? value.asString().trim().toLowerCase(Locale.ROOT) : "";
            boolean valid = v.equals("survivor") || v.equals("other") || (v.equals("both") && LISTS.contains(field));
            if (!valid) in.error("fields." + field, LISTS.contains(field) ? "\"survivor\", \"other\" or \"both\"" : "\"survivor\" or \"other\"");
            else choices.chosen.put(field, v);
        }
        return choices;
    }

    /** The survivor's draft with the chosen values of the other record; returns the team of the chosen owner. */
    Long apply(ContactDraft draft, Contact survivor, Contact other) {
        draft.firstName = pick("firstName", survivor.firstName(), other.firstName());
        draft.lastName = pick("lastName", survivor.lastName(), other.lastName());
        draft.emails = list("emails", survivor.emails(), other.emails());
        draft.phones = list("phones", survivor.phones(), other.phones());
        draft.jobTitle = pick("jobTitle", survivor.jobTitle(), other.jobTitle());
        draft.accountId = pick("accountId", survivor.accountId(), other.accountId());
        draft.stage = pick("lifecycleStage", survivor.lifecycleStage(), other.lifecycleStage());
        draft.source = pick("source", survivor.source(), other.source());
        draft.preferredChannel = pick("preferredChannel", survivor.preferredChannel(), other.preferredChannel());
        draft.language = pick("language", survivor.language(), other.language());
        Contact.Address address = takesOther("address", survivor.address().oneLine().isEmpty()) ? other.address() : survivor.address();
        draft.street = address.street();
        draft.city = address.city();
        draft.region = address.region();
        draft.postalCode = address.postalCode();
        draft.country = address.country();
        Contact.Consent consent = takesOther("consent", survivor.consent().at() == null && !survivor.consent().emailMarketing())
                ? other.consent() : survivor.consent();
        draft.emailConsent = consent.emailMarketing();
        draft.emailConsentAt = consent.at();
        draft.emailConsentSource = consent.source();
        LinkedHashSet<String> tags = new LinkedHashSet<>(survivor.tags());
        tags.addAll(other.tags());
        draft.tags = List.copyOf(tags);
        Map<String, Object> custom = new LinkedHashMap<>(survivor.customFields());
        Set<String> keys = new LinkedHashSet<>(survivor.customFields().keySet());
        keys.addAll(other.customFields().keySet());
        keys.addAll(chosen.keySet().stream().filter(f -> f.startsWith("customFields.")).map(f -> f.substring(13)).toList());
        for (String key : keys) {
            Object value = pick("customFields." + key, survivor.customFields().get(key), other.customFields().get(key));
            if (value == null) custom.remove(key);
            else custom.put(key, value);
        }
        draft.custom = custom;
        boolean otherOwner = takesOther("ownerId", survivor.ownerId() == null);
        draft.ownerId = otherOwner ? other.ownerId() : survivor.ownerId();
        return otherOwner ? other.teamId() : survivor.teamId();
    }

    private <T> T pick(String field, T survivor, T other) {
        return takesOther(field, survivor == null || (survivor instanceof String s && s.isBlank())) ? other : survivor;
    }

    private boolean takesOther(String field, boolean survivorEmpty) {
        String choice = chosen.get(field);
        return choice == null ? survivorEmpty : choice.equals("other");
    }

    private List<String> list(String field, List<String> survivor, List<String> other) {
        String choice = chosen.getOrDefault(field, "both");
        if (choice.equals("other")) return other;
        if (choice.equals("survivor")) return survivor;
        LinkedHashSet<String> both = new LinkedHashSet<>(survivor);
        both.addAll(other);
        return both.stream().filter(Objects::nonNull).limit(10).toList();
    }
}
