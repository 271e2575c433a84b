package org.mtl4j.models.ode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Lane and tape bookkeeping shared by the fixed-step solvers: preallocated c-order buffers per
 * lane with precomputed row-group views (so per-group steps are BLAS {@code axpy}/{@code scal}
 * calls on views, never broadcast ops), reallocated only when the state layout changes.
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

    /** A stacked state: one {@code [G·N, n]} array per block and its G row-group views. */
    static final class Stack {
        final INDArray[] full;
        /** views[b][g] = rows of group g of block b (the full array itself when G = 1). */
        final INDArray[][] views;

        Stack(int blocks, int groups, long rows, long width, DataType dt) {
            full = new INDArray[blocks];
            views = new INDArray[blocks][groups];
            for (int b = 0; b < blocks; b++) {
                full[b] = Nd4j.zeros(dt, groups * rows, width);
                for (int g = 0; g < groups; g++) {
                    views[b][g] = groups == 1 ? full[b]
                            : full[b].get(NDArrayIndex.interval(g * rows, (g + 1) * rows), NDArrayIndex.all());
                }
            }
        }
    }

    /** Buffers of one lane. */
    static final class Lane {
        final int blocks;
        final int groups;
        final long rows;
        final long width;
        final DataType dataType;
        final double[] steps;
        /** states[k] = y_k, k = 0..K. */
        final Stack[] states;
        /** stageInputs[k][s] = input of stage s+2 of step k (RK4 only; stage 1 reads states[k]). */
        final Stack[][] stageInputs;
        /** stage derivatives of the current step. */
        final Stack[] derivatives;
        /** stage derivative tangents. */
        final Stack[] derivativeTangents;
        final Stack tangent;
        final Stack stageTangent;
        final Stack adjoint;
        final Stack adjointNext;
        final Stack scaled;
        final Stack[] stageAdjoints;
        final Stack combined;
        final INDArray[] initialAdjoint;
        boolean hasTangent;
        boolean integrated;

        Lane(int blocks, int groups, long rows, long width, DataType dt, int k, int stages) {
            this.blocks = blocks;
            this.groups = groups;
            this.rows = rows;
            this.width = width;
            this.dataType = dt;
            this.steps = new double[groups];
            this.states = new Stack[k + 1];
            for (int s = 0; s <= k; s++) {
                states[s] = stack();
            }
            this.stageInputs = new Stack[k][stages - 1];
            for (int s = 0; s < k; s++) {
                for (int j = 0; j < stages - 1; j++) {
                    stageInputs[s][j] = stack();
                }
            }
            this.derivatives = new Stack[stages];
            this.derivativeTangents = new Stack[stages];
            this.stageAdjoints = new Stack[stages];
            for (int j = 0; j < stages; j++) {
                derivatives[j] = stack();
                derivativeTangents[j] = stack();
                stageAdjoints[j] = stack();
            }
            this.tangent = stack();
            this.stageTangent = stack();
            this.adjoint = stack();
            this.adjointNext = stack();
            this.scaled = stack();
            this.combined = stack();
            this.initialAdjoint = new INDArray[blocks];
            for (int b = 0; b < blocks; b++) {
                initialAdjoint[b] = groups == 1 ? null : Nd4j.zeros(dt, rows, width);
            }
        }

        private Stack stack() {
            return new Stack(blocks, groups, rows, width, dataType);
        }

        boolean fits(int b, int g, long r, long w, DataType dt) {
            return b == blocks && g == groups && r == rows && w == width && dt == dataType;
        }
    }

    @Override
    public final INDArray[] integrate(OdeSystem system, int lane, INDArray[] initial, double[] times, boolean timeTangent) {
        Objects.requireNonNull(system, "system");
        if (lane < 0) {
            throw new IllegalArgumentException("lane must be >= 0, found " + lane);
        }
        if (times == null || times.length < 1) {
            throw new IllegalArgumentException("at least one integration time is needed");
        }
        for (int g = 0; g < times.length; g++) {
            if (!Double.isFinite(times[g])) {
                throw new IllegalArgumentException("integration time " + g + " must be finite, found " + times[g]);
            }
        }
        int b = system.numBlocks();
        if (initial.length != b) {
            throw new IllegalArgumentException("the system has " + b + " state blocks, the initial state has " + initial.length);
        }
        long[] shape = initial[0].shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("state blocks must be [N, n] matrices, found shape " + Arrays.toString(shape));
        }
        for (int i = 1; i < b; i++) {
            if (!Arrays.equals(shape, initial[i].shape())) {
                throw new IllegalArgumentException("state block " + i + " has shape " + Arrays.toString(initial[i].shape())
                        + ", expected " + Arrays.toString(shape) + " like block 0");
            }
        }
        Lane l = lane(lane, b, times.length, shape[0], shape[1], initial[0].dataType());
        int k = config.steps();
        for (int g = 0; g < times.length; g++) {
            l.steps[g] = times[g] / k;
        }
        for (int i = 0; i < b; i++) {
            for (int g = 0; g < l.groups; g++) {
                l.states[0].views[i][g].assign(initial[i]);
            }
        }
        l.hasTangent = timeTangent;
        if (timeTangent) {
            zero(l.tangent.full);
        }
        forwardSteps(system, l, lane * slotsPerLane(), timeTangent);
        l.integrated = true;
        return l.states[k].full;
    }

    @Override
    public final INDArray[] timeTangent(int lane) {
        Lane l = integrated(lane);
        if (!l.hasTangent) {
            throw new IllegalStateException("lane " + lane + " was integrated without timeTangent = true");
        }
        return l.tangent.full;
    }

    @Override
    public final INDArray[] state(int lane, int step) {
        Lane l = integrated(lane);
        if (step < 0 || step > config.steps()) {
            throw new IllegalArgumentException("step must be in [0, " + config.steps() + "], found " + step);
        }
        return l.states[step].full;
    }

    @Override
    public final INDArray[] backward(OdeSystem system, int lane, INDArray[] finalAdjoint) {
        Lane l = integrated(lane);
        if (finalAdjoint.length != l.blocks) {
            throw new IllegalArgumentException("expected an adjoint with " + l.blocks + " blocks, found " + finalAdjoint.length);
        }
        long[] expected = l.adjoint.full[0].shape();
        for (int i = 0; i < l.blocks; i++) {
            if (!Arrays.equals(finalAdjoint[i].shape(), expected)) {
                throw new IllegalArgumentException("adjoint block " + i + " has shape " + Arrays.toString(finalAdjoint[i].shape())
                        + ", expected " + Arrays.toString(expected));
            }
            l.adjoint.full[i].assign(finalAdjoint[i]);
        }
        Stack result = backwardSteps(system, l, lane * slotsPerLane());
        if (l.groups == 1) {
            return result.full;
        }
        for (int i = 0; i < l.blocks; i++) {
            l.initialAdjoint[i].assign(result.views[i][0]);
            for (int g = 1; g < l.groups; g++) {
                axpy(1, result.views[i][g], l.initialAdjoint[i]);
            }
        }
        return l.initialAdjoint;
    }

    /** Runs the K steps from {@code l.states[0]}, filling the tape (and {@code l.tangent}). */
    abstract void forwardSteps(OdeSystem system, Lane l, int slotBase, boolean timeTangent);

    /**
     * Turns {@code l.adjoint} (adjoint of y_K) into the adjoint of the stacked y_0.
     *
     * @return the stack holding the result ({@code l.adjoint} or {@code l.adjointNext})
     */
    abstract Stack backwardSteps(OdeSystem system, Lane l, int slotBase);

    private Lane lane(int index, int blocks, int groups, long rows, long width, DataType dt) {
        while (lanes.size() <= index) {
            lanes.add(null);
        }
        Lane l = lanes.get(index);
        if (l == null || !l.fits(blocks, groups, rows, width, dt)) {
            l = new Lane(blocks, groups, rows, width, dt, config.steps(), config.method().stages());
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

    /** y += alpha · x (BLAS axpy; no-op for alpha = 0). */
    static void axpy(double alpha, INDArray x, INDArray y) {
        if (alpha != 0) {
            Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
        }
    }

    /** y += alpha · x, block by block over the full stacks. */
    static void axpy(double alpha, Stack x, Stack y) {
        for (int b = 0; b < x.full.length; b++) {
            axpy(alpha, x.full[b], y.full[b]);
        }
    }

    /** y_g += factor · h_g · x_g for every block and row group g. */
    static void axpySteps(double factor, double[] h, Stack x, Stack y) {
        for (int b = 0; b < x.full.length; b++) {
            for (int g = 0; g < h.length; g++) {
                axpy(factor * h[g], x.views[b][g], y.views[b][g]);
            }
        }
    }

    /** x_g ← factor · h_g · x_g for every block and row group g (BLAS scal). */
    static void scaleSteps(double factor, double[] h, Stack x) {
        for (int b = 0; b < x.full.length; b++) {
            for (int g = 0; g < h.length; g++) {
                INDArray v = x.views[b][g];
                double f = factor * h[g];
                if (f == 0) {
                    v.assign(0);
                } else if (f != 1) {
                    Nd4j.getBlasWrapper().level1().scal(v.length(), f, v);
                }
            }
        }
    }

    /** dst ← src, block by block. */
    static void copy(Stack src, Stack dst) {
        for (int b = 0; b < src.full.length; b++) {
            dst.full[b].assign(src.full[b]);
        }
    }

    /** a ← 0, block by block. */
    static void zero(INDArray[] a) {
        for (INDArray x : a) {
            x.assign(0);
        }
    }
}
