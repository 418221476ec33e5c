package io.rapport.platform.web;

/**
 * The version an update was based on: from {@code If-Match} (stale → 412) or the body's {@code version}
 * (stale → 409). Without either, the update is refused (428) rather than silently overwriting.
 */
public record ExpectedVersion(Integer value, boolean fromIfMatch) {

    public static ExpectedVersion of(Integer ifMatch, Integer bodyVersion) {
        return ifMatch != null ? new ExpectedVersion(ifMatch, true) : new ExpectedVersion(bodyVersion, false);
    }

    public boolean missing() {
        return value == null;
    }

    public void requireMatches(String what, long id, int actual) {
        if (value == null) throw Problems.versionRequired();
        if (value != actual) {
            throw fromIfMatch ? Problems.preconditionFailed(what, id, actual) : Problems.staleVersion(what, id, value, actual);
        }
    }

    /** The row changed between our read and our write. */
    public ApiProblem lostRace(String what, long id, int readVersion) {
        return Problems.staleVersion(what, id, value, readVersion + 1);
    }
}
