package io.rapport.sales.pipelines;

import java.util.List;

/** A sales pipeline with its stages in board order. {@code staleDays} null: the global stale rule applies. */
public record Pipeline(long id, String name, int position, boolean isDefault, boolean archived, Integer staleDays,
                       int version, List<Stage> stages) {

    public Stage stage(long stageId) {
        return stages.stream().filter(s -> s.id() == stageId).findFirst().orElse(null);
    }
}
