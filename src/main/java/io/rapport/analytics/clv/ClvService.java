package io.rapport.analytics.clv;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import java.time.LocalDate;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Service;

/** Entry point for fits from the API, the admin page and the nightly job: validates input, one fit at a time per node. */
@Service
class ClvService {

    private final ClvFits fits;
    private final ReentrantLock running = new ReentrantLock();

    ClvService(ClvFits fits) {
        this.fits = fits;
    }

    /** Raw request values; null means the default. */
    record FitRequest(String asOf, String timeUnit, String horizonMonths, String monthlyDiscount, String marginPercent,
                      String firstPurchaseFrom) {}

    ClvFits.FitRecord fit(CurrentUser user, FitRequest request) {
        RecordVisibility.requireAdmin(user);
        LocalDate asOf = request.asOf() == null || request.asOf().isBlank() ? LocalDate.now(java.time.ZoneOffset.UTC)
                : ClvReports.date("asOf", request.asOf());
        if (asOf.isAfter(LocalDate.now(java.time.ZoneOffset.UTC))) throw Problems.invalid("asOf", "is in the future");
        TimeUnit unit = TimeUnit.parse(request.timeUnit());
        ClvFits.Settings d = fits.defaults();
        int horizon = (int) number("horizonMonths", request.horizonMonths(), d.horizonMonths(), 1, 120, true);
        double discount = number("monthlyDiscount", request.monthlyDiscount(), d.monthlyDiscount(), 0, 1, false);
        double margin = number("marginPercent", request.marginPercent(), d.marginPercent(), 0, 100, false);
        LocalDate cohort = request.firstPurchaseFrom() == null || request.firstPurchaseFrom().isBlank() ? null
                : ClvReports.date("firstPurchaseFrom", request.firstPurchaseFrom());
        if (cohort != null && cohort.isAfter(asOf)) throw Problems.invalid("firstPurchaseFrom", "is after asOf");
        return run(asOf, unit, new ClvFits.Settings(horizon, discount, margin), user.id(), cohort);
    }

    ClvFits.FitRecord run(LocalDate asOf, TimeUnit unit, ClvFits.Settings settings, Long userId) {
        return run(asOf, unit, settings, userId, null);
    }

    ClvFits.FitRecord run(LocalDate asOf, TimeUnit unit, ClvFits.Settings settings, Long userId, LocalDate firstPurchaseFrom) {
        if (!running.tryLock()) throw Problems.conflict("A CLV fit is already running; try again when it has finished");
        try {
            return fits.fit(asOf, unit, settings, userId, firstPurchaseFrom);
        } finally {
            running.unlock();
        }
    }

    private static double number(String field, String raw, double fallback, double min, double max, boolean whole) {
        if (raw == null || raw.isBlank()) return fallback;
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw Problems.invalid(field, "'" + raw + "' is not a number");
        }
        if (!Double.isFinite(v) || v < min || v > max) throw Problems.invalid(field, "must be between " + fmt(min) + " and " + fmt(max));
        if (whole && v != Math.rint(v)) throw Problems.invalid(field, "must be a whole number");
        return v;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
