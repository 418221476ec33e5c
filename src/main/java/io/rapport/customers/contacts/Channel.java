package io.rapport.customers.contacts;

/** How a contact prefers to be reached. */
public enum Channel { EMAIL, PHONE, SMS, CHAT, SOCIAL, IN_PERSON }
