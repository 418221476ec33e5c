package io.rapport.sales.assignment;

/** The values of a new lead that assignment rules can test. */
public record LeadFacts(String country, String source, String campaign, String company, String jobTitle) {

    String value(String field) {
        return switch (field) {
            case "country" -> country;
            case "source" -> source;
            case "campaign" -> campaign;
            case "company" -> company;
            case "jobTitle" -> jobTitle;
            default -> null;
        };
    }
}
