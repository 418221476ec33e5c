package io.rapport.sales.pipelines;

/**
 * One column of a pipeline: its place, the win probability (percent) and whether deals in it are open, won or lost.
 * {@code dealCount} is only counted where it is shown (the API's pipeline reads, the admin page); null elsewhere.
 */
public record Stage(long id, long pipelineId, String name, int position, int probability, String outcome, Long dealCount) {

    public boolean open() {
        return "OPEN".equals(outcome);
    }
}
