package io.rapport.service.surveys;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A light per-address limit on the public survey pages (fixed one-minute windows, per node): enough to make token
 * guessing pointless without getting in a real customer's way.
 */
@Component
class SurveyRateLimit {

    private final int perMinute;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long window = currentWindow();

    SurveyRateLimit(@Value("${rapport.surveys.requests-per-minute:120}") int perMinute) {
        this.perMinute = perMinute;
    }

    boolean allow(String address) {
        long now = currentWindow();
        if (now != window) {
            window = now;
            counts.clear();
        }
        return counts.computeIfAbsent(address == null ? "?" : address, a -> new AtomicInteger()).incrementAndGet() <= perMinute;
    }

    private static long currentWindow() {
        return System.currentTimeMillis() / 60_000;
    }
}
