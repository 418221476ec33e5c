package io.rapport.platform.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Dates for pages, as {@code ${@time.relative(x)}} and friends. Times are shown in the server's zone,
 * which the exact form names.
 */
@Component("time")
public class TimeFormat {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy");
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final ZoneId zone = ZoneId.systemDefault();

    public String date(Instant at) {
        return at == null ? "" : DATE.format(at.atZone(zone));
    }

    public String exact(Instant at) {
        return at == null ? "" : EXACT.format(at.atZone(zone));
    }

    /** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date; future times as "in …". */
    public String relative(Instant at) {
        if (at == null) return "";
        Duration d = Duration.between(at, Instant.now());
        boolean future = d.isNegative();
        long s = Math.abs(d.toSeconds());
        String amount;
        if (s < 60) return future ? "in a moment" : "just now";
        else if (s < 3600) amount = (s / 60) + " min";
        else if (s < 86_400) amount = (s / 3600) + " h";
        else if (s < 2 * 86_400) return future ? "tomorrow" : "yesterday";
        else if (s < 45 * 86_400L) amount = (s / 86_400) + " days";
        else return date(at);
        return future ? "in " + amount : amount + " ago";
    }
}
