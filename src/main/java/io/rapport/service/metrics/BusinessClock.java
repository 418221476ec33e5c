package io.rapport.service.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * Business time between two instants of a ticket (working hours, holidays of its calendar). The SLA lane owns
 * business calendars; when it provides a bean of this type, response and resolution times are measured with it.
 * Without one the dashboard reports wall-clock times, computed in SQL.
 */
public interface BusinessClock {

    Duration between(long ticketId, Instant from, Instant to);
}
