package io.rapport.sales.webforms;

import java.time.Instant;
import java.util.List;

/** A lead capture form an admin built, published under an unguessable public key. */
public record WebForm(long id, String publicKey, String name, List<FormField> fields, String consentText,
                      String thankYouText, String source, String campaign, Long teamId, String teamName, boolean active,
                      long leadCount, Instant createdAt, int version) {

    /** One lead field on the form, in display order. */
    public record FormField(String field, boolean required) {

        public String label() {
            return switch (field) {
                case "firstName" -> "First name";
                case "lastName" -> "Last name";
                case "email" -> "E-mail";
                case "phone" -> "Phone";
                case "company" -> "Company";
                case "jobTitle" -> "Job title";
                case "companySize" -> "Company size (employees)";
                case "website" -> "Website";
                case "country" -> "Country (two letters, e.g. DE)";
                case "notes" -> "Message";
                default -> field;
            };
        }

        public String inputType() {
            return switch (field) {
                case "email" -> "email";
                case "phone" -> "tel";
                case "companySize" -> "number";
                case "website" -> "url";
                default -> "text";
            };
        }
    }

    public boolean hasConsent() {
        return consentText != null && !consentText.isBlank();
    }
}
