package io.rapport.feedback.surveys;

import java.time.Instant;
import java.util.List;

/** A survey definition: NPS, CSAT or CES (one score question and a "why?") or a custom question set. */
public record Survey(long id, String name, String kind, String trigger, String intro, boolean active, int linkDays,
                     List<Question> questions, Instant createdAt, Instant updatedAt, int version) {

    public static final List<String> KINDS = List.of("NPS", "CSAT", "CES", "CUSTOM");
    public static final List<String> TRIGGERS = List.of("MANUAL", "AFTER_ORDER", "RELATIONSHIP");

    /** One question: SCORE (on the NPS, CSAT or CES scale), CHOICE (one of the choices) or TEXT. */
    public record Question(long id, int position, String type, String scale, String prompt, List<String> choices,
                           boolean required) {
        public static final List<String> TYPES = List.of("SCORE", "CHOICE", "TEXT");

        public boolean isScore() {
            return "SCORE".equals(type);
        }

        /** The scale's values in display order, for the answer page (empty for other types). */
        public List<Integer> values() {
            if (!isScore()) return List.of();
            io.rapport.feedback.SurveyKind k = io.rapport.feedback.SurveyKind.valueOf(scale);
            return java.util.stream.IntStream.rangeClosed(k.min(), k.max()).boxed().toList();
        }

        public String lowLabel() {
            return switch (scale == null ? "" : scale) {
                case "NPS" -> "Not at all likely";
                case "CSAT" -> "Very dissatisfied";
                case "CES" -> "Very difficult";
                default -> "";
            };
        }

        public String highLabel() {
            return switch (scale == null ? "" : scale) {
                case "NPS" -> "Extremely likely";
                case "CSAT" -> "Very satisfied";
                case "CES" -> "Very easy";
                default -> "";
            };
        }
    }

    /** The question the e-mail's one-click links answer: the first score question, if any. */
    public Question oneClick() {
        return questions.stream().filter(Question::isScore).findFirst().orElse(null);
    }
}
