package io.rapport.sales.assignment;

/** Who a new lead goes to: an owner (with the owner's team) or, when a rule names a team with no active members, just the team. */
public record Assignee(Long ownerId, Long teamId, String rule) {}
