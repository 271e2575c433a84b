package org.mtl4j.benchmarks.bilevel;

import org.mtl4j.weighting.bilevel.LowerLevelOracle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The synthetic multi-objective bi-level problem of thesis App. A.32 (algorithms.md §20,
 * Oracle 2), with {@code z = (α, ω_1, ω_2)}, α ∈ R, ω ∈ R²:
 * <pre>
 *   min_{α, ω}  ( F_1, F_2 ) = ( ‖ω − (1, α)‖², ‖ω − (2, α)‖² )
 *   s.t.        ω ∈ argmin_ω f(α, ω) = ‖ω − α·1‖²
 *   ω*(α) = (α, α),   Φ_i(α) = F_i(α, ω*(α)) = (α − t_i)²,  t = (1, 2)
 *   Pareto set  P = {(c, c, c) : c ∈ [1, 2]},   distance  E(z) = ‖z − c*·1‖,  c* = clip(mean(z), 1, 2)
 *   q(z) = f(α, ω) − min_ω f(α, ω) = ‖ω − α·1‖²
 *   stationarity gap  = min_{λ∈Δ} |λ Φ_1'(α) + (1−λ) Φ_2'(α)|   (0 exactly on [1, 2])
 * </pre>
 * The distance formula is exact: the closest point of the segment P to z is {@code c·1} with c the
 * projection of mean(z) onto [1, 2].
 */
final class MobloToyProblem {
    /** The targets t_i of the two upper-level objectives. */
    static final double[] TARGETS = {1.0, 2.0};

    private MobloToyProblem() {
    }

    static double upper(int i, double[] z) {
        double a = z[1] - TARGETS[i];
        double b = z[2] - z[0];
        return a * a + b * b;
    }

    /** @return ∇_z F_i = (∂_α, ∂_ω1, ∂_ω2) */
    static double[] upperGradient(int i, double[] z) {
        return new double[] {-2 * (z[2] - z[0]), 2 * (z[1] - TARGETS[i]), 2 * (z[2] - z[0])};
    }

    static double lower(double alpha, double w1, double w2) {
        return (w1 - alpha) * (w1 - alpha) + (w2 - alpha) * (w2 - alpha);
    }

    /** @return ∂f/∂α at (α, ω) */
    static double lowerAlphaGradient(double alpha, double w1, double w2) {
        return -2 * (w1 - alpha) - 2 * (w2 - alpha);
    }

    static double distance(double[] z) {
        double c = Math.min(2.0, Math.max(1.0, (z[0] + z[1] + z[2]) / 3.0));
        double s = 0;
        for (double v : z) {
            s += (v - c) * (v - c);
        }
        return Math.sqrt(s);
    }

    static double q(double[] z) {
        return lower(z[0], z[1], z[2]);
    }

    static double stationarityGap(double alpha) {
        double d1 = 2 * (alpha - TARGETS[0]);
        double d2 = 2 * (alpha - TARGETS[1]);
        if (d1 * d2 <= 0) {
            return 0.0;
        }
        return Math.min(Math.abs(d1), Math.abs(d2));
    }

    /** The lower level as an exact oracle: ∇_ω f = 2(ω − α1), H = 2I, ∇_α⟨∇_ω f, v⟩ = −2 Σ v_j. */
    static LowerLevelOracle oracle() {
        return new LowerLevelOracle() {
            @Override
            public int alphaDimension() {
                return 1;
            }

            @Override
            public long omegaLength() {
                return 2;
            }

            @Override
            public DataType dataType() {
                return DataType.DOUBLE;
            }

            @Override
            public void gradient(double[] alpha, INDArray omega, INDArray gradientOut) {
                gradientOut.putScalar(0, 2 * (omega.getDouble(0) - alpha[0]));
                gradientOut.putScalar(1, 2 * (omega.getDouble(1) - alpha[0]));
            }

            @Override
            public double[] secondOrder(double[] alpha, INDArray omega, INDArray direction, INDArray hessianVectorOut) {
                if (hessianVectorOut != null) {
                    hessianVectorOut.assign(direction).muli(2.0);
                }
                return new double[] {-2 * (direction.getDouble(0) + direction.getDouble(1))};
            }
        };
    }
}
