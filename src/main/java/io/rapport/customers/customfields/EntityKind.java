package io.rapport.customers.customfields;

/** The record types that carry custom fields. */
public enum EntityKind { CONTACT, ACCOUNT }
