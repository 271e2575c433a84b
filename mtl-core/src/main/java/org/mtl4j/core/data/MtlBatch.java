package org.mtl4j.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch of a multi-task problem. Two layouts share this type:
 * <ul>
 *   <li><b>single-input</b> (NYUv2, Multi-MNIST, CelebA): one input {@code x} and one label array
 *       per task, all with the same batch size;</li>
 *   <li><b>multi-input</b> (Office-31: one domain per task): one input and one label array per
 *       task; batch sizes may differ between tasks.</li>
 * </ul>
 * Masks are optional per task (null = every element counts).
 */
public final class MtlBatch {
    private final INDArray sharedInput;
    private final List<INDArray> taskInputs;
    private final List<INDArray> labels;
    private final List<INDArray> masks;

    private MtlBatch(INDArray sharedInput, List<INDArray> taskInputs, List<INDArray> labels, List<INDArray> masks) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("a batch needs labels for at least one task, found " + labels);
        }
        int m = labels.size();
        for (int i = 0; i < m; i++) {
            if (labels.get(i) == null) {
                throw new IllegalArgumentException("labels of task " + i + " are null");
            }
        }
        if (masks != null && masks.size() != m) {
            throw new IllegalArgumentException("expected " + m + " masks (one per task, null entries allowed), found " + masks.size());
        }
        if (sharedInput != null) {
            long b = sharedInput.size(0);
            if (b == 0) {
                throw new IllegalArgumentException("empty batch: the input has batch size 0");
            }
            for (int i = 0; i < m; i++) {
                if (labels.get(i).size(0) != b) {
                    throw new IllegalArgumentException("labels of task " + i + " have batch size " + labels.get(i).size(0)
                            + ", expected " + b + " like the input");
                }
            }
        } else {
            if (taskInputs == null || taskInputs.size() != m) {
                throw new IllegalArgumentException("a multi-input batch needs one input per task (" + m + "), found "
                        + (taskInputs == null ? 0 : taskInputs.size()));
            }
            for (int i = 0; i < m; i++) {
                INDArray x = taskInputs.get(i);
                if (x == null || x.size(0) == 0) {
                    throw new IllegalArgumentException("empty batch: the input of task " + i + " is "
                            + (x == null ? "null" : "of batch size 0"));
                }
                if (labels.get(i).size(0) != x.size(0)) {
                    throw new IllegalArgumentException("labels of task " + i + " have batch size " + labels.get(i).size(0)
                            + ", expected " + x.size(0) + " like its input");
                }
            }
        }
        this.sharedInput = sharedInput;
        this.taskInputs = taskInputs == null ? List.of() : List.copyOf(taskInputs);
        this.labels = List.copyOf(labels);
        List<INDArray> ms = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ms.add(masks == null ? null : masks.get(i));
        }
        this.masks = Collections.unmodifiableList(ms);
    }

    /** @return a single-input batch */
    public static MtlBatch single(INDArray input, List<INDArray> labels) {
        return new MtlBatch(input, null, labels, null);
    }

    /** @return a single-input batch with per-task masks (null entries allowed) */
    public static MtlBatch single(INDArray input, List<INDArray> labels, List<INDArray> masks) {
        if (input == null) {
            throw new IllegalArgumentException("input of a single-input batch is null");
        }
        return new MtlBatch(input, null, labels, masks);
    }

    /** @return a multi-input batch */
    public static MtlBatch multiInput(List<INDArray> inputs, List<INDArray> labels) {
        return new MtlBatch(null, inputs, labels, null);
    }

    /** @return a multi-input batch with per-task masks (null entries allowed) */
    public static MtlBatch multiInput(List<INDArray> inputs, List<INDArray> labels, List<INDArray> masks) {
        return new MtlBatch(null, inputs, labels, masks);
    }

    /** @return whether each task has its own input */
    public boolean isMultiInput() {
        return sharedInput == null;
    }

    /** @return number of tasks in the batch */
    public int numTasks() {
        return labels.size();
    }

    /** @return the shared input (single-input batches) */
    public INDArray input() {
        if (sharedInput == null) {
            throw new IllegalStateException("multi-input batch: use input(task)");
        }
        return sharedInput;
    }

    /** @return the input of task {@code task} (the shared input for single-input batches) */
    public INDArray input(int task) {
        return sharedInput != null ? sharedInput : taskInputs.get(task);
    }

    /** @return labels of task {@code task} */
    public INDArray labels(int task) {
        return labels.get(task);
    }

    /** @return mask of task {@code task} or null */
    public INDArray mask(int task) {
        return masks.get(task);
    }

    /** @return batch size of task {@code task} */
    public long size(int task) {
        return input(task).size(0);
    }
}
