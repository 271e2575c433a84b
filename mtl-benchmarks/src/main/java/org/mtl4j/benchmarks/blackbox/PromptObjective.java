package org.mtl4j.benchmarks.blackbox;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.weighting.blackbox.BlackBoxObjective;
import org.mtl4j.weighting.blackbox.CommonBatchSchedule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The black-box MTL objective on prompts {@code p ∈ R^D}:
 * <pre>
 *   F_i(p) = mean cross-entropy of the frozen classifier on a mini-batch of task i, inputs x + p
 * </pre>
 * evaluated only through an {@link InferenceApi}. Mini-batches follow a
 * {@link CommonBatchSchedule}: the {@code k}-th evaluation uses mini-batch {@code batchOf(k)}
 * of every task, so all {@code N + 1} evaluations of one ASMG/ES iteration (or one CMA-ES
 * generation) share the same images (spec §21.3 step 2). Mini-batch {@code b} of task
 * {@code i} is {@code B} images drawn with replacement from the task's pool by a generator
 * seeded from {@code (seed, b, i)}, so it does not depend on the method. The batch index must
 * not decrease between calls. Usually wrapped in a
 * {@link org.mtl4j.weighting.blackbox.ProjectedObjective} ({@code p = Av}).
 */
public final class PromptObjective implements BlackBoxObjective {

    private final InferenceApi api;
    private final List<PromptTask> tasks;
    private final int batchSize;
    private final long seed;
    private final CommonBatchSchedule schedule;
    private final InferenceApi.Batch[] current;
    private long currentBatch = -1;
    private long evaluations;

    /**
     * @param api       the inference API of the frozen network
     * @param tasks     the {@code m ≥ 1} tasks (image size must equal the API's input size)
     * @param batchSize images per task and mini-batch ({@code ≥ 1})
     * @param seed      seed of the mini-batch draws
     * @param schedule  which evaluations share a mini-batch
     */
    public PromptObjective(InferenceApi api, List<PromptTask> tasks, int batchSize, long seed,
                           CommonBatchSchedule schedule) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = List.copyOf(tasks);
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        if (this.tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must hold at least one task, found 0");
        }
        for (PromptTask t : this.tasks) {
            if (t.imageSize() != api.inputSize()) {
                throw new IllegalArgumentException("task " + t.name() + " has image size " + t.imageSize()
                        + ", the network expects " + api.inputSize());
            }
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
        this.batchSize = batchSize;
        this.seed = seed;
        this.current = new InferenceApi.Batch[this.tasks.size()];
    }

    @Override
    public int dimension() {
        return api.inputSize();
    }

    @Override
    public int numObjectives() {
        return tasks.size();
    }

    @Override
    public double[][] evaluate(double[][] points) {
        int n = points.length;
        double[][] values = new double[n][tasks.size()];
        int start = 0;
        while (start < n) {
            long batch = schedule.batchOf(evaluations + start);
            int end = start + 1;
            while (end < n && schedule.batchOf(evaluations + end) == batch) {
                end++;
            }
            select(batch);
            double[][] group = new double[end - start][];
            for (int j = start; j < end; j++) {
                if (points[j].length != dimension()) {
                    throw new IllegalArgumentException("point " + j + " must have length D = " + dimension()
                            + ", found " + points[j].length);
                }
                group[j - start] = points[j];
            }
            INDArray prompts = Nd4j.create(group).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
            for (int i = 0; i < tasks.size(); i++) {
                double[] loss = api.query(prompts, current[i]).loss();
                for (int j = start; j < end; j++) {
                    values[j][i] = loss[j - start];
                }
            }
            start = end;
        }
        evaluations += n;
        return values;
    }

    /** Index of the mini-batch in use ({@code −1} before the first evaluation). */
    public long currentBatch() {
        return currentBatch;
    }

    private void select(long batch) {
        if (batch == currentBatch) {
            return;
        }
        if (batch < currentBatch) {
            throw new IllegalStateException("mini-batch index must not decrease, went from " + currentBatch + " to "
                    + batch);
        }
        for (int i = 0; i < tasks.size(); i++) {
            PromptTask task = tasks.get(i);
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (batch * tasks.size() + i + 1)));
            int d = task.imageSize();
            float[] images = new float[batchSize * d];
            int[] labels = new int[batchSize];
            for (int r = 0; r < batchSize; r++) {
                int idx = random.nextInt(task.trainSize());
                System.arraycopy(task.trainImages(), idx * d, images, r * d, d);
                labels[r] = task.trainLabels()[idx];
            }
            current[i] = api.upload(images, labels);
        }
        currentBatch = batch;
    }
}
