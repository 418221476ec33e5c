package io.rapport.sales.leads;

import java.time.Instant;

/** Something a lead did: visited a page, opened an e-mail, submitted a form… */
public record LeadEvent(long id, long leadId, String type, String url, Instant occurredAt) {}
