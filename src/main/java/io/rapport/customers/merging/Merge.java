package io.rapport.customers.merging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A merge of two contacts or two accounts, as shown in the API and in a record's merge history. */
public record Merge(long id, long survivorId, long mergedId, String mergedName, Instant mergedAt, Instant undoUntil,
                    Instant undoneAt, Map<String, Long> moved) {

    public static final Duration UNDO_WINDOW = Duration.ofDays(30);

    public boolean undoable(Instant now) {
        return undoneAt == null && now.isBefore(undoUntil);
    }

    public Merge withMoved(Map<String, Long> counts) {
        return new Merge(id, survivorId, mergedId, mergedName, mergedAt, undoUntil, undoneAt, counts);
    }
}
