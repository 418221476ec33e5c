package io.rapport.service.macros;

import java.time.Instant;

/** A canned response; {@code ownerId} null means shared with every agent. */
public record Macro(long id, String name, String body, Long ownerId, boolean shared, FieldChanges changes,
                    Instant updatedAt, int version) {}
