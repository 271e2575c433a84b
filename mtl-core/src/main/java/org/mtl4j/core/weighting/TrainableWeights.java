package org.mtl4j.core.weighting;

/**
 * A strategy with learnable variables (UW's log-variances, GradNorm's logits, IMTL-L's scales).
 * The trainer owns their optimisation: after each step it applies its optimiser to
 * {@link #trainableValues()} with the gradient reported in {@link StepWeights#trainableGradient()}
 * and writes them back with {@link #setTrainableValues}. A null gradient (e.g. during GradNorm's
 * warm-up) means the variables are not stepped.
 */
public interface TrainableWeights {
    /** @return a copy of the current values */
    double[] trainableValues();

    /** Sets the values (length must match). */
    void setTrainableValues(double[] values);
}
