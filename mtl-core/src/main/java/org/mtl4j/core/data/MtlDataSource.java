package org.mtl4j.core.data;

/**
 * A finite multi-task data set served in mini-batches. Batches are a pure function of
 * {@code (epoch, index, seed)}, so that a run resumed from a checkpoint sees exactly the batches
 * an uninterrupted run would have seen.
 */
public interface MtlDataSource {

    /** @return number of tasks */
    int numTasks();

    /** @return number of batches in one epoch (≥ 1) */
    int numBatches();

    /**
     * @param epoch 0-based epoch (selects the shuffling permutation)
     * @param index batch index in {@code [0, numBatches())}
     * @param seed  run seed
     * @return the batch
     */
    MtlBatch batch(int epoch, int index, long seed);

    /** @return a short checksum of the data (SHA-256 hex) recorded in run records, or "" if unknown */
    default String checksum() {
        return "";
    }
}
