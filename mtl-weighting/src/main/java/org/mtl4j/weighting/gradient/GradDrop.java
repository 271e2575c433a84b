package org.mtl4j.weighting.gradient;

import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.StepInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
public final class GradDrop implements JacobianAggregator {
    private final GradDropConfig config;
    private final int m;
    private INDArray representation;
    /** Work buffers, reallocated only when the data type or the sizes change. */
    private INDArray sum;
    private INDArray absSum;
    private INDArray buf;
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
        long p = jacobian.columns();
        DataType type = jacobian.dataType();
        boolean rep = config.gradientSpace() == GradientSpace.REPRESENTATION;
        long batch = 1;
        long width = p;
        if (rep) {
            INDArray z = representation;
            representation = null;
            if (z == null) {
                throw new IllegalStateException("GradDrop in REPRESENTATION mode needs the shared representation Z of the step: "
                        + "call setRepresentation(z) before aggregate");
            }
            if (z.length() != p || z.rank() < 1 || z.size(0) < 1) {
                throw new IllegalArgumentException("representation Z must have p = " + p + " entries with the batch first, found shape "
                        + java.util.Arrays.toString(z.shape()));
            }
            batch = z.size(0);
            width = p / batch;
            ensureBuffers(type, p, width, true);
            signZ.assign(z.reshape('c', new long[] {p}));
            Nd4j.exec(new Sign(signZ, signZ));
            for (int i = 0; i < m; i++) {
                wide.assign(jacobian.getRow(i)).muli(signZ);
                signals.getRow(i).assign(wide.reshape('c', new long[] {batch, width}).sum(0));
            }
        }
        if (!rep) {
            ensureBuffers(type, p, width, false);
        }
        sum.assign(0.0);
        absSum.assign(0.0);
        for (int i = 0; i < m; i++) {
            INDArray s = rep ? signals.getRow(i) : jacobian.getRow(i);
            Nd4j.getBlasWrapper().level1().axpy(width, 1.0, s, sum);
            Nd4j.exec(new Abs(s, buf));
            Nd4j.getBlasWrapper().level1().axpy(width, 1.0, buf, absSum);
        }
        double total = absSum.sumNumber().doubleValue();
        if (!Double.isFinite(total)) {
            throw new IllegalArgumentException("GradDrop: the task gradients contain non-finite values (Σ|S| = " + total + ")");
        }
        // purity P = ½(1 + ΣS/(Σ|S| + ε)), kept in 'sum'
        absSum.addi(config.eps());
        sum.divi(absSum).muli(0.5).addi(0.5);
        // q = sign(P − U): +1 keeps positive components, −1 keeps negative ones, 0 drops both
        INDArray q = absSum;
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(step.random().nextLong())) {
            Nd4j.getExecutioner().exec(new UniformDistribution(q, 0.0, 1.0), rng);
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the ND4J random generator", e);
        }
        q.rsubi(sum);
        Nd4j.exec(new Sign(q, q));

        INDArray out = JacobianMath.segment(direction, 0, p);
        out.assign(0.0);
        for (int i = 0; i < m; i++) {
            double leak = config.leakOf(i);
            INDArray row = jacobian.getRow(i);
            if (leak == 1.0) {
                Nd4j.getBlasWrapper().level1().axpy(p, 1.0, row, out);
                continue;
            }
            INDArray s = rep ? signals.getRow(i) : row;
            // M_i = 1[sign(S_i) · q > 0]
            Nd4j.exec(new Sign(s, buf));
            buf.muli(q);
            Nd4j.exec(new Step(buf, buf, 0.0));
            if (leak != 0.0) {
                buf.muli(1.0 - leak).addi(leak);
            }
            if (rep) {
                wide.assign(row);
                wide.reshape('c', new long[] {batch, width}).muliRowVector(buf);
                Nd4j.getBlasWrapper().level1().axpy(p, 1.0, wide, out);
            } else {
                buf.muli(row);
                Nd4j.getBlasWrapper().level1().axpy(p, 1.0, buf, out);
            }
        }
        return new Aggregation(null, null);
    }

    private void ensureBuffers(DataType type, long p, long width, boolean rep) {
        if (sum == null || sum.dataType() != type || sum.length() != width) {
            sum = Nd4j.create(type, width);
            absSum = Nd4j.create(type, width);
            buf = Nd4j.create(type, width);
            signals = null;
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
        wide = null;
        signZ = null;
        signals = null;
    }
}
