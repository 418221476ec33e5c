package io.rapport.customers.contacts;

/** Where a person stands with us: lead → prospect → customer → client (ongoing) → advocate, or churned. */
public enum LifecycleStage { LEAD, PROSPECT, CUSTOMER, CLIENT, ADVOCATE, CHURNED }
