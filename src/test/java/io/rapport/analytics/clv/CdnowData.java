package io.rapport.analytics.clv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the CDNOW reference files are: shared/data/cdnow beside the checkout (RAPPORT_CDNOW_DIR overrides). */
final class CdnowData {

    private CdnowData() {}

    static Path dir() {
        String env = System.getenv("RAPPORT_CDNOW_DIR");
        List<Path> candidates = env != null ? List.of(Path.of(env))
                : List.of(Path.of("../shared/data/cdnow"), Path.of("../../shared/data/cdnow"), Path.of("/work/shared/data/cdnow"));
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("CDNOW_sample.txt"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("CDNOW data not found in " + candidates + "; set RAPPORT_CDNOW_DIR"));
    }
}
