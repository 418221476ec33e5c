package io.rapport.customers.duplicates;

import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What counts as a possible duplicate, shared by the whole-table scan and the check on create so both agree:
 * the scores of each reason, the name similarity threshold, and which e-mail domains stand for an organisation.
 */
@Component
public class DuplicateRules {

    static final double SAME_EMAIL = 0.95;
    static final double SAME_PHONE = 0.85;
    /** A name match at the same e-mail domain is a little weaker evidence than at the same account. */
    static final double DOMAIN_FACTOR = 0.95;
    /** Each further reason for the same pair adds this much, up to 1. */
    static final double EXTRA_REASON = 0.05;
    /** Blocks (same e-mail, same phone, same name key at an organisation) larger than this are shared inboxes or
     *  switchboards, not one person: they are skipped rather than compared pairwise. */
    static final int MAX_BLOCK = 50;
    /** Company names share legal suffixes ("GmbH", "Inc"), so accounts need closer names than people. */
    static final double ACCOUNT_NAME_THRESHOLD = 0.7;

    /** Free-mail providers: never an organisation's domain, even if an account was given one of them. An organisation
     *  domain is otherwise the domain of some account. */
    static final Set<String> PROVIDERS = Set.of("gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr",
            "yahoo.de", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "msn.com", "icloud.com",
            "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de",
            "orange.fr", "free.fr", "laposte.net", "wanadoo.fr", "libero.it", "virgilio.it", "mail.com", "yandex.com",
            "mail.ru", "ziggo.nl", "kpnmail.nl", "telefonica.net", "btinternet.com");

    private final double nameThreshold;

    DuplicateRules(@Value("${rapport.duplicates.name-threshold}") double nameThreshold) {
        this.nameThreshold = nameThreshold;
    }

    /** Minimum pg_trgm similarity of two full names (lower-cased "first last") for "similar name". */
    public double nameThreshold() {
        return nameThreshold;
    }

    static String domainOf(String email) {
        if (email == null) return null;
        int at = email.lastIndexOf('@');
        return at < 0 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    static double combine(double best, int reasons) {
        return Math.min(1.0, best + EXTRA_REASON * Math.max(0, reasons - 1));
    }

    static String nameReason(double similarity, String where) {
        return String.format(Locale.ROOT, "similar name %.2f at %s", similarity, where);
    }
}
