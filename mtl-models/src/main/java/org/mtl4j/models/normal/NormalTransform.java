package org.mtl4j.models.normal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.mtl4j.core.grad.NonFiniteException;
import org.mtl4j.core.model.TaskTransform;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.models.ode.OdeSolver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * NORMAL, the time-aware neural-ODE block between the shared encoder and the task heads
 * (Ye, Wang, Zhang, Tsang, "Multi-Task Learning via Time-Aware Neural ODE", IJCAI 2023; thesis
 * ch. 5, eqs. 5.5–5.11, Algorithm 4). Each task i reads the shared feature at its own learnable
 * time ("position") {@code p_i}:
 * <pre>
 *   dz/dt = −q,   dq/dt = −γ q + g(z) + ξ z,   γ = sigmoid(ω),   z(0) = z₀ = f_θ(x),   q(0) = u(z₀)
 *   Z_i = z(p_i)      integrated from 0 to p_i in K steps of h_i = p_i/K (explicit Euler or RK4)
 *   d_{p_i} = ⟨∂L_i/∂z(p_i), dz/dt|_{p_i}⟩ = −⟨∂L_i/∂z(p_i), q(p_i)⟩        (thesis eq. 5.11)
 *   p_i ← p_i − η_p d_{p_i}                                                (after each optimiser step)
 * </pre>
 * u and g are FC → LeakyReLU → FC ({@link FeatureLayout#VECTOR}) or the same layers as 1×1
 * convolutions ({@link FeatureLayout#FEATURE_MAP}). Tasks with equal positions share one
 * integration; {@code p_i = 0} gives {@code z₀} without integrating; negative positions
 * integrate backwards. The distinct non-zero positions are integrated together, stacked as row
 * groups of one {@code [G·N, n]} state (the dynamics act row by row), so the per-step work is
 * a few large operations instead of G small ones.
 *
 * <p><b>Gradients.</b> {@link #backward} back-propagates through the unrolled solver (the
 * discrete adjoint, exact for the computed forward) into u, g, ω and {@code z₀}. The positions
 * are not trained by the model optimiser: they get the thesis gradient (or, with
 * {@link PositionGradient#AUTODIFF}, the exact derivative of the discrete map through
 * {@code h = p/K}) in {@link #afterStep}, which the trainer calls after every optimiser step
 * with the step's unweighted {@code ∂L_i/∂Z_i} — the per-task {@code L_i} of the thesis, without
 * task weights or the 1/m of the objective. The direction {@code dz/dt|_{p_i}} (or the exact
 * tangent) is saved in the training-mode forward pass, before the parameters move, so the update
 * of {@code p_i} is joint with the parameter update (Algorithm 4).
 *
 * <p><b>Parameters.</b> The flat view bound by the model holds {@code [u | g | ω | positions]}
 * ({@code [g | positions]} for the first-order ablation). The position entries (p, or v with
 * {@code p = e^v}) live in the model's parameter buffer so that checkpoints carry them, but
 * their gradient entries are always 0; whatever the model optimiser does to them (e.g. weight
 * decay) is overwritten by {@link #afterStep}, which writes {@code p_used − η_p d_p}. Values are
 * kept in double here and re-read from the buffer when someone else changed them (a restored
 * checkpoint).
 *
 * <p><b>Guards.</b> Feature shapes the block was not built for, non-finite positions and
 * non-finite states (naming the tasks, the position and the solver step) throw.
 *
 * <p><b>Cost.</b> {@code K·stages} evaluations of g on the G distinct non-zero positions
 * stacked ({@code G·N} rows), and the trajectory kept for the backward pass (memory ∝
 * K × stages × G × N × n). Every backward pass runs through the whole stack: strategies that
 * back-propagate each task separately (Jacobian and Gramian methods) pay G times the block's
 * backward arithmetic of one position (the number of operations stays the same). The
 * continuous adjoint method of the thesis is not offered: its gradient is that of the continuous
 * ODE, which differs from the gradient of the discrete forward by O(h) and fails the same
 * finite-difference checks. Multi-input problems run one forward per task; the trainer does not
 * call {@link #afterStep} for them, so positions stay fixed there.
 *
 * <p>Stateful (positions, caches of the last forward); one instance per model; not thread-safe.
 */
public final class NormalTransform implements TaskTransform {
    private static final int LANE = 0;

    private final NormalConfig config;
    private final List<String> taskNames;
    private final int m;
    private final OdeSolver solver;
    private final BlockDynamics dynamics;
    private final int blocks;
    private final long numParams;

    private DataType dataType;
    private INDArray positionSlots;
    private INDArray positionGrads;
    private final double[] stored;

    // shape-dependent buffers
    private long[] inputShape;
    private long rows;
    private INDArray z0Rows;
    private INDArray[] y0;
    private INDArray[] y0Adjoint;
    private INDArray dz0Rows;
    private INDArray dzMap;
    private INDArray rowsScratch;
    private INDArray zeroTangent;
    private final List<INDArray> laneMaps = new ArrayList<>();
    // stacked (G·N rows) buffers and their row-group views
    private int stackGroups;
    private INDArray[] stackAdjoint;
    private INDArray[] adjointViews;
    // position directions saved by the last training forward (untouched by inference forwards)
    private int tangentGroups = -1;
    private INDArray stackTangent;
    private INDArray[] tangentViews;
    private final INDArray[] taskTangent;
    private INDArray stackedFinal;
    private INDArray[] finalViews;

    // last forward
    private final INDArray[] outputs;
    private final int[] laneOf;
    private final double[] lanePosition;
    private final int[] stackIndex;
    private double[] times;
    private int lanes;
    private boolean forwardDone;
    private boolean tangentsSaved;

    // training state for the position update
    private final double[] currentPositions;
    private final double[] usedPositions;
    private final double[] usedRaw;
    private final double[] lastGradients;
    private boolean pending;
    private long trainingForwards;
    private long positionUpdates;

    /**
     * @param config the block configuration
     * @param tasks  the tasks, in head order (as many as {@code config.initialPositions()})
     */
    public NormalTransform(NormalConfig config, TaskSet tasks) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.size() != config.numTasks()) {
            throw new IllegalArgumentException("expected one initial position per task (" + tasks.size() + " tasks), found "
                    + config.numTasks() + " positions");
        }
        this.taskNames = List.copyOf(tasks.names());
        this.m = tasks.size();
        this.solver = config.solver().create();
        this.dynamics = config.dynamics() == NormalDynamics.HEAVY_BALL ? new HeavyBallDynamics(config)
                : new FirstOrderDynamics(config);
        this.blocks = dynamics.numBlocks();
        this.numParams = dynamics.numParams() + m;
        this.stored = new double[m];
        double[] p = config.initialPositions();
        for (int i = 0; i < m; i++) {
            stored[i] = config.positionMode() == PositionMode.EXPONENTIAL ? Math.log(p[i]) : p[i];
        }
        this.outputs = new INDArray[m];
        this.laneOf = new int[m];
        this.lanePosition = new double[m];
        this.stackIndex = new int[m];
        this.taskTangent = new INDArray[m];
        this.currentPositions = new double[m];
        this.usedPositions = new double[m];
        this.usedRaw = new double[m];
        this.lastGradients = new double[m];
        Arrays.fill(lastGradients, Double.NaN);
    }

    /** @return the configuration */
    public NormalConfig config() {
        return config;
    }

    @Override
    public long numParams() {
        return numParams;
    }

    @Override
    public void bind(INDArray paramsView, INDArray gradientsView) {
        if (paramsView.length() != numParams || gradientsView.length() != numParams) {
            throw new IllegalArgumentException("views must have length " + numParams + ", found " + paramsView.length()
                    + " and " + gradientsView.length());
        }
        this.dataType = paramsView.dataType();
        long nd = dynamics.numParams();
        double[] init = new double[(int) numParams];
        double[] dyn = new double[(int) nd];
        dynamics.initialise(new SplittableRandom(config.seed()), config, dyn);
        System.arraycopy(dyn, 0, init, 0, (int) nd);
        System.arraycopy(stored, 0, init, (int) nd, m);
        paramsView.assign(Nd4j.createFromArray(init).castTo(dataType).reshape(paramsView.shape()));
        gradientsView.assign(0);
        dynamics.bind(paramsView.get(NDArrayIndex.interval(0, nd)), gradientsView.get(NDArrayIndex.interval(0, nd)));
        positionSlots = paramsView.get(NDArrayIndex.interval(nd, numParams));
        positionGrads = gradientsView.get(NDArrayIndex.interval(nd, numParams));
    }

    @Override
    public INDArray[] forward(INDArray z, boolean training) {
        requireBound();
        checkShape(z);
        ensureBuffers(z.shape());
        dynamics.prepare();
        readPositions();
        if (training) {
            trainingForwards++;
        }
        group();
        if (config.layout() == FeatureLayout.FEATURE_MAP) {
            toRows(z, z0Rows);
            dynamics.initialState(z0Rows, y0);
        } else {
            dynamics.initialState(z, y0);
        }
        boolean exactTangent = training && config.positionGradient() == PositionGradient.AUTODIFF;
        INDArray[] fin = null;
        if (times.length > 0) {
            fin = solver.integrate(dynamics, LANE, y0, times, exactTangent);
            ensureStack(times.length);
            if (fin[0] != stackedFinal) {
                stackedFinal = fin[0];
                finalViews = groupViews(fin[0], times.length);
            }
            checkFinite(fin);
        }
        boolean hasZero = times.length < lanes;
        if (hasZero) {
            checkInitialFinite();
        }
        if (training) {
            ensureTangents(times.length);
            if (fin != null) {
                if (exactTangent) {
                    stackTangent.assign(solver.timeTangent(LANE)[0]);
                } else {
                    dynamics.velocity(fin, stackTangent);
                }
            }
            if (hasZero) {
                dynamics.velocity(y0, zeroTangent);
            }
            for (int i = 0; i < m; i++) {
                int g = stackIndex[laneOf[i]];
                taskTangent[i] = g < 0 ? zeroTangent : tangentViews[g];
            }
            tangentsSaved = true;
        }
        for (int l = 0; l < lanes; l++) {
            INDArray rowsOut = laneRows(l);
            if (config.layout() == FeatureLayout.FEATURE_MAP) {
                INDArray map = laneBuffer(laneMaps, l, inputShape);
                fromRows(rowsOut, map);
                rowsOut = map;
            }
            for (int i = 0; i < m; i++) {
                if (laneOf[i] == l) {
                    outputs[i] = rowsOut;
                }
            }
        }
        if (training) {
            System.arraycopy(stored, 0, usedRaw, 0, m);
            for (int i = 0; i < m; i++) {
                usedPositions[i] = lanePosition[laneOf[i]];
            }
            pending = true;
        }
        forwardDone = true;
        return outputs;
    }

    /** @return the end state z(p) of lane l as [N, n] rows */
    private INDArray laneRows(int l) {
        return stackIndex[l] < 0 ? y0[0] : finalViews[stackIndex[l]];
    }

    @Override
    public INDArray backward(INDArray[] representationGradients) {
        if (!forwardDone) {
            throw new IllegalStateException("backward needs a forward pass first");
        }
        if (representationGradients.length != m) {
            throw new IllegalArgumentException("expected " + m + " representation gradients (one per task, null allowed), found "
                    + representationGradients.length);
        }
        dynamics.zeroGradients();
        for (INDArray a : y0Adjoint) {
            a.assign(0);
        }
        boolean any = false;
        boolean stacked = false;
        for (int l = 0; l < lanes; l++) {
            int g = stackIndex[l];
            INDArray target = g < 0 ? y0Adjoint[0] : adjointViews[g];
            boolean has = false;
            for (int i = 0; i < m; i++) {
                INDArray gi = representationGradients[i];
                if (laneOf[i] != l || gi == null) {
                    continue;
                }
                if (!Arrays.equals(gi.shape(), inputShape)) {
                    throw new IllegalArgumentException("gradient of task '" + taskNames.get(i) + "' has shape "
                            + Arrays.toString(gi.shape()) + ", expected " + Arrays.toString(inputShape) + " like its output");
                }
                if (!has && g >= 0) {
                    toRows(gi, target);
                } else if (config.layout() == FeatureLayout.FEATURE_MAP) {
                    toRows(gi, rowsScratch);
                    target.addi(rowsScratch);
                } else {
                    target.addi(gi);
                }
                has = true;
            }
            if (g >= 0 && !has) {
                target.assign(0);
            }
            any |= has;
            stacked |= has && g >= 0;
        }
        if (!any) {
            throw new IllegalArgumentException("backward needs at least one non-null representation gradient");
        }
        if (stacked) {
            for (int b = 1; b < blocks; b++) {
                stackAdjoint[b].assign(0);
            }
            INDArray[] a0 = solver.backward(dynamics, LANE, stackAdjoint);
            for (int b = 0; b < blocks; b++) {
                y0Adjoint[b].addi(a0[b]);
            }
        }
        dynamics.initialStateBackward(y0Adjoint, dz0Rows);
        dynamics.finishGradients();
        positionGrads.assign(0);
        if (config.layout() == FeatureLayout.FEATURE_MAP) {
            fromRows(dz0Rows, dzMap);
            return dzMap;
        }
        return dz0Rows;
    }

    /**
     * Position update of Algorithm 4, step 4: {@code d_{p_i} = ⟨∂L_i/∂z(p_i), t_i⟩} with the
     * direction {@code t_i} saved in the last training forward ({@code −q(p_i)} for the thesis
     * gradient, {@code dz_K/dp} for AUTODIFF), then {@code p_i ← p_i − η_p d_{p_i}}
     * ({@code v_i ← v_i − η_p d_{p_i} p_i} for {@code p = e^v}; unchanged when fixed).
     *
     * @param representationGradients {@code ∂L_i/∂Z_i} per task of the step (null = no update for
     *                                that task)
     */
    @Override
    public void afterStep(INDArray[] representationGradients) {
        if (!pending || !tangentsSaved) {
            throw new IllegalStateException("afterStep needs a training-mode forward pass of this step first");
        }
        if (representationGradients.length != m) {
            throw new IllegalArgumentException("expected " + m + " representation gradients, found "
                    + representationGradients.length);
        }
        double eta = config.positionLearningRate();
        for (int i = 0; i < m; i++) {
            INDArray r = representationGradients[i];
            double raw = usedRaw[i];
            if (r != null) {
                if (!Arrays.equals(r.shape(), inputShape)) {
                    throw new IllegalArgumentException("gradient of task '" + taskNames.get(i) + "' has shape "
                            + Arrays.toString(r.shape()) + ", expected " + Arrays.toString(inputShape));
                }
                INDArray rowsR = r;
                if (config.layout() == FeatureLayout.FEATURE_MAP) {
                    toRows(r, rowsScratch);
                    rowsR = rowsScratch;
                }
                double d = BlockDynamics.dot(rowsR, taskTangent[i]);
                if (!Double.isFinite(d)) {
                    throw new NonFiniteException("position gradient of task '" + taskNames.get(i) + "' is " + d
                            + " at position update " + (positionUpdates + 1) + " (position p = " + usedPositions[i]
                            + "; lower the learning rates or clip gradients)");
                }
                lastGradients[i] = d;
                raw = switch (config.positionMode()) {
                    case LEARNED -> usedRaw[i] - eta * d;
                    case EXPONENTIAL -> usedRaw[i] - eta * d * usedPositions[i];
                    case FIXED -> usedRaw[i];
                };
            } else {
                lastGradients[i] = Double.NaN;
            }
            stored[i] = raw;
            positionSlots.putScalar(i, raw);
        }
        pending = false;
        positionUpdates++;
    }

    /** @return the current task positions {@code p_i} (after {@code e^v} where applicable) */
    public double[] positions() {
        double[] p = new double[m];
        for (int i = 0; i < m; i++) {
            double raw = positionSlots == null ? stored[i] : currentRaw(i);
            p[i] = config.positionMode() == PositionMode.EXPONENTIAL ? Math.exp(raw) : raw;
        }
        return p;
    }

    /** @return {@code d_{p_i}} of the last position update (NaN where none was computed) */
    public double[] lastPositionGradients() {
        return lastGradients.clone();
    }

    /** @return number of position updates ({@link #afterStep} calls) so far */
    public long positionUpdates() {
        return positionUpdates;
    }

    /** @return the task names, in order */
    public List<String> taskNames() {
        return taskNames;
    }

    /** @return γ = sigmoid(ω) at the last forward pass (NaN for the first-order ablation) */
    public double damping() {
        return dynamics instanceof HeavyBallDynamics hb ? hb.gamma() : Double.NaN;
    }

    /** @return number of distinct positions (integrated ones plus a zero position, if any) of the last forward */
    int lastLaneCount() {
        return lanes;
    }

    /** @return number of distinct non-zero positions integrated in the last forward */
    int lastIntegratedCount() {
        return times == null ? 0 : times.length;
    }

    BlockDynamics dynamics() {
        return dynamics;
    }

    // ----------------------------------------------------------------------------------------

    private void requireBound() {
        if (positionSlots == null) {
            throw new IllegalStateException("NORMAL block not bound to a model yet: build an HpsModel with it first");
        }
    }

    private void checkShape(INDArray z) {
        long[] s = z.shape();
        int n = config.width();
        boolean ok = config.layout() == FeatureLayout.VECTOR ? s.length == 2 && s[1] == n && s[0] > 0
                : s.length == 4 && s[1] == n && s[0] > 0 && s[2] > 0 && s[3] > 0;
        if (!ok) {
            String expected = config.layout() == FeatureLayout.VECTOR ? "feature vectors [B, " + n + "]"
                    : "feature maps [B, " + n + ", H, W]";
            throw new IllegalArgumentException("the NORMAL block was built for " + expected + " (layout "
                    + config.layout() + ", width " + n + "), found shape " + Arrays.toString(s));
        }
    }

    private void ensureBuffers(long[] shape) {
        if (inputShape != null && Arrays.equals(inputShape, shape) && y0[0].dataType() == dataType) {
            return;
        }
        inputShape = shape.clone();
        rows = config.layout() == FeatureLayout.VECTOR ? shape[0] : shape[0] * shape[2] * shape[3];
        long n = config.width();
        y0 = alloc(rows, n);
        y0Adjoint = alloc(rows, n);
        dz0Rows = Nd4j.zeros(dataType, rows, n);
        rowsScratch = Nd4j.zeros(dataType, rows, n);
        zeroTangent = Nd4j.zeros(dataType, rows, n);
        if (config.layout() == FeatureLayout.FEATURE_MAP) {
            z0Rows = Nd4j.zeros(dataType, rows, n);
            dzMap = Nd4j.zeros(dataType, shape);
        }
        laneMaps.clear();
        stackGroups = 0;
        tangentGroups = -1;
        stackedFinal = null;
        pending = false;
        forwardDone = false;
        tangentsSaved = false;
    }

    /** (Re)allocates the stacked adjoint and tangent buffers for G groups. */
    private void ensureStack(int groups) {
        if (stackGroups == groups) {
            return;
        }
        stackGroups = groups;
        stackAdjoint = alloc(groups * rows, config.width());
        adjointViews = groupViews(stackAdjoint[0], groups);
        stackedFinal = null;
    }

    /** (Re)allocates the saved position directions for G groups (training forwards only). */
    private void ensureTangents(int groups) {
        if (tangentGroups == groups) {
            return;
        }
        tangentGroups = groups;
        stackTangent = groups == 0 ? null : Nd4j.zeros(dataType, groups * rows, config.width());
        tangentViews = groups == 0 ? new INDArray[0] : groupViews(stackTangent, groups);
    }

    private INDArray[] groupViews(INDArray stacked, int groups) {
        INDArray[] v = new INDArray[groups];
        for (int g = 0; g < groups; g++) {
            v[g] = groups == 1 ? stacked : stacked.get(NDArrayIndex.interval(g * rows, (g + 1) * rows), NDArrayIndex.all());
        }
        return v;
    }

    private INDArray[] alloc(long r, long n) {
        INDArray[] a = new INDArray[blocks];
        for (int b = 0; b < blocks; b++) {
            a[b] = Nd4j.zeros(dataType, r, n);
        }
        return a;
    }

    private INDArray laneBuffer(List<INDArray> list, int lane, long[] shape) {
        while (list.size() <= lane) {
            list.add(Nd4j.zeros(dataType, shape));
        }
        return list.get(lane);
    }

    /** Reads the positions from the parameter buffer (keeping the double copy when the buffer still agrees). */
    private void readPositions() {
        for (int i = 0; i < m; i++) {
            double raw = currentRaw(i);
            stored[i] = raw;
            double p = config.positionMode() == PositionMode.EXPONENTIAL ? Math.exp(raw) : raw;
            if (!Double.isFinite(p)) {
                throw new NonFiniteException("position of task '" + taskNames.get(i) + "' is " + p
                        + (config.positionMode() == PositionMode.EXPONENTIAL ? " (p = e^v with v = " + raw + ")" : "")
                        + " at training forward pass " + (trainingForwards + 1) + " of the NORMAL block"
                        + " (lower the position learning rate or check the restored parameters)");
            }
            currentPositions[i] = p;
        }
    }

    private double currentRaw(int i) {
        double b = positionSlots.getDouble(i);
        boolean same = dataType == DataType.FLOAT ? (double) (float) stored[i] == b : stored[i] == b;
        return same ? stored[i] : b;
    }

    /** Lanes = distinct positions in order of first appearance; the non-zero ones form the stack. */
    private void group() {
        lanes = 0;
        int stacked = 0;
        for (int i = 0; i < m; i++) {
            double p = currentPositions[i];
            int l = 0;
            while (l < lanes && lanePosition[l] != p) {
                l++;
            }
            if (l == lanes) {
                lanePosition[lanes] = p == 0 ? 0.0 : p;
                stackIndex[lanes] = p == 0 ? -1 : stacked++;
                lanes++;
            }
            laneOf[i] = l;
        }
        if (times == null || times.length != stacked) {
            times = new double[stacked];
        }
        for (int l = 0; l < lanes; l++) {
            if (stackIndex[l] >= 0) {
                times[stackIndex[l]] = lanePosition[l];
            }
        }
    }

    private void checkInitialFinite() {
        if (!allFinite(y0)) {
            throw nonFinite(-1, 0);
        }
    }

    private void checkFinite(INDArray[] fin) {
        if (allFinite(fin)) {
            return;
        }
        int k = config.solver().steps();
        for (int g = 0; g < times.length; g++) {
            for (int s = 0; s <= k; s++) {
                INDArray[] state = solver.state(LANE, s);
                INDArray[] rowsOfGroup = new INDArray[blocks];
                for (int b = 0; b < blocks; b++) {
                    rowsOfGroup[b] = state[b].get(NDArrayIndex.interval(g * rows, (g + 1) * rows), NDArrayIndex.all());
                }
                if (!allFinite(rowsOfGroup)) {
                    throw nonFinite(g, s);
                }
            }
        }
    }

    /** @param group stack group (−1 = the zero-position lane) */
    private NonFiniteException nonFinite(int group, int step) {
        List<String> names = new ArrayList<>();
        double p = 0;
        for (int i = 0; i < m; i++) {
            int l = laneOf[i];
            if (stackIndex[l] == group || (group < 0 && stackIndex[l] < 0)) {
                names.add("'" + taskNames.get(i) + "'");
                p = lanePosition[l];
            }
        }
        String where = step == 0
                ? "in the initial state (z₀ = encoder output" + (blocks > 1 ? ", q₀ = u(z₀)" : "") + ")"
                : "at " + config.solver().method() + " step " + step + " of K = " + config.solver().steps();
        return new NonFiniteException("NORMAL block: the state of task" + (names.size() > 1 ? "s " : " ")
                + String.join(", ", names) + " (position p = " + p + ") became non-finite " + where
                + " in training forward pass " + trainingForwards
                + " (lower the learning rate, clip gradients, or reduce |p|)");
    }

    private static boolean allFinite(INDArray[] a) {
        for (INDArray x : a) {
            if (!Double.isFinite(BlockDynamics.dot(x, x))) {
                for (double v : x.dup().data().asDouble()) {
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** [B, C, H, W] → [B·H·W, C] (pixels as rows); plain copy for vectors. */
    private void toRows(INDArray x, INDArray rowsOut) {
        if (config.layout() == FeatureLayout.VECTOR) {
            rowsOut.assign(x);
            return;
        }
        long[] s = inputShape;
        rowsOut.reshape('c', s[0], s[2], s[3], s[1]).assign(x.permute(0, 2, 3, 1));
    }

    /** [B·H·W, C] → [B, C, H, W]. */
    private void fromRows(INDArray rowsIn, INDArray map) {
        long[] s = inputShape;
        map.permute(0, 2, 3, 1).assign(rowsIn.reshape('c', s[0], s[2], s[3], s[1]));
    }
}
