package io.rapport.platform.users;

/** A group of users who share a book of records (SALES and AGENT see their team's records). */
public record Team(long id, String name, int members) {}
