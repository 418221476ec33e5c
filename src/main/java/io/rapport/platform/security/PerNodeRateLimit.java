package io.rapport.platform.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A light per-address limit for public pages anyone may open (survey and answer links): fixed one-minute windows,
 * counted in this node's memory, so a page view costs no write. Enough to make guessing a link's token pointless
 * without getting in a real customer's way. A module declares its own bean with its own setting by extending it.
 */
public class PerNodeRateLimit {

    private final int perMinute;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long window = currentWindow();

    public PerNodeRateLimit(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Counts this request of the address; false once it used up the current minute. */
    public boolean allow(String address) {
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
