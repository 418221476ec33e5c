package io.rapport.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model math on the published CDNOW summary (no database): estimates, log-likelihood and closed forms. */
class ClvModelTest {

    record Row(int x, double tx, double age, double zbar) {}

    static List<Row> summary() throws IOException {
        return Files.readAllLines(CdnowData.dir().resolve("cdnow_customers_summary_with_transactions.csv")).stream().skip(1)
                .filter(l -> !l.isBlank()).map(l -> l.split(","))
                .map(f -> new Row(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])))
                .toList();
    }

    static BgNbd.Data bg(List<Row> rows) {
        int n = rows.size();
        int[] x = new int[n];
        double[] tx = new double[n], age = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(i).x();
            tx[i] = rows.get(i).tx();
            age[i] = rows.get(i).age();
        }
        return BgNbd.Data.of(x, tx, age, n);
    }

    @Test
    void bgNbdReproducesTheFaderHardieLeeEstimates() throws IOException {
        BgNbd.Data d = bg(summary());
        assertThat(d.customers()).isEqualTo(2357);
        Fit fit = BgNbd.fit(d);
        assertThat(fit.converged()).as(String.valueOf(fit.message())).isTrue();
        BgNbd.Params p = BgNbd.params(fit.params());
        assertThat(p.r()).isCloseTo(0.243, within(0.005));
        assertThat(p.alpha()).isCloseTo(4.414, within(0.005));
        assertThat(p.a()).isCloseTo(0.793, within(0.005));
        assertThat(p.b()).isCloseTo(2.426, within(0.005));
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.05));
    }

    @Test
    void gammaGammaReproducesThePublishedEstimates() throws IOException {
        List<Row> repeat = summary().stream().filter(r -> r.x() > 0 && r.zbar() > 0).toList();
        assertThat(repeat).hasSize(946);
        int[] x = repeat.stream().mapToInt(Row::x).toArray();
        double[] m = repeat.stream().mapToDouble(Row::zbar).toArray();
        Fit fit = GammaGamma.fit(new GammaGamma.Data(x, m, x.length));
        assertThat(fit.converged()).as(String.valueOf(fit.message())).isTrue();
        assertThat(fit.params()[0]).isCloseTo(6.25, within(0.01));
        assertThat(fit.params()[1]).isCloseTo(3.74, within(0.01));
        assertThat(fit.params()[2]).isCloseTo(15.44, within(0.01));
        System.out.printf("GG p=%.4f q=%.4f g=%.4f ll=%.4f evals=%d%n", fit.params()[0], fit.params()[1], fit.params()[2],
                fit.logLikelihood(), fit.evaluations());
    }

    @Test
    void closedFormsMatchThePaper() {
        BgNbd.Params p = new BgNbd.Params(0.243, 4.414, 0.793, 2.426);
        // FHL 2005, section 4: customer with x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks
        assertThat(BgNbd.expectedPurchases(p, 39, 2, 30.43, 38.86)).isCloseTo(1.226, within(0.001));
        assertThat(BgNbd.pAlive(p, 0, 0, 38.86)).isEqualTo(1.0);
        double alive = BgNbd.pAlive(p, 2, 30.43, 38.86);
        assertThat(alive).isBetween(0.0, 1.0);
        // a customer who bought often long ago is probably gone
        assertThat(BgNbd.pAlive(p, 10, 5, 38.86)).isLessThan(0.05);
        assertThat(BgNbd.expectedPurchases(p, 39, 10, 5, 38.86)).isLessThan(BgNbd.expectedPurchases(p, 39, 10, 38, 38.86));
        // heavy buyers stay finite
        for (int x : new int[] {0, 1, 5, 50, 500, 3000}) {
            for (double t : new double[] {0.5, 4, 52, 520}) {
                double e = BgNbd.expectedPurchases(p, t, x, 30, 38.86);
                assertThat(e).as("x=%d t=%s", x, t).isFinite().isGreaterThanOrEqualTo(0);
            }
        }
        // E[Y(t)] grows with t
        double prev = 0;
        for (int m = 1; m <= 24; m++) {
            double e = BgNbd.expectedPurchases(p, m * 4.348, 3, 20, 38.86);
            assertThat(e).isGreaterThan(prev);
            prev = e;
        }
    }

    @Test
    void hypergeometricAgreesWithKnownValues() {
        for (double z : new double[] {0.01, 0.3, 0.5, 0.51, 0.9, 0.99, 0.999}) {
            // 2F1(1,1;2;z) = −ln(1−z)/z
            assertThat(Hypergeometric.hyp2f1(1, 1, 2, z)).as("z=%s", z).isCloseTo(-Math.log1p(-z) / z, within(1e-9 * (-Math.log1p(-z) / z)));
            // 2F1(a,b;b;z) = (1−z)^(−a)
            double expected = Math.pow(1 - z, -0.7);
            assertThat(Hypergeometric.hyp2f1(0.7, 2.3, 2.3, z)).isCloseTo(expected, within(1e-8 * expected));
            // 2F1(1/2,1/2;3/2;z²) = arcsin(z)/z
            assertThat(Hypergeometric.hyp2f1(0.5, 0.5, 1.5, z * z)).isCloseTo(Math.asin(z) / z, within(1e-9));
        }
    }

    @Test
    void gammaGammaExpectedValueIsAWeightedMean() {
        GammaGamma.Params gg = new GammaGamma.Params(6.25, 3.74, 15.44);
        double population = 6.25 * 15.44 / 2.74;
        assertThat(GammaGamma.expectedValue(gg, 0, 0, 1)).isCloseTo(population, within(1e-9));
        double v = GammaGamma.expectedValue(gg, 3, 100, 1);
        assertThat(v).isBetween(population, 100.0);
        assertThat(GammaGamma.expectedValue(new GammaGamma.Params(1, 0.5, 1), 0, 0, 7)).isEqualTo(7);
    }

    @Test
    void groupedParallelScoringGivesTheSameValuesAsScoringEachCustomer() {
        // 50,000 customers on few distinct (x, t_x, T) in days, so that groups are large, plus one-time buyers
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        Summaries.Data d = new Summaries.Data();
        for (int i = 0; i < 50_000; i++) {
            if (d.n == d.contact.length) d.grow();
            int k = d.n++;
            int age = 200 + rnd.nextInt(90), x = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 12);
            d.contact[k] = i + 1;
            d.x[k] = x;
            d.txDays[k] = x == 0 ? 0 : 7 * rnd.nextInt(age / 7 + 1);
            d.ageDays[k] = age;
            d.tx[k] = d.txDays[k] / TimeUnit.WEEKS.days;
            d.age[k] = age / TimeUnit.WEEKS.days;
            d.mean[k] = x == 0 ? 0 : 5 + rnd.nextInt(20_000) / 100.0;
            d.revenue[k] = d.mean[k] * (x + 1);
        }
        Scoring.Model model = new Scoring.Model(new BgNbd.Params(0.243, 4.414, 0.793, 2.426), new GammaGamma.Params(6.25, 3.74, 15.44),
                TimeUnit.WEEKS, 12, 0.01, 30);
        Scoring.Scores s = Scoring.compute(model, d);
        assertThat(s.distinct()).isLessThan(d.n / 2).isGreaterThan(1000);
        double fallback = Scoring.fallbackValue(d);
        for (int i = 0; i < d.n; i++) {
            double[] f = Scoring.forecast(model, d.x[i], d.tx[i], d.age[i]);
            double value = GammaGamma.expectedValue(model.gg(), d.x[i], d.mean[i], fallback);
            // bit for bit: the grouping and the parallel evaluation change nothing
            assertThat(s.pAlive()[i]).isEqualTo(f[0]);
            assertThat(s.expected()[i]).isEqualTo(f[1]);
            assertThat(s.value()[i]).isEqualTo(value);
            assertThat(s.clv()[i]).isEqualTo(value * 0.3 * f[2]);
        }
        assertThat(java.util.Arrays.stream(s.clv()).allMatch(Double::isFinite)).isTrue();
        assertThat(java.util.Arrays.stream(s.pAlive()).allMatch(p -> p > 0 && p <= 1)).isTrue();
    }
}
