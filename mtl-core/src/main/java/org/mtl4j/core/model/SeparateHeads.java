package org.mtl4j.core.model;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Task heads made of one independent {@link Module} per task. */
public final class SeparateHeads implements TaskHeads {
    private final List<Module> heads;
    private final long[] offsets;
    private final long total;
    private final INDArray[] outputs;

    /** @param heads one module per task, in task order */
    public SeparateHeads(List<? extends Module> heads) {
        if (heads == null || heads.isEmpty()) {
            throw new IllegalArgumentException("at least one head is needed, found " + heads);
        }
        this.heads = List.copyOf(heads);
        this.offsets = new long[heads.size()];
        long off = 0;
        DataType dt = heads.get(0).dataType();
        for (int i = 0; i < heads.size(); i++) {
            if (heads.get(i).dataType() != dt) {
                throw new IllegalArgumentException("head " + i + " has data type " + heads.get(i).dataType()
                        + ", expected " + dt + " like head 0");
            }
            offsets[i] = off;
            off += heads.get(i).numParams();
        }
        this.total = off;
        this.outputs = new INDArray[heads.size()];
    }

    @Override
    public int numTasks() {
        return heads.size();
    }

    @Override
    public long numParams(int task) {
        return heads.get(task).numParams();
    }

    @Override
    public long paramOffset(int task) {
        return offsets[task];
    }

    @Override
    public long numParams() {
        return total;
    }

    @Override
    public DataType dataType() {
        return heads.get(0).dataType();
    }

    @Override
    public void bind(INDArray paramsView, INDArray gradientsView) {
        for (int i = 0; i < heads.size(); i++) {
            long a = offsets[i];
            long b = a + heads.get(i).numParams();
            heads.get(i).bind(paramsView.get(NDArrayIndex.interval(a, b)), gradientsView.get(NDArrayIndex.interval(a, b)));
        }
    }

    @Override
    public INDArray[] forward(INDArray[] representations, boolean training) {
        if (representations.length != heads.size()) {
            throw new IllegalArgumentException("expected " + heads.size() + " representations, found " + representations.length);
        }
        for (int i = 0; i < heads.size(); i++) {
            outputs[i] = heads.get(i).forward(representations[i], training);
        }
        return outputs;
    }

    @Override
    public INDArray forward(int task, INDArray representation, boolean training) {
        outputs[task] = heads.get(task).forward(representation, training);
        return outputs[task];
    }

    @Override
    public INDArray backward(int task, INDArray outputGradient) {
        return heads.get(task).backward(outputGradient, true);
    }

    /** @return the module of head {@code task} */
    public Module head(int task) {
        return heads.get(task);
    }
}
