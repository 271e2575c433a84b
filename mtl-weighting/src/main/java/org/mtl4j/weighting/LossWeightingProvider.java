package org.mtl4j.weighting;

import java.util.List;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.weighting.loss.DynamicWeightAverage;
import org.mtl4j.weighting.loss.GeometricLossStrategy;
import org.mtl4j.weighting.loss.GradNorm;
import org.mtl4j.weighting.loss.RandomLossWeighting;
import org.mtl4j.weighting.loss.UncertaintyWeighting;

/** Registers the loss-level strategies of {@code org.mtl4j.weighting.loss} by name: uw, dwa, gradnorm, rlw, gls. */
public final class LossWeightingProvider implements WeightingProvider {
    @Override
    public List<Entry> entries() {
        return List.of(
                new Entry("dwa", DynamicWeightAverage.Config.class, "Dynamic weight average: w = m·softmax(loss ratios / T)"),
                new Entry("gls", GeometricLossStrategy.Config.class, "Geometric loss strategy: minimise (Π L_i)^{1/m}"),
                new Entry("gradnorm", GradNorm.Config.class, "GradNorm: learned weights balancing gradient norms by training rate"),
                new Entry("rlw", RandomLossWeighting.Config.class, "Random loss weighting: fresh random weights each step"),
                new Entry("uw", UncertaintyWeighting.Config.class, "Uncertainty weighting: learned log-variances, w = ½e^{−s}"));
    }
}
