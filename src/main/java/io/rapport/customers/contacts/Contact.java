package io.rapport.customers.contacts;

import io.rapport.customers.listing.KeyFields;
import io.rapport.customers.listing.KeyFields.KeyField;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A person we have a relationship with, as read from the database and shown in the API. */
public record Contact(long id, String firstName, String lastName, List<String> emails, List<String> phones, String jobTitle,
                      Long accountId, String accountName, Long ownerId, String ownerName, Long teamId,
                      LifecycleStage lifecycleStage, String source, Channel preferredChannel, String language, Address address,
                      List<String> tags, Consent consent, Map<String, Object> customFields, Instant createdAt,
                      Instant updatedAt, int version) {

    public record Address(String street, String city, String region, String postalCode, String country) {
        /** The non-empty parts on one line, for display. */
        public String oneLine() {
            return java.util.stream.Stream.of(street, postalCode, city, region, country).filter(java.util.Objects::nonNull)
                    .filter(s -> !s.isBlank()).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** E-mail marketing consent, with when and where it was given or withdrawn. */
    public record Consent(boolean emailMarketing, Instant at, String source) {}

    public String name() {
        return firstName == null || firstName.isBlank() ? lastName : firstName + " " + lastName;
    }

    /** E-mail, phone, job title, account, owner and country make up the completeness score (and the stored column). */
    static final KeyFields<Contact> KEY_FIELDS = new KeyFields<>("c.completeness", List.of(
            new KeyField<>("email", "cardinality(c.emails) = 0", c -> !c.emails().isEmpty()),
            new KeyField<>("phone", "cardinality(c.phones) = 0", c -> !c.phones().isEmpty()),
            new KeyField<>("jobTitle", "c.job_title is null", c -> c.jobTitle() != null),
            new KeyField<>("account", "c.account_id is null", c -> c.accountId() != null),
            new KeyField<>("owner", "c.owner_id is null", c -> c.ownerId() != null),
            new KeyField<>("country", "c.country is null", c -> c.address().country() != null)));

    /** The key fields (as named in the API) that are empty; they make up {@link #getCompleteness()}. */
    public List<String> getMissing() {
        return KEY_FIELDS.missing(this);
    }

    /** Percentage of the six key fields that are filled (the same formula as the database column). */
    public int getCompleteness() {
        return KEY_FIELDS.percent(this);
    }

    public String primaryEmail() {
        return emails.isEmpty() ? null : emails.getFirst();
    }

    /** The audited fields, flattened, for old → new comparisons. */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firstName", firstName);
        m.put("lastName", lastName);
        m.put("emails", emails);
        m.put("phones", phones);
        m.put("jobTitle", jobTitle);
        m.put("accountId", accountId);
        m.put("ownerId", ownerId);
        m.put("lifecycleStage", lifecycleStage == null ? null : lifecycleStage.name());
        m.put("source", source);
        m.put("preferredChannel", preferredChannel == null ? null : preferredChannel.name());
        m.put("language", language);
        m.put("address.street", address.street());
        m.put("address.city", address.city());
        m.put("address.region", address.region());
        m.put("address.postalCode", address.postalCode());
        m.put("address.country", address.country());
        m.put("tags", tags);
        m.put("consent.emailMarketing", consent.emailMarketing());
        m.put("consent.source", consent.source());
        customFields.forEach((k, v) -> m.put("customFields." + k, v));
        return m;
    }
}
