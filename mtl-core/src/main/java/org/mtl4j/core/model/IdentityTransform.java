package org.mtl4j.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The identity task transform: {@code Z_i = Z} for every task (hard parameter sharing). */
public final class IdentityTransform implements TaskTransform {
    private final int numTasks;
    private INDArray[] outputs;

    /** @param numTasks number of tasks m ≥ 1 */
    public IdentityTransform(int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, found " + numTasks);
        }
        this.numTasks = numTasks;
        this.outputs = new INDArray[numTasks];
    }

    @Override
    public long numParams() {
        return 0;
    }

    @Override
    public void bind(INDArray paramsView, INDArray gradientsView) {
        // no parameters
    }

    @Override
    public INDArray[] forward(INDArray z, boolean training) {
        for (int i = 0; i < numTasks; i++) {
            outputs[i] = z;
        }
        return outputs;
    }

    @Override
    public INDArray backward(INDArray[] representationGradients) {
        INDArray sum = null;
        boolean owned = false;
        for (INDArray g : representationGradients) {
            if (g == null) {
                continue;
            }
            if (sum == null) {
                sum = g;
            } else if (!owned) {
                sum = sum.add(g);
                owned = true;
            } else {
                sum.addi(g);
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("backward needs at least one non-null representation gradient");
        }
        return sum;
    }

    @Override
    public boolean isIdentity() {
        return true;
    }

}
