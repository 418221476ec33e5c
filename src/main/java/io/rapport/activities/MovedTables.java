package io.rapport.activities;

import java.util.Map;
import java.util.function.BiConsumer;

/** The tables of this module that follow a merged contact or account, and what else moving a row updates there. */
final class MovedTables {

    private static final Map<String, String> TABLES = Map.of(
            "activities", "", "tasks", ", version = version + 1, updated_at = now()");

    private MovedTables() {}

    static void each(BiConsumer<String, String> tableAndAlsoSet) {
        TABLES.forEach(tableAndAlsoSet);
    }
}
