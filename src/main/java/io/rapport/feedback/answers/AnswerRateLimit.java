package io.rapport.feedback.answers;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Per-address limit on the public answer pages (fixed one-minute windows, per node), as the CSAT links have. */
@Component
class AnswerRateLimit {

    private final int perMinute;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long window = System.currentTimeMillis() / 60_000;

    AnswerRateLimit(@Value("${rapport.feedback.requests-per-minute:120}") int perMinute) {
        this.perMinute = perMinute;
    }

    boolean allow(String address) {
        long now = System.currentTimeMillis() / 60_000;
        if (now != window) {
            window = now;
            counts.clear();
        }
        return counts.computeIfAbsent(address == null ? "?" : address, a -> new AtomicInteger()).incrementAndGet() <= perMinute;
    }
}
