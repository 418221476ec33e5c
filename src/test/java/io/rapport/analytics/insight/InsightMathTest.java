package io.rapport.analytics.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.analytics.personas.KMeans;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InsightMathTest {

    @Test
    void kMeansFindsThreeSeparatedBlobsAndTheSilhouettePicksThree() {
        Random r = new Random(7);
        int n = 300, d = 2;
        double[] x = new double[n * d];
        double[][] centres = {{0, 0}, {10, 10}, {-10, 10}};
        for (int i = 0; i < n; i++) {
            x[i * d] = centres[i % 3][0] + r.nextGaussian();
            x[i * d + 1] = centres[i % 3][1] + r.nextGaussian();
        }
        double best = -1;
        int bestK = 0;
        for (int k = 2; k <= 6; k++) {
            KMeans.Fit f = KMeans.fit(x, n, d, k, 4, 42, 100);
            double s = KMeans.silhouette(x, n, d, f.labels(), k, 2000);
            if (s > best) {
                best = s;
                bestK = k;
            }
        }
        assertThat(bestK).isEqualTo(3);
        KMeans.Fit f = KMeans.fit(x, n, d, 3, 4, 42, 100);
        for (int i = 3; i < n; i++) assertThat(f.labels()[i]).isEqualTo(f.labels()[i % 3]);
        assertThat(f.size(0) + f.size(1) + f.size(2)).isEqualTo(n);
        // deterministic for a seed
        assertThat(KMeans.fit(x, n, d, 3, 4, 42, 100).inertia()).isEqualTo(f.inertia());
    }

    @Test
    void identicalPointsGiveFiniteResults() {
        double[] x = new double[10 * 3];
        KMeans.Fit f = KMeans.fit(x, 10, 3, 3, 3, 1, 10);
        assertThat(f.inertia()).isZero();
        assertThat(KMeans.silhouette(x, 10, 3, f.labels(), 3, 100)).isFinite();
    }

    @Test
    void intervals() throws Exception {
        Class<?> c = Class.forName("io.rapport.analytics.recovery.Intervals");
        var t975 = c.getDeclaredMethod("t975", int.class);
        t975.setAccessible(true);
        assertThat((double) t975.invoke(null, 10)).isCloseTo(2.228139, within(0.001));
        assertThat((double) t975.invoke(null, 3)).isCloseTo(3.182446, within(0.01));
        assertThat((double) t975.invoke(null, 100)).isCloseTo(1.983972, within(0.0005));
    }
}
