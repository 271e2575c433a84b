package org.mtl4j.weighting;

import java.util.List;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.weighting.bilevel.ForumConfig;
import org.mtl4j.weighting.bilevel.MomlConfig;

/** Registers the bi-level strategies of {@code org.mtl4j.weighting.bilevel} by name: moml, forum. */
public final class BilevelWeightingProvider implements WeightingProvider {
    @Override
    public List<Entry> entries() {
        return List.of(
                new Entry("forum", ForumConfig.class, "FORUM: first-order bi-level task weighting (value-function constraint + QP)"),
                new Entry("moml", MomlConfig.class, "MOML: bi-level task weighting, hypergradients through the unrolled lower level + MGDA"));
    }
}
