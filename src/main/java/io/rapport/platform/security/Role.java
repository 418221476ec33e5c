package io.rapport.platform.security;

/** What a user may do. Visibility of records follows from the role (see {@link RecordVisibility}). */
public enum Role {
    ADMIN, MANAGER, SALES, MARKETING, AGENT, READ_ONLY;

    /** SALES and AGENT work their own and their team's book; everyone else sees every record. */
    public boolean seesOnlyOwnBook() {
        return this == SALES || this == AGENT;
    }

    public boolean canWrite() {
        return this != READ_ONLY;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
