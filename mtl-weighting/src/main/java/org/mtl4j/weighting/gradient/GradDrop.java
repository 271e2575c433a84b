package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GradDrop, gradient sign dropout.
 * <pre>
 *   S_i = g_i                                   (parameter space)
 *   S_i = Σ_b sign(Z_b) ⊙ R_{i,b}  ∈ R^D        (representation space, R_i = ∂L_i/∂Z, Z ∈ R^{B×D})
 *   P   = ½ (1 + Σ_i S_i / (Σ_i |S_i| + ε))     (positive-sign purity, per coordinate)
 *   U   ~ Uniform(0,1)^D                        (one draw shared by all tasks)
 *   M_i = 1[P &gt; U]·1[S_i &gt; 0] + 1[P &lt; U]·1[S_i &lt; 0]
 *   d   = Σ_i (ℓ_i + (1 − ℓ_i) M_i) ⊙ g_i      (representation space: mask broadcast over the batch)
 * </pre>
 * The direction is not a linear combination of the rows, so no weights are reported. Heads get
 * their own gradients unchanged (algorithms.md §0.3).
 *
 * <p>Random: U is drawn by ND4J's native uniform generator seeded with one
 * {@code nextLong()} of {@link StepInfo#random()}, so the draw is reproducible for a given step
 * RNG. Otherwise stateless.
 *
 * <p>Reference: Z. Chen, J. Ngiam, Y. Huang, T. Luong, H. Kretzschmar, Y. Chai, D. Anguelov,
 * "Just Pick a Sign: Optimizing Deep Multitask Models with Gradient Sign Dropout", NeurIPS 2020.
 * Code: LibMTL {@code LibMTL/weighting/GradDrop.py} (representation mode);
 * Cranial-XIX/CAGrad {@code nyuv2/utils.py} and torchjd (parameter mode).
 *
 * <p>Deviations: the default space is the parameter space because the weighting SPI delivers no
 * representation Z; in {@link GradientSpace#REPRESENTATION} mode the caller must hand Z over with
 * {@link #setRepresentation(INDArray)} before each {@link #aggregate} call. Where P = U exactly both
 * indicators are 0 and the coordinate is dropped for every task (as in LibMTL).
 */
public final class GradDrop implements JacobianAggregator, org.mtl4j.core.weighting.RepresentationAware {
    private final GradDropConfig config;
    private final int m;
    private INDArray representation;
    /** Work buffers, reallocated only when the data type or the sizes change. */
    private INDArray sum;
    private INDArray absSum;
    private INDArray buf;
    private INDArray positive;
    private INDArray negative;
    private INDArray keptPositive;
    private INDArray keptSum;
    private INDArray leaked;
    private INDArray wide;
    private INDArray signZ;
    private INDArray signals;

    GradDrop(GradDropConfig config, int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("number of tasks must be >= 1, found " + numTasks);
        }
        this.config = config;
        this.m = numTasks;
    }

    /**
     * Hands over the shared representation Z of the current step (batch first: shape {@code [B, ...]},
     * {@code B·D = p} entries in c order). Used only in {@link GradientSpace#REPRESENTATION} mode and
     * only by the next {@link #aggregate} call. The array is read, never modified.
     *
     * @param z the representation, or null to clear
     */
    public void setRepresentation(INDArray z) {
        this.representation = z;
    }

    @Override
    public GradientSpace gradientSpace() {
        return config.gradientSpace();
    }

    @Override
    public Aggregation aggregate(INDArray jacobian, double[] losses, StepInfo step, INDArray direction) {
        JacobianMath.checkAggregateInputs(jacobian, losses, direction, m);
        INDArray out = JacobianMath.segment(direction, 0, jacobian.columns());
        if (config.gradientSpace() == GradientSpace.REPRESENTATION) {
            INDArray z = representation;
            representation = null;
            representationMode(jacobian, z, step, out);
        } else {
            parameterMode(jacobian, step, out);
        }
        return new Aggregation(null, null);
    }

    /**
     * Parameter space, {@code S_i = g_i}. With {@code q = sign(P − U)} the kept part of task i is
     * {@code relu(g_i)} where q = +1 and {@code min(g_i, 0)} where q = −1, so only sums over tasks are
     * needed: {@code Σ relu(g_i)}, {@code Σ g_i} (and their leak-weighted versions); {@code Σ|g_i| = 2Σrelu(g_i) − Σg_i}.
     */
    private void parameterMode(INDArray jacobian, StepInfo step, INDArray out) {
        long p = jacobian.columns();
        DataType type = jacobian.dataType();
        boolean leaky = false;
        for (int i = 0; i < m; i++) {
            leaky |= config.leakOf(i) != 0.0;
        }
        ensureBuffers(type, p, p, false, leaky);
        sum.assign(0.0);
        positive.assign(0.0);
        if (leaky) {
            keptPositive.assign(0.0);
            keptSum.assign(0.0);
            leaked.assign(0.0);
        }
        for (int i = 0; i < m; i++) {
            INDArray row = jacobian.getRow(i);
            Nd4j.exec(new RectifiedLinear(row, buf, 0.0));
            Nd4j.getBlasWrapper().level1().axpy(p, 1.0, buf, positive);
            Nd4j.getBlasWrapper().level1().axpy(p, 1.0, row, sum);
            if (leaky) {
                double leak = config.leakOf(i);
                Nd4j.getBlasWrapper().level1().axpy(p, 1.0 - leak, buf, keptPositive);
                Nd4j.getBlasWrapper().level1().axpy(p, 1.0 - leak, row, keptSum);
                Nd4j.getBlasWrapper().level1().axpy(p, leak, row, leaked);
            }
        }
        // Σ|g_i| = 2 Σ relu(g_i) − Σ g_i, into absSum
        absSum.assign(positive).muli(2.0).subi(sum);
        INDArray pos = leaky ? keptPositive : positive;
        negative.assign(leaky ? keptSum : sum).subi(pos);       // Σ(1−ℓ) min(g_i, 0)
        INDArray q = signOfPurityMinusUniform(step);
        // d = 1[q > 0] ⊙ Σ(1−ℓ)relu(g) + 1[q < 0] ⊙ Σ(1−ℓ)min(g, 0) + Σ ℓ g
        Nd4j.exec(new Step(q, buf, 0.0));
        out.assign(buf).muli(pos);
        q.negi();
        Nd4j.exec(new Step(q, buf, 0.0));
        buf.muli(negative);
        out.addi(buf);
        if (leaky) {
            out.addi(leaked);
        }
    }

    /** Representation space: per-feature signals summed over the batch, masks broadcast over the batch. */
    private void representationMode(INDArray jacobian, INDArray z, StepInfo step, INDArray out) {
        long p = jacobian.columns();
        DataType type = jacobian.dataType();
        if (z == null) {
            throw new IllegalStateException("GradDrop in REPRESENTATION mode needs the shared representation Z of the step: "
                    + "call setRepresentation(z) before aggregate");
        }
        if (z.length() != p || z.rank() < 1 || z.size(0) < 1) {
            throw new IllegalArgumentException("representation Z must have p = " + p + " entries with the batch first, found shape "
                    + java.util.Arrays.toString(z.shape()));
        }
        long batch = z.size(0);
        long width = p / batch;
        ensureBuffers(type, p, width, true, false);
        signZ.assign(z.reshape('c', new long[] {p}));
        Nd4j.exec(new Sign(signZ, signZ));
        sum.assign(0.0);
        absSum.assign(0.0);
        for (int i = 0; i < m; i++) {
            wide.assign(jacobian.getRow(i)).muli(signZ);
            INDArray s = signals.getRow(i);
            s.assign(wide.reshape('c', new long[] {batch, width}).sum(0));
            Nd4j.getBlasWrapper().level1().axpy(width, 1.0, s, sum);
            Nd4j.exec(new Abs(s, buf));
            Nd4j.getBlasWrapper().level1().axpy(width, 1.0, buf, absSum);
        }
        INDArray q = signOfPurityMinusUniform(step);
        out.assign(0.0);
        for (int i = 0; i < m; i++) {
            double leak = config.leakOf(i);
            INDArray row = jacobian.getRow(i);
            if (leak == 1.0) {
                Nd4j.getBlasWrapper().level1().axpy(p, 1.0, row, out);
                continue;
            }
            // M_i = 1[S_i · q > 0] (q ∈ {−1, 0, 1})
            buf.assign(signals.getRow(i)).muli(q);
            Nd4j.exec(new Step(buf, buf, 0.0));
            if (leak != 0.0) {
                buf.muli(1.0 - leak).addi(leak);
            }
            wide.assign(row);
            wide.reshape('c', new long[] {batch, width}).muliRowVector(buf);
            Nd4j.getBlasWrapper().level1().axpy(p, 1.0, wide, out);
        }
    }

    /**
     * From {@code sum = ΣS_i} and {@code absSum = Σ|S_i|}: {@code q = sign(P − U)} with
     * {@code P = ½(1 + ΣS/(Σ|S| + ε))} and U uniform; +1 keeps positive components, −1 negative ones,
     * 0 drops both. Overwrites {@code sum} (with P) and returns {@code absSum} (holding q).
     */
    private INDArray signOfPurityMinusUniform(StepInfo step) {
        double total = absSum.sumNumber().doubleValue() + Math.abs(sum.sumNumber().doubleValue());
        if (!Double.isFinite(total)) {
            throw new IllegalArgumentException("GradDrop: the task gradients contain non-finite values (Σ|S| = " + total + ")");
        }
        absSum.addi(config.eps());
        sum.divi(absSum).muli(0.5).addi(0.5);
        INDArray q = absSum;
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(step.random().nextLong())) {
            Nd4j.getExecutioner().exec(new UniformDistribution(q, 0.0, 1.0), rng);
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the ND4J random generator", e);
        }
        q.rsubi(sum);
        Nd4j.exec(new Sign(q, q));
        return q;
    }

    private void ensureBuffers(DataType type, long p, long width, boolean rep, boolean leaky) {
        if (sum == null || sum.dataType() != type || sum.length() != width) {
            sum = Nd4j.create(type, width);
            absSum = Nd4j.create(type, width);
            buf = Nd4j.create(type, width);
            positive = null;
            keptPositive = null;
            signals = null;
        }
        if (!rep && positive == null) {
            positive = Nd4j.create(type, width);
            negative = Nd4j.create(type, width);
        }
        if (leaky && keptPositive == null) {
            keptPositive = Nd4j.create(type, width);
            keptSum = Nd4j.create(type, width);
            leaked = Nd4j.create(type, width);
        }
        if (rep && (wide == null || wide.dataType() != type || wide.length() != p || signals == null)) {
            wide = Nd4j.create(type, p);
            signZ = Nd4j.create(type, p);
            signals = Nd4j.create(type, m, width);
        }
    }

    @Override
    public GradDropConfig config() {
        return config;
    }

    @Override
    public int numTasks() {
        return m;
    }

    @Override
    public void reset() {
        representation = null;
        sum = null;
        absSum = null;
        buf = null;
        positive = null;
        negative = null;
        keptPositive = null;
        keptSum = null;
        leaked = null;
        wide = null;
        signZ = null;
        signals = null;
    }
}
