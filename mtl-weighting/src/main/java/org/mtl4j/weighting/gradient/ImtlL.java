package org.mtl4j.weighting.gradient;

import java.util.Map;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.TrainableWeights;

/**
 * IMTL-L, impartial loss balance with learnable scales.
 * <pre>
 *   L̂_i = e^{s_i} L_i − s_i        (s init 0)
 *   w_i = e^{s_i},  d = Σ w_i g_i   (one backward pass of Σ_i e^{s_i} L_i)
 *   ∂L̂_i/∂s_i = e^{s_i} L_i − 1     (reported as the trainable gradient; optimum e^{s_i} = 1/L_i)
 * </pre>
 * A loss weighting: the trainer back-propagates {@code Σ w_i L_i} once, so the heads receive
 * {@code e^{s_i} ∇_{φ_i} L_i = ∇_{φ_i} L̂_i} exactly (WEIGHTED). The scales are exposed through
 * {@link TrainableWeights} and updated by the trainer's optimiser.
 *
 * <p>State: s (key {@code "scales"}). Not random. Reference: see {@link ImtlG}.
 */
public final class ImtlL implements LossWeighting, TrainableWeights {
    private final ImtlConfig config;
    private final int m;
    private final ImtlScales scales;

    ImtlL(ImtlConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
        this.scales = new ImtlScales(numTasks, config.initialScale());
    }

    @Override
    public StepWeights weigh(double[] losses, StepInfo step) {
        JacobianMath.checkLosses(losses, m);
        return new StepWeights(scales.exp(), scales.gradient(losses), null);
    }

    @Override
    public HeadPolicy referenceHeadPolicy() {
        return HeadPolicy.WEIGHTED;
    }

    @Override
    public double[] trainableValues() {
        return scales.values();
    }

    @Override
    public void setTrainableValues(double[] values) {
        scales.set(values);
    }

    @Override
    public ImtlConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        scales.reset();
    }

    @Override
    public Map<String, double[]> saveState() {
        return scales.save();
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        scales.load(state);
    }
}
