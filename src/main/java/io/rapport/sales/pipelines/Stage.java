package io.rapport.sales.pipelines;

/** One column of a pipeline: its place, the win probability (percent) and whether deals in it are open, won or lost. */
public record Stage(long id, long pipelineId, String name, int position, int probability, String outcome, long dealCount) {

    public boolean open() {
        return "OPEN".equals(outcome);
    }
}
