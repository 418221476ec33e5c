package io.rapport.customers.merging;

import io.rapport.platform.web.ExpectedVersion;
import io.rapport.platform.web.JsonFields;
import io.rapport.platform.web.Problems;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The body of a merge request, {@code {"otherId", "version", "otherVersion", "fields"}}, read the same way for
 * contacts and accounts. Errors collect in {@link #in()}; the caller adds its own and then throws them.
 */
public record MergeRequest(JsonFields in, Long otherId, Integer version, Integer otherVersion) {

    private static final Set<String> BODY = Set.of("otherId", "version", "otherVersion", "fields");

    public static MergeRequest read(JsonNode body, long survivorId, String noun) {
        JsonFields in = new JsonFields(body, BODY);
        Long otherId = in.id("otherId");
        if (otherId == null && in.errors().isEmpty()) in.error("otherId", "required");
        Integer version = in.integer("version");
        Integer otherVersion = in.integer("otherVersion");
        if (otherId != null && otherId == survivorId) in.error("otherId", "a " + noun + " cannot be merged with itself");
        return new MergeRequest(in, otherId, version, otherVersion);
    }

    /** 428 without both versions, 412/409 when either record changed since the user compared them. */
    public ExpectedVersion requireVersions(Integer ifMatch, String what, long survivorId, int survivorVersion, int otherActual) {
        ExpectedVersion expected = ExpectedVersion.of(ifMatch, version);
        if (expected.missing() || otherVersion == null) throw Problems.versionRequired();
        expected.requireMatches(what, survivorId, survivorVersion);
        if (otherVersion != otherActual) throw Problems.staleVersion(what, otherId, otherVersion, otherActual);
        return expected;
    }
}
