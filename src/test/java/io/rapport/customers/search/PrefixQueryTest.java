package io.rapport.customers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrefixQueryTest {

    @Test
    void splitsTypedTextIntoWords() {
        assertThat(GlobalSearch.words("ann smi")).containsExactly("ann", "smi");
        assertThat(GlobalSearch.words("o'brien & (x | !y):*")).containsExactly("o'brien", "x", "y");
        assertThat(GlobalSearch.words("&&& ||| !!!")).isEmpty();
    }

    @Test
    void keepsEmailAddressesWhole() {
        assertThat(GlobalSearch.words("anna.smith@acme.com")).containsExactly("anna.smith@acme.com");
    }

    @Test
    void keepsLettersOfEveryScript() {
        assertThat(GlobalSearch.words("müller 東京")).containsExactly("müller", "東京");
    }

    @Test
    void everyWordMatchesItselfAsPrefixOrOneOfItsNearestRealWords() {
        Map<String, Set<String>> similar = Map.of("jonh", new LinkedHashSet<>(List.of("john", "jon")));
        assertThat(GlobalSearch.tsQuery(List.of("jonh", "smi"), similar))
                .isEqualTo("('jonh':* | 'john' | 'jon') & ('smi':*)");
    }

    @Test
    void withoutPrefixesEveryAlternativeIsAWholeWord() {
        Map<String, Set<String>> similar = Map.of("jonh", new LinkedHashSet<>(List.of("john")));
        assertThat(GlobalSearch.tsQuery(List.of("jonh", "smith"), similar, false)).isEqualTo("('jonh' | 'john') & ('smith')");
    }

    @Test
    void aWordWithPunctuationMatchesWholeOrByItsParts() {
        assertThat(GlobalSearch.tsQuery(List.of("jean-lu"), Map.of())).isEqualTo("('jean-lu':* | ('jean':* & 'lu':*))");
    }

    @Test
    void quotesLexemesSoInputCannotBreakTheQuery() {
        assertThat(GlobalSearch.tsQuery(List.of("it's"), Map.of())).isEqualTo("('it''s':* | ('it':*))");
        assertThat(GlobalSearch.tsQuery(List.of("j.smith"), Map.of())).isEqualTo("('j.smith':* | ('smith':*))");
    }

    @Test
    void theUpperBoundIsTheFirstTextPastThePrefix() {
        assertThat(GlobalSearch.upperBound("ann")).isEqualTo("ano");
        assertThat(GlobalSearch.upperBound("müll")).isEqualTo("mülm");
        assertThat(GlobalSearch.upperBound("a z")).isEqualTo("a {");
    }
}
