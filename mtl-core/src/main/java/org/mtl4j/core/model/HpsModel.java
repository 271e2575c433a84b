package org.mtl4j.core.model;

import java.util.Objects;
import org.mtl4j.core.task.TaskSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A hard-parameter-sharing network: a shared encoder {@code f_θ}, an optional
 * {@link TaskTransform} and one head {@code h_i} per task,
 * {@code ŷ_i = h_i(T_i(f_θ(x)))}.
 *
 * <p>All parameters live in one flat buffer laid out as
 * {@code [encoder | transform | head_1 | … | head_m]}, with a gradient buffer of the same
 * layout. The first {@link #numSharedParams()} entries are the shared parameters θ (encoder and
 * transform), so a task's shared gradient is one contiguous copy.
 */
public final class HpsModel {
    private final TaskSet tasks;
    private final Module encoder;
    private final TaskTransform transform;
    private final TaskHeads heads;
    private final INDArray params;
    private final INDArray gradients;
    private final long numEncoder;
    private final long numShared;

    /**
     * @param tasks     the tasks, in head order
     * @param encoder   the shared encoder
     * @param transform the task transform (use {@link IdentityTransform} for plain HPS)
     * @param heads     the heads, one per task
     */
    public HpsModel(TaskSet tasks, Module encoder, TaskTransform transform, TaskHeads heads) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.transform = Objects.requireNonNull(transform, "transform");
        this.heads = Objects.requireNonNull(heads, "heads");
        if (heads.numTasks() != tasks.size()) {
            throw new IllegalArgumentException("expected one head per task (" + tasks.size() + " tasks), found "
                    + heads.numTasks() + " heads");
        }
        if (heads.dataType() != encoder.dataType()) {
            throw new IllegalArgumentException("heads have data type " + heads.dataType() + " but the encoder has "
                    + encoder.dataType());
        }
        this.numEncoder = encoder.numParams();
        this.numShared = numEncoder + transform.numParams();
        long total = numShared + heads.numParams();
        this.params = Nd4j.zeros(encoder.dataType(), total);
        this.gradients = Nd4j.zeros(encoder.dataType(), total);
        encoder.bind(view(params, 0, numEncoder), view(gradients, 0, numEncoder));
        if (transform.numParams() > 0) {
            transform.bind(view(params, numEncoder, numShared), view(gradients, numEncoder, numShared));
        }
        heads.bind(view(params, numShared, total), view(gradients, numShared, total));
    }

    /** @return a plain HPS model (identity transform) with one module per head */
    public static HpsModel of(TaskSet tasks, Module encoder, java.util.List<? extends Module> heads) {
        return new HpsModel(tasks, encoder, new IdentityTransform(tasks.size()), new SeparateHeads(heads));
    }

    private static INDArray view(INDArray flat, long from, long to) {
        return flat.get(NDArrayIndex.interval(from, to));
    }

    /** @return the tasks */
    public TaskSet tasks() {
        return tasks;
    }

    /** @return number of tasks m */
    public int numTasks() {
        return tasks.size();
    }

    /** @return the shared encoder */
    public Module encoder() {
        return encoder;
    }

    /** @return the task transform */
    public TaskTransform transform() {
        return transform;
    }

    /** @return the heads */
    public TaskHeads heads() {
        return heads;
    }

    /** @return the data type of parameters */
    public DataType dataType() {
        return params.dataType();
    }

    /** @return all parameters (live flat buffer) */
    public INDArray params() {
        return params;
    }

    /** @return all gradients (live flat buffer) */
    public INDArray gradients() {
        return gradients;
    }

    /** @return total number of parameters */
    public long numParams() {
        return params.length();
    }

    /** @return number of shared parameters p (encoder and transform) */
    public long numSharedParams() {
        return numShared;
    }

    /** @return number of encoder parameters */
    public long numEncoderParams() {
        return numEncoder;
    }

    /** @return view of the shared parameters θ */
    public INDArray sharedParams() {
        return view(params, 0, numShared);
    }

    /** @return view of the shared gradients */
    public INDArray sharedGradients() {
        return view(gradients, 0, numShared);
    }

    /** @return view of the transform's gradients (empty when it has none) */
    public INDArray transformGradients() {
        return view(gradients, numEncoder, numShared);
    }

    /** @return view of the encoder's gradients */
    public INDArray encoderGradients() {
        return view(gradients, 0, numEncoder);
    }

    /** @return view of the parameters of head {@code task} */
    public INDArray headParams(int task) {
        long a = numShared + heads.paramOffset(task);
        return view(params, a, a + heads.numParams(task));
    }

    /** @return view of the gradients of head {@code task} */
    public INDArray headGradients(int task) {
        long a = numShared + heads.paramOffset(task);
        return view(gradients, a, a + heads.numParams(task));
    }

    /** @return offset of head {@code task} in the flat buffer */
    public long headOffset(int task) {
        return numShared + heads.paramOffset(task);
    }

    /**
     * @return sizes of the per-layer blocks of the shared parameters θ in flat-buffer order (the
     *         encoder's layers, then the transform as one block)
     */
    public long[] sharedLayerSizes() {
        return withTransform(encoder.layerSizes());
    }

    /** @return sizes of the individual parameter tensors of θ in flat-buffer order (the transform as one block) */
    public long[] sharedTensorSizes() {
        return withTransform(encoder.tensorSizes());
    }

    private long[] withTransform(long[] encoderBlocks) {
        long sum = 0;
        for (long b : encoderBlocks) {
            sum += b;
        }
        if (sum != numEncoder) {
            throw new IllegalStateException("encoder blocks sum to " + sum + ", expected " + numEncoder + " parameters");
        }
        if (transform.numParams() == 0) {
            return encoderBlocks.clone();
        }
        long[] out = java.util.Arrays.copyOf(encoderBlocks, encoderBlocks.length + 1);
        out[encoderBlocks.length] = transform.numParams();
        return out;
    }
}
