package io.rapport.customers.contacts;

import io.rapport.customers.customfields.CustomFields;
import io.rapport.customers.customfields.EntityKind;
import io.rapport.platform.users.EmailAddress;
import io.rapport.platform.web.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** A contact being created or changed: starts empty or from the stored record, then takes the request's fields. */
final class ContactDraft {

    static final Set<String> FIELDS = Set.of("firstName", "lastName", "emails", "phones", "jobTitle", "accountId", "ownerId",
            "lifecycleStage", "source", "preferredChannel", "language", "address", "tags", "consent", "customFields", "version",
            // read-only fields a client may echo back from a GET; ignored
            "id", "name", "accountName", "ownerName", "teamId", "createdAt", "updatedAt", "completeness", "missing");
    private static final Set<String> ADDRESS = Set.of("street", "city", "region", "postalCode", "country");
    private static final Set<String> CONSENT = Set.of("emailMarketing", "source", "at");

    String firstName = "";
    String lastName;
    List<String> emails = List.of();
    List<String> phones = List.of();
    String jobTitle;
    Long accountId;
    Long ownerId;
    LifecycleStage stage = LifecycleStage.LEAD;
    String source;
    Channel preferredChannel;
    String language;
    String street, city, region, postalCode, country;
    List<String> tags = List.of();
    boolean emailConsent;
    Instant emailConsentAt;
    String emailConsentSource;
    Map<String, Object> custom = new LinkedHashMap<>();
    Integer version;
    boolean consentChanged;

    static ContactDraft of(Contact c) {
        ContactDraft d = new ContactDraft();
        d.firstName = c.firstName();
        d.lastName = c.lastName();
        d.emails = c.emails();
        d.phones = c.phones();
        d.jobTitle = c.jobTitle();
        d.accountId = c.accountId();
        d.ownerId = c.ownerId();
        d.stage = c.lifecycleStage();
        d.source = c.source();
        d.preferredChannel = c.preferredChannel();
        d.language = c.language();
        d.street = c.address().street();
        d.city = c.address().city();
        d.region = c.address().region();
        d.postalCode = c.address().postalCode();
        d.country = c.address().country();
        d.tags = c.tags();
        d.emailConsent = c.consent().emailMarketing();
        d.emailConsentAt = c.consent().at();
        d.emailConsentSource = c.consent().source();
        d.custom = new LinkedHashMap<>(c.customFields());
        return d;
    }

    /** Takes every field present in the body; problems are collected in {@code in}. */
    void apply(JsonFields in, String phoneRegion, CustomFields customFields, boolean creating) {
        if (in.has("firstName")) firstName = orEmpty(in.text("firstName", 100));
        if (in.has("lastName")) lastName = in.text("lastName", 100);
        if (in.has("emails")) emails = emails(in);
        if (in.has("jobTitle")) jobTitle = in.text("jobTitle", 200);
        if (in.has("accountId")) accountId = in.id("accountId");
        if (in.has("ownerId")) ownerId = in.id("ownerId");
        if (in.has("lifecycleStage")) stage = enumValue(in, "lifecycleStage", LifecycleStage.class, stage);
        if (in.has("source")) source = in.text("source", 100);
        if (in.has("preferredChannel")) preferredChannel = enumValue(in, "preferredChannel", Channel.class, null);
        if (in.has("language")) language = language(in);
        if (in.has("tags")) tags = tags(in.strings("tags", 30, 50));
        if (in.has("version")) version = in.integer("version");
        JsonFields address = in.object("address", ADDRESS);
        if (address != null) {
            if (address.has("street")) street = address.text("street", 200);
            if (address.has("city")) city = address.text("city", 100);
            if (address.has("region")) region = address.text("region", 100);
            if (address.has("postalCode")) postalCode = address.text("postalCode", 20);
            if (address.has("country")) {
                country = address.text("country", 2);
                if (country != null && !country.matches("[A-Za-z]{2}")) address.error("country", "an ISO 3166 two-letter code such as DE");
                if (country != null) country = country.toUpperCase(Locale.ROOT);
            }
            in.absorb("address", address);
        }
        if (in.has("phones")) phones = phones(in, country != null ? country : phoneRegion);
        JsonFields consent = in.object("consent", CONSENT);
        if (consent != null) {
            Boolean given = consent.bool("emailMarketing");
            String consentSource = consent.text("source", 100);
            if (given != null && given != emailConsent) {
                emailConsent = given;
                emailConsentAt = Instant.now();
                consentChanged = true;
            }
            if (consent.has("source")) emailConsentSource = consentSource;
            in.absorb("consent", consent);
        }
        if (in.has("customFields") || creating) {
            custom = customFields.apply(EntityKind.CONTACT, custom, in.node("customFields"), "customFields", in.errors());
        }
        if (lastName == null) in.error("lastName", "required");
    }

    private static List<String> emails(JsonFields in) {
        List<String> raw = in.strings("emails", 10, 254);
        LinkedHashSet<String> cleaned = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!EmailAddress.isValid(raw.get(i))) in.error("emails[" + i + "]", "'" + raw.get(i) + "' is not a valid e-mail address");
            else cleaned.add(new EmailAddress(raw.get(i)).value());
        }
        return List.copyOf(cleaned);
    }

    private static List<String> phones(JsonFields in, String region) {
        List<String> raw = in.strings("phones", 10, 40);
        LinkedHashSet<String> cleaned = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            int index = i;
            PhoneNumbers.toE164(raw.get(i), region).ifPresentOrElse(cleaned::add,
                    () -> in.error("phones[" + index + "]", "'" + raw.get(index) + "' is not a valid phone number"));
        }
        return List.copyOf(cleaned);
    }

    static List<String> tags(List<String> raw) {
        List<String> cleaned = new ArrayList<>();
        raw.stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().forEach(cleaned::add);
        return List.copyOf(cleaned);
    }

    private static String language(JsonFields in) {
        String lang = in.text("language", 35);
        if (lang != null && !lang.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
            in.error("language", "a language tag such as en or pt-BR");
        }
        return lang;
    }

    private static <E extends Enum<E>> E enumValue(JsonFields in, String field, Class<E> type, E fallback) {
        String raw = in.text(field, 40);
        if (raw == null) return fallback;
        try {
            return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            in.error(field, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
            return fallback;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
