package io.rapport.feedback;

/** The scored question types and their scales. */
public enum SurveyKind {
    NPS(0, 10), CSAT(1, 5), CES(1, 7);

    private final int min;
    private final int max;

    SurveyKind(int min, int max) {
        this.min = min;
        this.max = max;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    public boolean accepts(int score) {
        return score >= min && score <= max;
    }
}
