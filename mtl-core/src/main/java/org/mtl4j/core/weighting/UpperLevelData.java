package org.mtl4j.core.weighting;

/**
 * Where a {@link BilevelWeighting} draws its upper-level (UL) batches from. The trainer serves
 * {@link BilevelContext#nextUpperBatch()} from this source and writes the choice into the run
 * record (it is a component of the strategy's config).
 *
 * <ul>
 *   <li>{@link #TRAINING_BATCHES}: a second batch from the training data, drawn in an order
 *       independent of the lower-level batches. This is what the FORUM repository and LibMTL do
 *       (two independent half-size training batches per iteration) and what produced the
 *       thesis' Ch. 3 MTL tables.</li>
 *   <li>{@link #VALIDATION_SPLIT}: batches of the validation data handed to the trainer
 *       (thesis Algorithm 1/2 and the original MOML code). The trainer rejects a run without
 *       validation data.</li>
 * </ul>
 */
public enum UpperLevelData {
    /** A second, independently ordered batch from the training data (reference code). */
    TRAINING_BATCHES,
    /** Batches of the held-out validation data (thesis). */
    VALIDATION_SPLIT
}
