package io.rapport.service;

/**
 * The service desk's lexicon sentiment scorer, for other modules (survey comments): −1 (very negative) … 1 (very
 * positive), 0 for neutral or empty text. Same words, negations and intensifiers as the ticket sentiment.
 */
public final class TextSentiment {

    private TextSentiment() {}

    public static double score(String text) {
        return io.rapport.service.sentiment.SentimentScorer.standard().score(text);
    }
}
