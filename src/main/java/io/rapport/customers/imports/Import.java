package io.rapport.customers.imports;

import java.time.Instant;
import java.util.List;

/** An import job as users see it: the file, its mapping, where it stands and what it did. */
public record Import(long id, long ownerId, String ownerName, String entity, String fileName, long fileBytes, long rowsEstimate, char separator,
                     List<String> headers, List<List<String>> preview, List<String> fields, DuplicatePolicy duplicates,
                     Status status, long rowsRead, long created, long updated, long skipped, long rejected, String failure,
                     Instant createdAt, Instant startedAt, Instant finishedAt, java.util.Map<String, String> options) {

    public enum Status { UPLOADED, QUEUED, RUNNING, COMPLETED, FAILED }

    public boolean finished() {
        return status == Status.COMPLETED || status == Status.FAILED;
    }

    public boolean active() {
        return status == Status.QUEUED || status == Status.RUNNING;
    }

    /** Share of the rows committed so far (0-100), against the file's line count. */
    public int percent() {
        if (status == Status.COMPLETED) return 100;
        if (rowsEstimate <= 0) return 0;
        return (int) Math.min(99, rowsRead * 100 / rowsEstimate);
    }
}
