package io.rapport.customers.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefixQueryTest {

    @Test
    void turnsWordsIntoPrefixTerms() {
        assertThat(GlobalSearch.prefixQuery("ann smi")).isEqualTo("ann:* & smi:*");
    }

    @Test
    void dropsTsquerySyntaxSoUserInputCannotBreakTheQuery() {
        assertThat(GlobalSearch.prefixQuery("o'brien & (x | !y):*")).isEqualTo("o:* & brien:* & x:* & y:*");
        assertThat(GlobalSearch.prefixQuery("&&& ||| !!!")).isNull();
    }

    @Test
    void keepsLettersOfEveryScript() {
        assertThat(GlobalSearch.prefixQuery("müller 東京")).isEqualTo("müller:* & 東京:*");
    }
}
