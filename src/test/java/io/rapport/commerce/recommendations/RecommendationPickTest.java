package io.rapport.commerce.recommendations;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.commerce.Recommendation;
import io.rapport.commerce.Recommendation.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How upsells and cross-sells share a list. */
class RecommendationPickTest {

    @Test
    void upsellsComeFirstButTakeAtMostHalfWhileCrossSellsRemain() {
        assertThat(kinds(RecommendationLookup.pick(list(5, 5), 5))).containsExactly("U", "U", "U", "C", "C");
        assertThat(kinds(RecommendationLookup.pick(list(5, 5), 4))).containsExactly("U", "U", "C", "C");
        assertThat(kinds(RecommendationLookup.pick(list(5, 1), 5))).containsExactly("U", "U", "U", "U", "C");
        assertThat(kinds(RecommendationLookup.pick(list(1, 5), 5))).containsExactly("U", "C", "C", "C", "C");
        assertThat(kinds(RecommendationLookup.pick(list(0, 2), 5))).containsExactly("C", "C");
        assertThat(RecommendationLookup.pick(list(0, 0), 5)).isEmpty();
    }

    private static List<Recommendation> list(int upsells, int crossSells) {
        List<Recommendation> all = new ArrayList<>();
        IntStream.range(0, upsells).forEach(i -> all.add(rec(i, Kind.UPSELL)));
        IntStream.range(0, crossSells).forEach(i -> all.add(rec(100 + i, Kind.CROSS_SELL)));
        return all;
    }

    private static Recommendation rec(long id, Kind kind) {
        return new Recommendation(id, "S" + id, "P" + id, kind, "why", 1, "X", null, null, null);
    }

    private static List<String> kinds(List<Recommendation> picked) {
        return picked.stream().map(r -> r.kind() == Kind.UPSELL ? "U" : "C").toList();
    }
}
