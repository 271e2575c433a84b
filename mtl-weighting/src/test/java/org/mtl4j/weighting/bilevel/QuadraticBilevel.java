package org.mtl4j.weighting.bilevel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mtl4j.core.data.MtlBatch;
import org.mtl4j.core.weighting.BilevelContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The quadratic oracle problem of algorithms.md §19 (Oracle 4), in double:
 * <pre>
 *   lower level:  L_j(ω) = ½‖ω − c_j‖²,  f(α, ω) = Σ_j softmax(α)_j L_j(ω)     (Hessian I)
 *   upper level:  F_i(ω) = ½‖ω − d_i‖²
 *   ω_T(α) = (1−η)^T ω_0 + (1 − (1−η)^T) c̄(α),   c̄ = Σ_j s_j c_j
 *   dF_i(ω_T(α))/dα = (1 − (1−η)^T) · J_s · (⟨c_j, ω_T − d_i⟩)_j
 * </pre>
 * with a {@link BilevelContext} over it (the model is the vector ω) and a
 * {@link WeightedSumLowerLevel} view. Independent of the library's formulas: everything here is
 * written from the closed forms.
 */
final class QuadraticBilevel {
    final int m;
    final int dim;
    final double[][] c;
    final double[][] d;

    QuadraticBilevel(int m, int dim, long seed) {
        this.m = m;
        this.dim = dim;
        SplittableRandom r = new SplittableRandom(seed);
        c = new double[m][dim];
        d = new double[m][dim];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < dim; k++) {
                c[j][k] = 2 * r.nextDouble() - 1;
                d[j][k] = 2 * r.nextDouble() - 1;
            }
        }
    }

    static double[] softmax(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : a) {
            max = Math.max(max, x);
        }
        double[] s = new double[a.length];
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            s[i] = Math.exp(a[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < a.length; i++) {
            s[i] /= sum;
        }
        return s;
    }

    static double half2(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return 0.5 * s;
    }

    /** ω_T by explicit gradient steps on f(α, ·). */
    double[] unroll(double[] alpha, double[] omega0, int t, double eta) {
        double[] s = softmax(alpha);
        double[] w = omega0.clone();
        for (int step = 0; step < t; step++) {
            double[] g = new double[dim];
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < dim; k++) {
                    g[k] += s[j] * (w[k] - c[j][k]);
                }
            }
            for (int k = 0; k < dim; k++) {
                w[k] -= eta * g[k];
            }
        }
        return w;
    }

    /** The closed-form hypergradient dF_i(ω_T(α))/dα. */
    double[] closedFormHypergradient(int i, double[] alpha, double[] omega0, int t, double eta) {
        double[] s = softmax(alpha);
        double[] wt = unroll(alpha, omega0, t, eta);
        double factor = 1 - Math.pow(1 - eta, t);
        double[] inner = new double[m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < dim; k++) {
                inner[j] += c[j][k] * (wt[k] - d[i][k]);
            }
        }
        double sc = 0;
        for (int j = 0; j < m; j++) {
            sc += s[j] * inner[j];
        }
        double[] h = new double[m];
        for (int j = 0; j < m; j++) {
            h[j] = factor * s[j] * (inner[j] - sc);
        }
        return h;
    }

    /** f(α, ω). */
    double lowerValue(double[] alpha, double[] omega) {
        double[] s = softmax(alpha);
        double v = 0;
        for (int j = 0; j < m; j++) {
            v += s[j] * half2(omega, c[j]);
        }
        return v;
    }

    /** The weighted-sum lower-level view (softmax weights, DOUBLE vectors). */
    WeightedSumLowerLevel lowerLevel() {
        return new WeightedSumLowerLevel(new SoftmaxWeights(m), WeightedSumLowerLevel.DEFAULT_FD_SCALE) {
            @Override
            protected double[] weightedGradient(double[] w, INDArray omega, INDArray out) {
                double[] o = omega.toDoubleVector();
                double[] g = new double[dim];
                double[] l = new double[m];
                for (int j = 0; j < m; j++) {
                    l[j] = half2(o, c[j]);
                    for (int k = 0; k < dim; k++) {
                        g[k] += w[j] * (o[k] - c[j][k]);
                    }
                }
                out.assign(Nd4j.createFromArray(g).reshape(out.shape()));
                return l;
            }

            @Override
            protected double[] componentValues(INDArray omega) {
                double[] o = omega.toDoubleVector();
                double[] l = new double[m];
                for (int j = 0; j < m; j++) {
                    l[j] = half2(o, c[j]);
                }
                return l;
            }

            @Override
            public long omegaLength() {
                return dim;
            }

            @Override
            public DataType dataType() {
                return DataType.DOUBLE;
            }
        };
    }

    /** A bi-level context whose "model" is ω, with SGD (rate modelLr) as the trainer's optimiser. */
    Context context(double[] omega0, double modelLr) {
        return new Context(omega0, modelLr);
    }

    final class Context implements BilevelContext {
        final INDArray params;
        final double modelLr;
        final MtlBatch lowerBatch;
        final MtlBatch upperBatch;
        boolean serveUpper = true;
        boolean poison;
        int lowerDraws;
        int upperDraws;
        INDArray lastUpdate;

        Context(double[] omega0, double modelLr) {
            this.params = Nd4j.createFromArray(omega0.clone());
            this.modelLr = modelLr;
            List<INDArray> labels = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                labels.add(Nd4j.zeros(DataType.DOUBLE, 1, 1));
            }
            lowerBatch = MtlBatch.single(Nd4j.zeros(DataType.DOUBLE, 1, 1), labels);
            upperBatch = MtlBatch.single(Nd4j.zeros(DataType.DOUBLE, 1, 1), labels);
        }

        double[] targets(MtlBatch b, int j) {
            if (b == lowerBatch) {
                return c[j];
            }
            if (b == upperBatch) {
                return d[j];
            }
            throw new IllegalArgumentException("unknown batch");
        }

        double[] omega() {
            return params.toDoubleVector();
        }

        @Override
        public int numTasks() {
            return m;
        }

        @Override
        public long numParams() {
            return dim;
        }

        @Override
        public DataType dataType() {
            return DataType.DOUBLE;
        }

        @Override
        public MtlBatch nextLowerBatch() {
            lowerDraws++;
            return lowerBatch;
        }

        @Override
        public MtlBatch nextUpperBatch() {
            upperDraws++;
            return serveUpper ? upperBatch : null;
        }

        @Override
        public INDArray snapshot() {
            return params.dup();
        }

        @Override
        public void restore(INDArray snapshot) {
            params.assign(snapshot);
        }

        @Override
        public double[] innerStep(MtlBatch batch, double[] alpha, double learningRate) {
            INDArray g = Nd4j.zeros(DataType.DOUBLE, dim);
            double[] l = weightedGradient(batch, alpha, g);
            params.subi(g.muli(learningRate));
            return l;
        }

        @Override
        public double[] weightedGradient(MtlBatch batch, double[] weights, INDArray out) {
            double[] o = omega();
            double[] g = new double[dim];
            double[] l = new double[m];
            for (int j = 0; j < m; j++) {
                double[] t = targets(batch, j);
                l[j] = half2(o, t);
                for (int k = 0; k < dim; k++) {
                    g[k] += weights[j] * (o[k] - t[k]);
                }
            }
            if (poison) {
                g[0] = Double.NaN;
            }
            out.assign(Nd4j.createFromArray(g));
            return l;
        }

        @Override
        public double[] losses(MtlBatch batch) {
            double[] o = omega();
            double[] l = new double[m];
            for (int j = 0; j < m; j++) {
                l[j] = half2(o, targets(batch, j));
            }
            return l;
        }

        @Override
        public INDArray perTaskGradients(MtlBatch batch, double[] lossesOut) {
            double[] o = omega();
            double[][] rows = new double[m][dim];
            for (int j = 0; j < m; j++) {
                double[] t = targets(batch, j);
                lossesOut[j] = half2(o, t);
                for (int k = 0; k < dim; k++) {
                    rows[j][k] = o[k] - t[k];
                }
            }
            if (poison) {
                rows[0][0] = Double.NaN;
            }
            return Nd4j.createFromArray(rows);
        }

        @Override
        public void addToParams(INDArray direction, double scale) {
            params.addi(direction.mul(scale));
        }

        @Override
        public void applyUpdate(INDArray gradient) {
            lastUpdate = gradient.dup();
            params.subi(gradient.mul(modelLr));
        }
    }
}
