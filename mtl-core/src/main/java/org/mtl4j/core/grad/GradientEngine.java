package org.mtl4j.core.grad;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.model.FusedHeads;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.model.TaskHeads;
import org.mtl4j.core.model.TaskTransform;
import org.mtl4j.core.model.nd4j.BatchedJacobian;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.mtl4j.core.model.nd4j.LanesNorm;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.BlockGramianScope;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Computes, for one batch, exactly the gradients a weighting strategy reads, asks the strategy
 * for its weights or direction, and leaves the final gradient-like vector in the model's flat
 * gradient buffer:
 * <ul>
 *   <li>{@link LossWeighting}: one forward, the heads' backward, and one backward of
 *       {@code Σ w_i ∂L_i/∂Z} through the shared part;</li>
 *   <li>{@link GramianWeighting} / {@link JacobianAggregator}: one forward and m backward
 *       passes of the shared part giving {@code J = [g_1 … g_m]}; the Gramian
 *       {@code G = J Jᵀ} is formed in double; {@code d = Jᵀw} or the aggregator's direction; a
 *       {@link BlockGramianScope} strategy's weights read the Gram matrix of its block of θ's
 *       columns instead (from a slice of J);</li>
 *   <li>{@link GradientSpace#REPRESENTATION}: the rows are {@code ∂L_i/∂Z} over the whole
 *       batch (flattened), and the combined representation gradient is back-propagated once
 *       through the encoder (MGDA-UB).</li>
 * </ul>
 * Heads receive {@code ∇_{φ_i} L_i} or {@code w_i ∇_{φ_i} L_i} per the {@link HeadPolicy}.
 * Multi-input batches (one input per task) run one forward and backward per task.
 *
 * <p>When the encoder implements {@link BatchedJacobian} (the native dense stack), the task
 * transform is the identity and the encoder holds all shared parameters, the m backward passes
 * run as one batched backward that writes J's rows directly, and G comes from the layers'
 * structure ({@code ⟨Δ_i, (h hᵀ + 1 1ᵀ) Δ_j⟩}, in double) instead of a GEMM over J.
 *
 * <p>For loss weightings with {@link FusedHeads} (all heads in one GEMM) and row-block losses,
 * all losses come from one host copy of the fused output and all heads run one fused backward
 * ({@link FusedLosses}, {@link FusedHeads#backwardFused}); the per-task representation gradients
 * are then formed only if {@link #lastRepresentationGradients()} asks for them.
 *
 * <p>Buffers are allocated on first use for a given shape and reused afterwards. Not
 * thread-safe; one engine per model.
 */
public final class GradientEngine {
    private final HpsModel model;
    private boolean referenceHeads;
    private double[] stepHeadWeights;
    private INDArray lastRepresentation;
    private final int m;
    private final long p;
    private final DataType dt;
    private INDArray jacobian;
    private INDArray jacobian64;
    private INDArray gram64;
    private INDArray blockJacobian64;
    private INDArray blockGram64;
    private INDArray weightRow;
    private final INDArray[] outputGrads;
    private final INDArray[] repGrads;
    private INDArray[] repGradsByTask;
    private INDArray repJacobian;
    private INDArray repDirection;
    // preallocated per-step buffers and cached views (no ND4J allocation in the steady state)
    private final INDArray sharedGradView;
    private final INDArray[] headGradViews;
    private final INDArray[] oneTask;
    private INDArray[] jacobianRows;
    private INDArray combinedRep;
    private INDArray[] scaledReps;
    private INDArray[] repJacobianRows;
    private INDArray[] repGradsFlat;
    private INDArray repDirectionShaped;
    private INDArray combineOut;
    private INDArray combineOutRow;
    private INDArray[] headGradCopies;
    private double[][] gramBuffer;
    private double[][] precomputedGram;
    private final FusedLosses fusedLosses;
    private final LanesNorm sharedNorm;
    private boolean fusedStep;
    private boolean needGram;

    /** @param model the model whose gradient buffer receives the results */
    public GradientEngine(HpsModel model) {
        this(model, ComputeLanes.single());
    }

    /**
     * An engine that also runs its own per-step work on the model's lanes: the fused losses in
     * two groups of tasks and the norm of the shared gradient in two halves (pass the
     * {@link ComputeLanes} the model's native modules were built with).
     *
     * @param model the model whose gradient buffer receives the results
     * @param lanes the model's lanes (one or two)
     */
    public GradientEngine(HpsModel model, ComputeLanes lanes) {
        Objects.requireNonNull(lanes, "lanes");
        this.model = model;
        this.m = model.numTasks();
        this.p = model.numSharedParams();
        this.dt = model.dataType();
        this.outputGrads = new INDArray[m];
        this.repGrads = new INDArray[m];
        this.repGradsByTask = new INDArray[m];
        this.sharedGradView = model.sharedGradients();
        this.headGradViews = new INDArray[m];
        for (int i = 0; i < m; i++) {
            headGradViews[i] = model.headGradients(i);
        }
        this.oneTask = new INDArray[m];
        this.repGradsFlat = new INDArray[m];
        this.fusedLosses = new FusedLosses(model.tasks(), lanes);
        this.sharedNorm = new LanesNorm(lanes, sharedGradView);
    }

    /** @return the model */
    public HpsModel model() {
        return model;
    }

    /**
     * @return the per-task representation gradients {@code ∂L_i/∂Z_i} of the last single-input
     *         step (internal buffers, valid until the next call)
     */
    public INDArray[] lastRepresentationGradients() {
        if (fusedStep) {
            FusedHeads fh = (FusedHeads) model.heads();
            for (int i = 0; i < m; i++) {
                repGrads[i] = copyInto(i, fh.representationGradient(i, fusedLosses.lastGradient()));
            }
            fusedStep = false;
        }
        return repGrads.clone();
    }

    /**
     * Computes the step's gradients into {@code model.gradients()}.
     *
     * @param batch    the batch
     * @param strategy the weighting strategy (not a bi-level or multi-batch one)
     * @param step     step information handed to the strategy
     * @param heads    head policy ({@link HeadPolicy#REFERENCE} = the strategy's own)
     * @param mode     whether loss weightings may use the one-backward shortcut
     * @return losses, weights and diagnostics
     */
    public StepOutcome compute(MtlBatch batch, WeightingStrategy strategy, StepInfo step, HeadPolicy heads, JacobianMode mode) {
        checkBatch(batch);
        if (strategy.numTasks() != m) {
            throw new IllegalArgumentException("strategy was created for " + strategy.numTasks() + " tasks, the model has " + m);
        }
        if (strategy instanceof MultiBatchAggregator) {
            throw new IllegalArgumentException("multi-batch strategies need computeMultiBatch(...)");
        }
        HeadPolicy policy = heads == HeadPolicy.REFERENCE ? strategy.referenceHeadPolicy() : heads;
        referenceHeads = heads == HeadPolicy.REFERENCE;
        stepHeadWeights = null;
        precomputedGram = null;
        fusedStep = false;
        needGram = mode == JacobianMode.ALWAYS || readsGramian(strategy);
        if (batch.isMultiInput()) {
            return computeMultiInput(batch, strategy, step, policy);
        }
        if (strategy instanceof LossWeighting lw && mode == JacobianMode.AS_NEEDED) {
            INDArray[] outs = forwardAll(batch);
            double[] losses = new double[m];
            INDArray fusedGrad = fusedLossGradient(batch, step, losses);
            if (fusedGrad == null) {
                headsBackward(outs, batch, step, losses);
            }
            StepWeights sw = lw.weigh(losses.clone(), step);
            stepHeadWeights = sw.headWeights();
            double[] w = checkWeights(sw.weights(), strategy);
            if (fusedGrad != null) {
                model.encoder().backward(((FusedHeads) model.heads()).backwardFused(fusedGrad, w), false);
                fusedStep = true;
            } else {
                backwardCombined(w);
            }
            applyHeadPolicy(policy, w);
            double norm = finiteNorm(sharedGradView, step);
            return new StepOutcome(losses, w, sw.trainableGradient(), sw.diagnostics(), null, norm);
        }
        double[] losses = forwardAndHeads(batch, step);
        if (strategy.gradientSpace() == GradientSpace.REPRESENTATION) {
            return representationStep(losses, strategy, step, policy);
        }
        return fromJacobian(sharedJacobian(step), losses, strategy, step, policy);
    }

    /**
     * @return whether the strategy reads the Gramian: Gramian weightings, and Jacobian
     *         aggregators that declare {@link JacobianAggregator#readsGramian()}
     */
    private static boolean readsGramian(WeightingStrategy strategy) {
        return strategy instanceof GramianWeighting || strategy instanceof JacobianAggregator ja && ja.readsGramian();
    }

    /**
     * The Gramian (when the strategy reads it or {@link JacobianMode#ALWAYS} asks for it), the
     * strategy's weights or direction into the shared gradient view, and the head policy.
     */
    private StepOutcome fromJacobian(INDArray j, double[] losses, WeightingStrategy strategy, StepInfo step, HeadPolicy policy) {
        double[][] g = !needGram ? null : precomputedGram != null ? copy(precomputedGram) : gramian(j);
        precomputedGram = null;
        if (g != null) {
            checkGramian(g, step);
        }
        double[] w;
        double[] trainGrad = null;
        Diagnostics diag;
        INDArray dir = sharedGradView;
        if (strategy instanceof LossWeighting lw) {
            StepWeights sw = lw.weigh(losses.clone(), step);
            stepHeadWeights = sw.headWeights();
            w = checkWeights(sw.weights(), strategy);
            trainGrad = sw.trainableGradient();
            diag = sw.diagnostics();
            combine(j, w, dir);
        } else if (strategy instanceof GramianWeighting gw) {
            BlockGramianScope.Block block = strategy instanceof BlockGramianScope bs ? bs.gramianBlock(j.columns()) : null;
            StepWeights sw = gw.weigh(block == null ? copy(g) : blockGramian(j, block), losses.clone(), step);
            stepHeadWeights = sw.headWeights();
            w = checkWeights(sw.weights(), strategy);
            trainGrad = sw.trainableGradient();
            diag = sw.diagnostics();
            combine(j, w, dir);
        } else if (strategy instanceof JacobianAggregator ja) {
            Aggregation a = g != null ? ja.aggregate(j, copy(g), losses.clone(), step, dir)
                    : ja.aggregate(j, losses.clone(), step, dir);
            w = a.weights() == null ? null : checkWeights(a.weights(), strategy);
            diag = a.diagnostics();
        } else {
            throw new IllegalArgumentException("strategy family " + strategy.getClass().getName()
                    + " is not handled by the gradient engine (bi-level strategies run through the trainer)");
        }
        applyHeadPolicy(policy, w);
        // d = Jᵀw was formed here: ‖d‖² = wᵀGw in double, without another pass over the p-vector
        double norm = strategy instanceof JacobianAggregator || g == null ? finiteNorm(dir, step, j) : combinedNorm(g, w, step);
        return new StepOutcome(losses, w, trainGrad, diag, g, norm);
    }

    /**
     * ‖Jᵀw‖ = √(wᵀGw) from the Gramian; non-finite weights or a norm beyond the model's data type
     * (so that some entry of d overflowed) raise the same error as {@link #finiteNorm}.
     */
    private double combinedNorm(double[][] g, double[] w, StepInfo step) {
        double q = 0;
        for (int a = 0; a < m; a++) {
            double row = 0;
            for (int b = 0; b < m; b++) {
                row += g[a][b] * w[b];
            }
            q += w[a] * row;
        }
        double n = Math.sqrt(Math.max(q, 0.0));
        if (!Double.isFinite(n) || dt == DataType.FLOAT && n > Float.MAX_VALUE) {
            throw new NonFiniteException("the shared update direction is not finite at step " + step.step() + ", epoch "
                    + step.epoch() + " (‖d‖² = wᵀGw = " + q + "; lower the learning rate, clip gradients, or check the weighting's inputs)");
        }
        return n;
    }

    /**
     * Forward pass, losses, and the heads' backward passes: leaves {@code ∇_{φ_i} L_i} in the
     * heads' gradient views and {@code ∂L_i/∂Z_i} in {@link #repGrads}.
     */
    private double[] forwardAndHeads(MtlBatch batch, StepInfo step) {
        double[] losses = new double[m];
        INDArray[] outs = forwardAll(batch);
        INDArray fusedGrad = fusedLossGradient(batch, step, losses);
        if (fusedGrad == null) {
            headsBackward(outs, batch, step, losses);
            return losses;
        }
        FusedHeads fh = (FusedHeads) model.heads();
        fh.backwardHeads(fusedGrad);
        for (int i = 0; i < m; i++) {
            repGrads[i] = copyInto(i, fh.representationGradient(i, fusedGrad));
        }
        return losses;
    }

    /** Training-mode forward of encoder, transform and heads; @return the heads' outputs. */
    private INDArray[] forwardAll(MtlBatch batch) {
        INDArray z = model.encoder().forward(batch.input(), true);
        lastRepresentation = z;
        INDArray[] reps = model.transform().forward(z, true);
        return model.heads().forward(reps, true);
    }

    /** Per-task losses and head backward passes on the outputs of {@link #forwardAll}. */
    private void headsBackward(INDArray[] outs, MtlBatch batch, StepInfo step, double[] losses) {
        for (int i = 0; i < m; i++) {
            losses[i] = taskLoss(i, outs[i], batch, step);
            INDArray dz = model.heads().backward(i, outputGrads[i]);
            repGrads[i] = copyInto(i, dz);
        }
    }

    /**
     * The fused loss path ({@link FusedLosses}) when the transform is the identity and the heads
     * are fused: fills {@code losses} and returns {@code Δ}, or returns null (nothing computed).
     */
    private INDArray fusedLossGradient(MtlBatch batch, StepInfo step, double[] losses) {
        if (!fusedLosses.possible() || !model.transform().isIdentity() || !(model.heads() instanceof FusedHeads fh)) {
            return null;
        }
        INDArray grad = fusedLosses.compute(fh, batch, losses);
        if (grad == null) {
            return null;
        }
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(losses[i])) {
                throw nonFiniteLoss(i, losses[i], step);
            }
        }
        return grad;
    }

    private NonFiniteException nonFiniteLoss(int i, double loss, StepInfo step) {
        return new NonFiniteException("loss of task '" + model.tasks().get(i).id() + "' is " + loss + " at step " + step.step()
                + ", epoch " + step.epoch() + " (lower the learning rate, clip gradients, or check the data and labels)");
    }

    private double taskLoss(int i, INDArray out, MtlBatch batch, StepInfo step) {
        Task task = model.tasks().get(i);
        checkLabels(i, out, batch.labels(i));
        if (outputGrads[i] == null || !Arrays.equals(outputGrads[i].shape(), out.shape()) || outputGrads[i].dataType() != out.dataType()) {
            outputGrads[i] = Nd4j.createUninitialized(out.dataType(), out.shape());
        }
        double loss = task.loss().compute(out, batch.labels(i), batch.mask(i), outputGrads[i]);
        if (!Double.isFinite(loss)) {
            throw nonFiniteLoss(i, loss, step);
        }
        return loss;
    }

    private void checkLabels(int i, INDArray out, INDArray labels) {
        if (labels.size(0) != out.size(0)) {
            throw new IllegalArgumentException("labels of task '" + model.tasks().get(i).id() + "' have batch size "
                    + labels.size(0) + " but the head output has " + out.size(0));
        }
    }

    private INDArray copyInto(int i, INDArray src) {
        if (repGradsByTask[i] == null || !Arrays.equals(repGradsByTask[i].shape(), src.shape())
                || repGradsByTask[i].dataType() != src.dataType()) {
            repGradsByTask[i] = Nd4j.createUninitialized(src.dataType(), src.shape());
            repGradsFlat[i] = repGradsByTask[i].reshape(repGradsByTask[i].length());
        }
        return repGradsByTask[i].assign(src);
    }

    /** @return a preallocated buffer like {@code like} (reallocated only when the shape or type changes) */
    private static INDArray sameShape(INDArray buffer, INDArray like) {
        if (buffer == null || !Arrays.equals(buffer.shape(), like.shape()) || buffer.dataType() != like.dataType()) {
            return Nd4j.createUninitialized(like.dataType(), like.shape());
        }
        return buffer;
    }

    /** Back-propagates Σ w_i ∂L_i/∂Z_i once through transform and encoder. */
    private void backwardCombined(double[] w) {
        TaskTransform tr = model.transform();
        if (tr.isIdentity()) {
            combinedRep = sameShape(combinedRep, repGrads[0]);
            INDArray sum = combinedRep;
            if (w[0] == 1.0) {
                sum.assign(repGrads[0]);
            } else {
                repGrads[0].mul(w[0], sum);
            }
            for (int i = 1; i < m; i++) {
                Nd4j.getBlasWrapper().level1().axpy(sum.length(), w[i], repGrads[i], sum);
            }
            model.encoder().backward(sum, false);
            return;
        }
        if (scaledReps == null) {
            scaledReps = new INDArray[m];
        }
        INDArray[] scaled = new INDArray[m];
        for (int i = 0; i < m; i++) {
            scaledReps[i] = sameShape(scaledReps[i], repGrads[i]);
            scaled[i] = repGrads[i].mul(w[i], scaledReps[i]);
        }
        INDArray dz = tr.backward(scaled);
        model.encoder().backward(dz, false);
    }

    /** m backward passes of the shared part; row i of the result is g_i. */
    private INDArray sharedJacobian(StepInfo step) {
        ensureJacobian();
        TaskTransform tr = model.transform();
        if (tr.isIdentity() && tr.numParams() == 0 && model.numEncoderParams() == p
                && model.encoder() instanceof BatchedJacobian bj) {
            // all m rows in one batched backward, written straight into J; G from the layer structure
            if (gramBuffer == null) {
                gramBuffer = new double[m][m];
            }
            bj.jacobian(repGrads, jacobian, needGram ? gramBuffer : null);
            precomputedGram = needGram ? gramBuffer : null;
            return jacobian;
        }
        INDArray[] one = oneTask;
        for (int i = 0; i < m; i++) {
            Arrays.fill(one, null);
            one[i] = repGrads[i];
            INDArray dz = model.transform().backward(one);
            model.encoder().backward(dz, false);
            jacobianRows[i].assign(sharedGradView);
        }
        return jacobian;
    }

    private void ensureJacobian() {
        if (jacobian == null) {
            jacobian = Nd4j.zeros(dt, m, p);
            jacobianRows = new INDArray[m];
            for (int i = 0; i < m; i++) {
                jacobianRows[i] = jacobian.getRow(i);
            }
        }
    }

    /**
     * @return {@code G^B = J_B J_Bᵀ} in double for the columns {@code [offset, offset + length)} of J
     *         ({@link BlockGramianScope}); copies only that slice of J
     */
    private double[][] blockGramian(INDArray j, BlockGramianScope.Block block) {
        long end = block.offset() + block.length();
        if (end > j.columns()) {
            throw new IllegalArgumentException("Gramian block [" + block.offset() + ", " + end + ") exceeds the "
                    + j.columns() + " shared parameters");
        }
        long[] shape = {j.rows(), block.length()};
        if (blockJacobian64 == null || !Arrays.equals(blockJacobian64.shape(), shape)) {
            blockJacobian64 = Nd4j.createUninitialized(DataType.DOUBLE, shape);
        }
        blockJacobian64.assign(j.get(NDArrayIndex.all(), NDArrayIndex.interval(block.offset(), end)));
        if (blockGram64 == null || blockGram64.rows() != j.rows()) {
            blockGram64 = Nd4j.createUninitialized(DataType.DOUBLE, j.rows(), j.rows());
        }
        Nd4j.gemm(blockJacobian64, blockJacobian64, blockGram64, false, true, 1.0, 0.0);
        int rows = (int) j.rows();
        double[][] g = new double[rows][rows];
        for (int a = 0; a < rows; a++) {
            for (int b = a; b < rows; b++) {
                double v = a == b ? blockGram64.getDouble(a, b) : 0.5 * (blockGram64.getDouble(a, b) + blockGram64.getDouble(b, a));
                g[a][b] = v;
                g[b][a] = v;
            }
        }
        return g;
    }

    /** @return G = J Jᵀ in double */
    private double[][] gramian(INDArray j) {
        INDArray jd;
        if (j.dataType() == DataType.DOUBLE) {
            jd = j;
        } else {
            if (jacobian64 == null || !Arrays.equals(jacobian64.shape(), j.shape())) {
                jacobian64 = Nd4j.createUninitialized(DataType.DOUBLE, j.shape());
            }
            jd = jacobian64.assign(j);
        }
        if (gram64 == null || gram64.rows() != j.rows()) {
            gram64 = Nd4j.createUninitialized(DataType.DOUBLE, j.rows(), j.rows());
        }
        Nd4j.gemm(jd, jd, gram64, false, true, 1.0, 0.0);
        double[][] g = new double[j.rows()][j.rows()];
        for (int a = 0; a < g.length; a++) {
            for (int b = 0; b < g.length; b++) {
                g[a][b] = gram64.getDouble(a, b);
            }
        }
        for (int a = 0; a < g.length; a++) {
            for (int b = a + 1; b < g.length; b++) {
                double s = 0.5 * (g[a][b] + g[b][a]);
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        return g;
    }

    private void checkGramian(double[][] g, StepInfo step) {
        for (int i = 0; i < g.length; i++) {
            if (!Double.isFinite(g[i][i])) {
                throw new NonFiniteException("gradient of task '" + model.tasks().get(i).id() + "' is not finite at step "
                        + step.step() + ", epoch " + step.epoch() + " (lower the learning rate or clip gradients)");
            }
        }
    }

    /** d = Jᵀ w into {@code out} (a rank-1 view of length p). */
    private void combine(INDArray j, double[] w, INDArray out) {
        if (weightRow == null || weightRow.columns() != w.length) {
            weightRow = Nd4j.createUninitialized(j.dataType(), 1, w.length);
        }
        for (int i = 0; i < w.length; i++) {
            weightRow.putScalar(0, i, w[i]);
        }
        if (out != combineOut) {
            combineOut = out;
            combineOutRow = out.reshape(1, out.length());
        }
        INDArray outRow = combineOutRow;
        Nd4j.gemm(weightRow, j, outRow, false, false, 1.0, 0.0);
        if (outRow.data() != out.data() || outRow.offset() != out.offset()) {
            out.assign(outRow.reshape(out.shape()));
        }
    }

    private StepOutcome representationStep(double[] losses, WeightingStrategy strategy, StepInfo step, HeadPolicy policy) {
        TaskTransform tr = model.transform();
        INDArray[] rows = new INDArray[m];
        if (tr.isIdentity()) {
            rows = repGrads.clone();
        } else {
            if (tr.numParams() > 0) {
                throw new IllegalArgumentException("representation-space strategies (" + strategy.getClass().getSimpleName()
                        + ") need a parameter-free task transform; this model's transform has " + tr.numParams() + " parameters");
            }
            INDArray[] one = new INDArray[m];
            for (int i = 0; i < m; i++) {
                Arrays.fill(one, null);
                one[i] = repGrads[i];
                rows[i] = tr.backward(one).dup();
            }
        }
        long[] zShape = rows[0].shape();
        long q = rows[0].length();
        if (repJacobian == null || repJacobian.columns() != q || !Arrays.equals(repDirectionShaped.shape(), zShape)) {
            repJacobian = Nd4j.createUninitialized(dt, m, q);
            repDirection = Nd4j.createUninitialized(dt, q);
            repDirectionShaped = repDirection.reshape(zShape);
            repJacobianRows = new INDArray[m];
            for (int i = 0; i < m; i++) {
                repJacobianRows[i] = repJacobian.getRow(i);
            }
        }
        for (int i = 0; i < m; i++) {
            INDArray flat = rows[i] == repGradsByTask[i] ? repGradsFlat[i] : rows[i].reshape(q);
            repJacobianRows[i].assign(flat);
        }
        if (strategy instanceof org.mtl4j.core.weighting.RepresentationAware ra) {
            ra.setRepresentation(lastRepresentation.reshape(q));
        }
        double[][] g = gramian(repJacobian);
        checkGramian(g, step);
        double[] w;
        double[] trainGrad = null;
        Diagnostics diag;
        if (strategy instanceof GramianWeighting gw) {
            StepWeights sw = gw.weigh(copy(g), losses.clone(), step);
            stepHeadWeights = sw.headWeights();
            w = checkWeights(sw.weights(), strategy);
            trainGrad = sw.trainableGradient();
            diag = sw.diagnostics();
            combine(repJacobian, w, repDirection);
        } else if (strategy instanceof JacobianAggregator ja) {
            Aggregation a = ja.aggregate(repJacobian, copy(g), losses.clone(), step, repDirection);
            w = a.weights() == null ? null : checkWeights(a.weights(), strategy);
            diag = a.diagnostics();
        } else {
            StepWeights sw = ((LossWeighting) strategy).weigh(losses.clone(), step);
            stepHeadWeights = sw.headWeights();
            w = checkWeights(sw.weights(), strategy);
            trainGrad = sw.trainableGradient();
            diag = sw.diagnostics();
            combine(repJacobian, w, repDirection);
        }
        double repNorm = norm2(repDirection);
        if (!Double.isFinite(repNorm)) {
            throw new NonFiniteException("representation direction of " + strategy.getClass().getSimpleName()
                    + " is not finite at step " + step.step() + ", epoch " + step.epoch());
        }
        model.encoder().backward(repDirectionShaped, false);
        applyHeadPolicy(policy, w);
        double norm = finiteNorm(sharedGradView, step);
        return new StepOutcome(losses, w, trainGrad, diag, g, norm);
    }

    private StepOutcome computeMultiInput(MtlBatch batch, WeightingStrategy strategy, StepInfo step, HeadPolicy policy) {
        if (strategy.gradientSpace() == GradientSpace.REPRESENTATION) {
            throw new IllegalArgumentException("representation-space strategies are not defined for multi-input problems "
                    + "(each task has its own representation); use the shared-parameter mode");
        }
        ensureJacobian();
        double[] losses = new double[m];
        INDArray[] one = oneTask;
        TaskHeads hs = model.heads();
        for (int i = 0; i < m; i++) {
            INDArray z = model.encoder().forward(batch.input(i), true);
            INDArray[] reps = model.transform().forward(z, true);
            INDArray out = hs.forward(i, reps[i], true);
            losses[i] = taskLoss(i, out, batch, step);
            INDArray dzi = hs.backward(i, outputGrads[i]);
            Arrays.fill(one, null);
            one[i] = dzi;
            INDArray dz = model.transform().backward(one);
            model.encoder().backward(dz, false);
            jacobianRows[i].assign(sharedGradView);
        }
        return fromJacobian(jacobian, losses, strategy, step, policy);
    }

    /**
     * Per-task gradients of ALL parameters (shared and heads) on a batch, for bi-level
     * strategies: row i is {@code ∇_ω L_i}. Leaves the model's gradient buffer overwritten.
     *
     * @param batch     the batch
     * @param out       {@code [m, numParams]} buffer to fill
     * @param lossesOut per-task losses (length m)
     */
    public void perTaskFullGradients(MtlBatch batch, INDArray out, double[] lossesOut) {
        checkBatch(batch);
        StepInfo info = new StepInfo(1, 0, new java.util.SplittableRandom(0), List.of());
        INDArray grads = model.gradients();
        INDArray[] one = new INDArray[m];
        if (batch.isMultiInput()) {
            for (int i = 0; i < m; i++) {
                INDArray z = model.encoder().forward(batch.input(i), true);
                INDArray out1 = model.heads().forward(i, model.transform().forward(z, true)[i], true);
                lossesOut[i] = taskLoss(i, out1, batch, info);
                grads.assign(0);
                INDArray dzi = model.heads().backward(i, outputGrads[i]);
                Arrays.fill(one, null);
                one[i] = dzi;
                model.encoder().backward(model.transform().backward(one), false);
                out.getRow(i).assign(grads);
            }
            return;
        }
        double[] losses = forwardAndHeads(batch, info);
        System.arraycopy(losses, 0, lossesOut, 0, m);
        if (headGradCopies == null) {
            headGradCopies = new INDArray[m];
        }
        for (int i = 0; i < m; i++) {
            headGradCopies[i] = sameShape(headGradCopies[i], headGradViews[i]).assign(headGradViews[i]);
        }
        for (int i = 0; i < m; i++) {
            grads.assign(0);
            Arrays.fill(one, null);
            one[i] = repGrads[i];
            model.encoder().backward(model.transform().backward(one), false);
            headGradViews[i].assign(headGradCopies[i]);
            out.getRow(i).assign(grads);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Multi-batch strategies (MultiBatchAggregator): a separate block with its own buffers.

    /** One {@code [m, p]} Jacobian buffer per batch of a multi-batch step (allocated on first use). */
    private final List<INDArray> batchJacobians = new java.util.ArrayList<>();
    /** Per task, the sum over the step's batches of the head gradient {@code ∇_{φ_i} L_i}. */
    private INDArray[] headGradientSums;

    /**
     * {@link #computeMultiBatch(List, MultiBatchAggregator, StepInfo, HeadPolicy, JacobianMode)}
     * under {@link JacobianMode#AS_NEEDED} (no Gramian).
     */
    public StepOutcome computeMultiBatch(List<MtlBatch> batches, MultiBatchAggregator strategy, StepInfo step, HeadPolicy heads) {
        return computeMultiBatch(batches, strategy, step, heads, JacobianMode.AS_NEEDED);
    }

    /**
     * Computes the step of a {@link MultiBatchAggregator} into {@code model.gradients()}: for each
     * batch one forward pass and m backward passes of the shared part into that batch's own
     * Jacobian buffer, then the strategy's direction into the shared gradient view.
     * <pre>
     *   for b = 1..k:  L^b = losses on batch b,  J^b = [∇_θ L^b_1 … ∇_θ L^b_m]   (m × p)
     *   d = strategy.aggregate([J^1 … J^k], [L^1 … L^k])
     *   head i:  (1/k) Σ_b ∇_{φ_i} L^b_i      (× w_i under HeadPolicy.WEIGHTED when weights are reported)
     * </pre>
     * The heads' rule is algorithms.md §0.3 for MoDo (LibMTL accumulates the head gradients of its
     * three backward passes and divides by 3). The reported losses are the means over the batches;
     * under {@link JacobianMode#ALWAYS} the reported Gram matrix (for conflict statistics) is that
     * of the last batch's Jacobian, otherwise none is formed (multi-batch strategies read J only).
     * Representation-space strategies are not supported here.
     *
     * @param batches  the step's independent batches, exactly {@code strategy.batchesPerStep()} of them
     * @param strategy the multi-batch strategy
     * @param step     step information handed to the strategy
     * @param heads    head policy ({@link HeadPolicy#REFERENCE} = the strategy's own)
     * @param mode     {@link JacobianMode#ALWAYS} to also form the last batch's Gramian
     * @return mean losses, weights and diagnostics
     */
    public StepOutcome computeMultiBatch(List<MtlBatch> batches, MultiBatchAggregator strategy, StepInfo step, HeadPolicy heads,
                                         JacobianMode mode) {
        if (strategy.numTasks() != m) {
            throw new IllegalArgumentException("strategy was created for " + strategy.numTasks() + " tasks, the model has " + m);
        }
        int k = strategy.batchesPerStep();
        if (batches == null || batches.size() != k) {
            throw new IllegalArgumentException(strategy.getClass().getSimpleName() + " needs " + k + " batches per step, found "
                    + (batches == null ? "null" : batches.size()));
        }
        if (strategy.gradientSpace() == GradientSpace.REPRESENTATION) {
            throw new IllegalArgumentException("multi-batch strategies are computed on the shared parameters only; "
                    + strategy.getClass().getSimpleName() + " asks for representation gradients");
        }
        for (MtlBatch b : batches) {
            checkBatch(b);
        }
        HeadPolicy policy = heads == HeadPolicy.REFERENCE ? strategy.referenceHeadPolicy() : heads;
        referenceHeads = heads == HeadPolicy.REFERENCE;
        stepHeadWeights = null;
        while (batchJacobians.size() < k) {
            batchJacobians.add(Nd4j.zeros(dt, m, p));
        }
        if (headGradientSums == null) {
            headGradientSums = new INDArray[m];
            for (int i = 0; i < m; i++) {
                headGradientSums[i] = model.headGradients(i).dup();
            }
        }
        for (int i = 0; i < m; i++) {
            headGradientSums[i].assign(0);
        }
        List<double[]> batchLosses = new java.util.ArrayList<>(k);
        double[] meanLosses = new double[m];
        for (int b = 0; b < k; b++) {
            double[] lb = batchJacobian(batches.get(b), step, batchJacobians.get(b));
            batchLosses.add(lb);
            for (int i = 0; i < m; i++) {
                meanLosses[i] += lb[i] / k;
                headGradientSums[i].addi(model.headGradients(i));
            }
        }
        INDArray dir = model.sharedGradients();
        Aggregation a = strategy.aggregate(java.util.Collections.unmodifiableList(batchJacobians.subList(0, k)),
                java.util.Collections.unmodifiableList(batchLosses), step, dir);
        double[] w = a.weights() == null ? null : checkWeights(a.weights(), strategy);
        for (int i = 0; i < m; i++) {
            double f = 1.0 / k;
            if (policy == HeadPolicy.WEIGHTED && w != null) {
                f *= w[i];
            }
            model.headGradients(i).assign(headGradientSums[i]).muli(f);
        }
        double[][] g = null;
        if (mode == JacobianMode.ALWAYS) {
            g = gramian(batchJacobians.get(k - 1));
            checkGramian(g, step);
        }
        double norm = finiteNorm(dir, step, batchJacobians.subList(0, k).toArray(new INDArray[0]));
        return new StepOutcome(meanLosses, w, null, a.diagnostics(), g, norm);
    }

    /**
     * One forward pass on {@code batch} and m backward passes of the shared part: row i of
     * {@code out} becomes {@code ∇_θ L_i}; the heads' gradient views hold {@code ∇_{φ_i} L_i}.
     *
     * @return the batch losses
     */
    private double[] batchJacobian(MtlBatch batch, StepInfo step, INDArray out) {
        INDArray[] one = new INDArray[m];
        if (batch.isMultiInput()) {
            double[] losses = new double[m];
            TaskHeads hs = model.heads();
            for (int i = 0; i < m; i++) {
                INDArray z = model.encoder().forward(batch.input(i), true);
                INDArray[] reps = model.transform().forward(z, true);
                losses[i] = taskLoss(i, hs.forward(i, reps[i], true), batch, step);
                Arrays.fill(one, null);
                one[i] = hs.backward(i, outputGrads[i]);
                model.encoder().backward(model.transform().backward(one), false);
                out.getRow(i).assign(model.sharedGradients());
            }
            return losses;
        }
        double[] losses = forwardAndHeads(batch, step);
        for (int i = 0; i < m; i++) {
            Arrays.fill(one, null);
            one[i] = repGrads[i];
            model.encoder().backward(model.transform().backward(one), false);
            out.getRow(i).assign(model.sharedGradients());
        }
        return losses;
    }

    /**
     * Forward pass in inference mode.
     *
     * @return raw outputs per task (copies)
     */
    public INDArray[] predict(MtlBatch batch) {
        checkBatch(batch);
        INDArray[] outs = new INDArray[m];
        if (batch.isMultiInput()) {
            for (int i = 0; i < m; i++) {
                INDArray z = model.encoder().forward(batch.input(i), false);
                outs[i] = model.heads().forward(i, model.transform().forward(z, false)[i], false).dup();
            }
            return outs;
        }
        INDArray z = model.encoder().forward(batch.input(), false);
        INDArray[] o = model.heads().forward(model.transform().forward(z, false), false);
        for (int i = 0; i < m; i++) {
            outs[i] = o[i].dup();
        }
        return outs;
    }

    /** @return per-task losses of a batch in inference mode (no gradients) */
    public double[] losses(MtlBatch batch, boolean training) {
        checkBatch(batch);
        double[] out = new double[m];
        INDArray[] preds;
        if (batch.isMultiInput() || !training) {
            preds = predict(batch);
        } else {
            INDArray z = model.encoder().forward(batch.input(), true);
            preds = model.heads().forward(model.transform().forward(z, true), true);
        }
        for (int i = 0; i < m; i++) {
            checkLabels(i, preds[i], batch.labels(i));
            out[i] = model.tasks().get(i).loss().value(preds[i], batch.labels(i), batch.mask(i));
        }
        return out;
    }

    private void applyHeadPolicy(HeadPolicy policy, double[] w) {
        if (referenceHeads && stepHeadWeights != null) {
            for (int i = 0; i < m; i++) {
                if (stepHeadWeights[i] != 1.0) {
                    headGradViews[i].muli(stepHeadWeights[i]);
                }
            }
            return;
        }
        if (policy == HeadPolicy.WEIGHTED && w != null) {
            for (int i = 0; i < m; i++) {
                if (w[i] != 1.0) {
                    headGradViews[i].muli(w[i]);
                }
            }
        }
    }

    private double[] checkWeights(double[] w, WeightingStrategy s) {
        if (w.length != m) {
            throw new IllegalStateException(s.getClass().getSimpleName() + " returned " + w.length + " weights for " + m + " tasks");
        }
        return w;
    }

    /** ‖x‖₂ into a preallocated scalar (no result array per call). */
    private double norm2(INDArray x) {
        return org.mtl4j.core.model.nd4j.VectorNorm.norm2(x);
    }


    /**
     * ‖d‖, or a {@link NonFiniteException}: when Jacobians are given (their Gramian was not
     * formed, so {@link #checkGramian} did not run) the message names the first task whose
     * gradient row is not finite.
     */
    private double finiteNorm(INDArray dir, StepInfo step, INDArray... jacobians) {
        double n = dir == sharedGradView ? sharedNorm.norm2() : norm2(dir);
        if (!Double.isFinite(n)) {
            for (INDArray j : jacobians) {
                for (int i = 0; i < j.rows(); i++) {
                    if (!Double.isFinite(norm2(j.getRow(i)))) {
                        throw new NonFiniteException("gradient of task '" + model.tasks().get(i).id() + "' is not finite at step "
                                + step.step() + ", epoch " + step.epoch() + " (lower the learning rate or clip gradients)");
                    }
                }
            }
            throw new NonFiniteException("the shared update direction is not finite at step " + step.step() + ", epoch "
                    + step.epoch() + " (lower the learning rate, clip gradients, or check the weighting's inputs)");
        }
        return n;
    }

    private void checkBatch(MtlBatch batch) {
        if (batch.numTasks() != m) {
            throw new IllegalArgumentException("batch has labels for " + batch.numTasks() + " tasks, the model has " + m);
        }
    }

    private static double[][] copy(double[][] g) {
        double[][] c = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            c[i] = g[i].clone();
        }
        return c;
    }
}
