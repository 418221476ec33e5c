package io.rapport.analytics.rfm;

import io.rapport.platform.web.Problems;
import java.util.Arrays;
import java.util.Locale;

/**
 * Named RFM segments from the recency score R and the combined frequency–monetary score FM = round((F + M) / 2),
 * each 1–5. The mapping is the common R × F grid used by marketers (e.g. Putler's RFM segments), with FM in
 * F's place and "Lost" split off the cold corner:
 * <pre>
 *            FM=1            FM=2               FM=3              FM=4          FM=5
 *   R=5   New customers   Potential loyalists  Potential loyalists  Champions     Champions
 *   R=4   Promising       Potential loyalists  Potential loyalists  Loyal         Loyal
 *   R=3   About to sleep  About to sleep       Need attention       Loyal         Loyal
 *   R=2   Hibernating     Hibernating          At risk              At risk       Can't lose them
 *   R=1   Lost            Lost                 At risk              At risk       Can't lose them
 * </pre>
 */
public enum RfmSegment {
    CHAMPIONS("Champions", "Bought recently, buy often and spend the most"),
    LOYAL("Loyal", "Buy regularly and spend well; responsive to promotions"),
    POTENTIAL_LOYALISTS("Potential loyalists", "Recent customers with average frequency and spend"),
    NEW_CUSTOMERS("New customers", "Bought very recently, but not often yet"),
    PROMISING("Promising", "Recent shoppers who have not spent much yet"),
    NEED_ATTENTION("Need attention", "Average recency, frequency and spend; may slip away"),
    ABOUT_TO_SLEEP("About to sleep", "Below-average recency and frequency; will be lost without reactivation"),
    AT_RISK("At risk", "Used to buy often and spend well, but not for a long time"),
    CANT_LOSE_THEM("Can't lose them", "Were among the best customers, but have not come back for a long time"),
    HIBERNATING("Hibernating", "Last purchase long ago, few orders, low spend"),
    LOST("Lost", "The lowest recency, frequency and spend");

    private final String label;
    private final String description;

    RfmSegment(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public static int fm(int f, int m) {
        return (f + m + 1) / 2;
    }

    public static RfmSegment of(int r, int fm) {
        if (r == 5) return fm >= 4 ? CHAMPIONS : fm >= 2 ? POTENTIAL_LOYALISTS : NEW_CUSTOMERS;
        if (r == 4) return fm >= 4 ? LOYAL : fm >= 2 ? POTENTIAL_LOYALISTS : PROMISING;
        if (r == 3) return fm >= 4 ? LOYAL : fm == 3 ? NEED_ATTENTION : ABOUT_TO_SLEEP;
        if (fm == 5) return CANT_LOSE_THEM;
        if (fm >= 3) return AT_RISK;
        return r == 2 ? HIBERNATING : LOST;
    }

    /** The segment named by its key (e.g. {@code at-risk}) or enum name; 400 naming the field otherwise. */
    public static RfmSegment parse(String field, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(s -> s.key().equals(v)).findFirst()
                .orElseThrow(() -> Problems.invalid(field, "'" + value + "' is not an RFM segment; one of "
                        + String.join(", ", Arrays.stream(values()).map(RfmSegment::key).toList())));
    }

    /** The same mapping in SQL over columns r and fm. */
    static String sqlCase() {
        StringBuilder sb = new StringBuilder("case");
        for (int r = 5; r >= 1; r--) {
            for (int fm = 5; fm >= 1; fm--) {
                sb.append(" when r = ").append(r).append(" and fm = ").append(fm).append(" then '").append(of(r, fm).key()).append('\'');
            }
        }
        return sb.append(" end").toString();
    }
}
