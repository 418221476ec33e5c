package io.rapport.customers.customfields;

/** The record types that carry custom fields. TICKET fields are defined here and stored by the service desk. */
public enum EntityKind { CONTACT, ACCOUNT, TICKET }
