package io.rapport.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void roundTripsValuesWithAnyCharacters() {
        Cursor cursor = new Cursor("müller, anna & co\u0000x", 42);
        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void roundTripsAMissingValue() {
        assertThat(Cursor.decode(new Cursor(null, 7).encode())).isEqualTo(new Cursor(null, 7));
    }

    @Test
    void rejectsGarbageAsInvalidInputNamingTheCursor() {
        assertThatThrownBy(() -> Cursor.decode("not-a-cursor!"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors()).extracting(ApiProblem.FieldError::field)
                        .containsExactly("cursor"));
    }
}
