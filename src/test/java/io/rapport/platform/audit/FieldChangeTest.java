package io.rapport.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldChangeTest {

    @Test
    void listsOnlyFieldsWhoseValueChanged() {
        Map<String, Object> before = new HashMap<>(Map.of("name", "Ann", "stage", "LEAD", "tags", List.of("a")));
        Map<String, Object> after = new HashMap<>(Map.of("name", "Ann", "stage", "CUSTOMER", "tags", List.of("a")));
        after.put("jobTitle", "CTO");
        assertThat(FieldChange.between(before, after))
                .containsOnly(Map.entry("stage", new FieldChange("LEAD", "CUSTOMER")), Map.entry("jobTitle", new FieldChange(null, "CTO")));
    }

    @Test
    void aNewRecordListsItsNonEmptyFields() {
        Map<String, Object> created = new HashMap<>(Map.of("name", "Ann", "tags", List.of()));
        created.put("jobTitle", null);
        assertThat(FieldChange.of(created, true)).containsOnlyKeys("name");
    }
}
