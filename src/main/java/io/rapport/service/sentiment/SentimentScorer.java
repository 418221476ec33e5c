package io.rapport.service.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lexicon-based sentiment scorer (AFINN-style word scores, VADER-style rules): a negation within the three words
 * before a scored word flips and damps it ("not good"), an intensifier just before it boosts it ("very bad"), a
 * diminisher softens it, a word in ALL CAPS counts half again, exclamation marks amplify the whole. The sum is
 * normalised to −1 … 1 by {@code s / sqrt(s² + 15)}, so a few strong words approach the ends and none reach them.
 */
public final class SentimentScorer {

    private static final Pattern WORD = Pattern.compile("[\\p{L}']+");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
            "nor", "without", "hardly", "barely", "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent",
            "werent", "wont", "wouldnt", "shouldnt", "couldnt", "havent", "hasnt", "hadnt", "aint");
    private static final Map<String, Double> BOOSTERS = Map.ofEntries(Map.entry("very", 1.5), Map.entry("really", 1.5),
            Map.entry("extremely", 1.8), Map.entry("so", 1.3), Map.entry("totally", 1.6), Map.entry("absolutely", 1.7),
            Map.entry("completely", 1.6), Map.entry("utterly", 1.8), Map.entry("incredibly", 1.7), Map.entry("super", 1.5),
            Map.entry("most", 1.3), Map.entry("truly", 1.4), Map.entry("slightly", 0.5), Map.entry("somewhat", 0.6),
            Map.entry("barely", 0.5), Map.entry("little", 0.6), Map.entry("kinda", 0.6), Map.entry("fairly", 0.8));
    private static final double ALPHA = 15;

    private static final SentimentScorer DEFAULT = new SentimentScorer(load("/sentiment/lexicon.txt"));

    private final Map<String, Integer> lexicon;

    public SentimentScorer(Map<String, Integer> lexicon) {
        this.lexicon = Map.copyOf(lexicon);
    }

    public static SentimentScorer standard() {
        return DEFAULT;
    }

    /** −1 (very negative) … 0 (neutral, or no scored words) … 1 (very positive), rounded to three decimals. */
    public double score(String text) {
        if (text == null || text.isBlank()) return 0;
        List<String> raw = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) raw.add(m.group());
        double sum = 0;
        for (int i = 0; i < raw.size(); i++) {
            String word = normal(raw.get(i));
            Integer base = lexicon.get(word);
            if (base == null) continue;
            double s = base;
            if (i > 0) s *= BOOSTERS.getOrDefault(normal(raw.get(i - 1)), 1.0);
            if (isShouting(raw.get(i))) s *= 1.5;
            for (int j = Math.max(0, i - 3); j < i; j++) {
                if (NEGATIONS.contains(normal(raw.get(j)))) {
                    s *= -0.75;
                    break;
                }
            }
            sum += s;
        }
        long bangs = Math.min(4, text.chars().filter(c -> c == '!').count());
        sum *= 1 + 0.1 * bangs;
        double normalised = sum / Math.sqrt(sum * sum + ALPHA);
        return Math.round(Math.max(-1, Math.min(1, normalised)) * 1000) / 1000.0;
    }

    /** Lower case, apostrophes dropped ("don't" → "dont"). */
    private static String normal(String word) {
        return word.toLowerCase(java.util.Locale.ROOT).replace("'", "").replace("\u2019", "");
    }

    private static boolean isShouting(String word) {
        return word.length() >= 3 && word.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
    }

    static Map<String, Integer> load(String resource) {
        Map<String, Integer> words = new HashMap<>();
        try (InputStream in = SentimentScorer.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("Missing sentiment lexicon " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.split("\t");
                words.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
