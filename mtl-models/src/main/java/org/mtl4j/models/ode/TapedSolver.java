package org.mtl4j.models.ode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lane and tape bookkeeping shared by the fixed-step solvers: preallocated c-order buffers per
 * lane, reallocated only when the state shape, type or block count changes.
 */
abstract class TapedSolver implements OdeSolver {
    private final OdeSolverConfig config;
    private final List<Lane> lanes = new ArrayList<>();

    TapedSolver(OdeSolverConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public final OdeSolverConfig config() {
        return config;
    }

    /** Buffers of one lane. */
    static final class Lane {
        final int blocks;
        final long[] shape;
        final DataType dataType;
        /** states[k] = y_k, k = 0..K. */
        final INDArray[][] states;
        /** stageInputs[k][s] = input of stage s+1 of step k (RK4 only; stage 0 is states[k]). */
        final INDArray[][][] stageInputs;
        /** stage derivatives of the current step (scratch). */
        final INDArray[][] derivatives;
        /** stage derivative tangents (scratch). */
        final INDArray[][] derivativeTangents;
        final INDArray[] tangent;
        final INDArray[] stageTangent;
        final INDArray[] adjoint;
        final INDArray[] adjointNext;
        final INDArray[][] stageAdjoints;
        final INDArray[] combined;
        double step;
        boolean hasTangent;
        boolean integrated;

        Lane(int blocks, long[] shape, DataType dataType, int steps, int stages) {
            this.blocks = blocks;
            this.shape = shape.clone();
            this.dataType = dataType;
            this.states = new INDArray[steps + 1][];
            for (int k = 0; k <= steps; k++) {
                states[k] = alloc(blocks, shape, dataType);
            }
            this.stageInputs = new INDArray[steps][stages - 1][];
            for (int k = 0; k < steps; k++) {
                for (int s = 0; s < stages - 1; s++) {
                    stageInputs[k][s] = alloc(blocks, shape, dataType);
                }
            }
            this.derivatives = new INDArray[stages][];
            this.derivativeTangents = new INDArray[stages][];
            this.stageAdjoints = new INDArray[stages][];
            for (int s = 0; s < stages; s++) {
                derivatives[s] = alloc(blocks, shape, dataType);
                derivativeTangents[s] = alloc(blocks, shape, dataType);
                stageAdjoints[s] = alloc(blocks, shape, dataType);
            }
            this.tangent = alloc(blocks, shape, dataType);
            this.stageTangent = alloc(blocks, shape, dataType);
            this.adjoint = alloc(blocks, shape, dataType);
            this.adjointNext = alloc(blocks, shape, dataType);
            this.combined = alloc(blocks, shape, dataType);
        }

        boolean fits(int b, long[] s, DataType dt) {
            return b == blocks && dt == dataType && Arrays.equals(s, shape);
        }

        private static INDArray[] alloc(int blocks, long[] shape, DataType dt) {
            INDArray[] a = new INDArray[blocks];
            for (int i = 0; i < blocks; i++) {
                a[i] = Nd4j.zeros(dt, shape);
            }
            return a;
        }
    }

    @Override
    public final INDArray[] integrate(OdeSystem system, int lane, INDArray[] initial, double time, boolean timeTangent) {
        Objects.requireNonNull(system, "system");
        if (lane < 0) {
            throw new IllegalArgumentException("lane must be >= 0, found " + lane);
        }
        if (!Double.isFinite(time)) {
            throw new IllegalArgumentException("integration time must be finite, found " + time);
        }
        int b = system.numBlocks();
        if (initial.length != b) {
            throw new IllegalArgumentException("the system has " + b + " state blocks, the initial state has " + initial.length);
        }
        long[] shape = initial[0].shape();
        for (int i = 1; i < b; i++) {
            if (!Arrays.equals(shape, initial[i].shape())) {
                throw new IllegalArgumentException("state block " + i + " has shape " + Arrays.toString(initial[i].shape())
                        + ", expected " + Arrays.toString(shape) + " like block 0");
            }
        }
        Lane l = lane(lane, b, shape, initial[0].dataType());
        for (int i = 0; i < b; i++) {
            l.states[0][i].assign(initial[i]);
        }
        int k = config.steps();
        l.step = time / k;
        l.hasTangent = timeTangent;
        if (timeTangent) {
            for (INDArray t : l.tangent) {
                t.assign(0);
            }
        }
        forwardSteps(system, l, lane * slotsPerLane(), timeTangent);
        l.integrated = true;
        return l.states[k];
    }

    @Override
    public final INDArray[] timeTangent(int lane) {
        Lane l = integrated(lane);
        if (!l.hasTangent) {
            throw new IllegalStateException("lane " + lane + " was integrated without timeTangent = true");
        }
        return l.tangent;
    }

    @Override
    public final INDArray[] state(int lane, int step) {
        Lane l = integrated(lane);
        if (step < 0 || step > config.steps()) {
            throw new IllegalArgumentException("step must be in [0, " + config.steps() + "], found " + step);
        }
        return l.states[step];
    }

    @Override
    public final INDArray[] backward(OdeSystem system, int lane, INDArray[] finalAdjoint) {
        Lane l = integrated(lane);
        if (finalAdjoint.length != l.blocks) {
            throw new IllegalArgumentException("expected an adjoint with " + l.blocks + " blocks, found " + finalAdjoint.length);
        }
        for (int i = 0; i < l.blocks; i++) {
            if (!Arrays.equals(finalAdjoint[i].shape(), l.shape)) {
                throw new IllegalArgumentException("adjoint block " + i + " has shape " + Arrays.toString(finalAdjoint[i].shape())
                        + ", expected " + Arrays.toString(l.shape));
            }
            l.adjoint[i].assign(finalAdjoint[i]);
        }
        backwardSteps(system, l, lane * slotsPerLane());
        return l.adjoint;
    }

    /** Runs the K steps from {@code l.states[0]}, filling the tape (and {@code l.tangent}). */
    abstract void forwardSteps(OdeSystem system, Lane l, int slotBase, boolean timeTangent);

    /** Turns {@code l.adjoint} (adjoint of y_K) into the adjoint of y_0, in place. */
    abstract void backwardSteps(OdeSystem system, Lane l, int slotBase);

    private Lane lane(int index, int blocks, long[] shape, DataType dt) {
        while (lanes.size() <= index) {
            lanes.add(null);
        }
        Lane l = lanes.get(index);
        if (l == null || !l.fits(blocks, shape, dt)) {
            l = new Lane(blocks, shape, dt, config.steps(), config.method().stages());
            lanes.set(index, l);
        }
        return l;
    }

    private Lane integrated(int lane) {
        Lane l = lane >= 0 && lane < lanes.size() ? lanes.get(lane) : null;
        if (l == null || !l.integrated) {
            throw new IllegalStateException("lane " + lane + " has not been integrated yet");
        }
        return l;
    }

    /** y += alpha · x, block by block. */
    static void axpy(double alpha, INDArray[] x, INDArray[] y) {
        for (int i = 0; i < x.length; i++) {
            axpy(alpha, x[i], y[i]);
        }
    }

    /** y += alpha · x. */
    static void axpy(double alpha, INDArray x, INDArray y) {
        if (alpha != 0) {
            Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
        }
    }

    /** dst ← src, block by block. */
    static void copy(INDArray[] src, INDArray[] dst) {
        for (int i = 0; i < src.length; i++) {
            dst[i].assign(src[i]);
        }
    }

    /** a ← 0, block by block. */
    static void zero(INDArray[] a) {
        for (INDArray x : a) {
            x.assign(0);
        }
    }
}
