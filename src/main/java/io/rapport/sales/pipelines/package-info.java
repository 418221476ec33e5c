/** Pipelines and their ordered stages (win probability, outcome), administered by admins; the stale-deal rule per pipeline. */
@org.springframework.modulith.NamedInterface("pipelines")
package io.rapport.sales.pipelines;
