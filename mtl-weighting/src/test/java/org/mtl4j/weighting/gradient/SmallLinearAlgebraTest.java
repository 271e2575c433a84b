package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SmallLinearAlgebraTest {

    @Test
    void eigenDecompositionReconstructsTheMatrix() {
        for (int n : new int[] {1, 2, 5, 12, 40}) {
            double[][] b = Harness.gaussian(n, n + 3, n);
            double[][] a = Harness.gram(b);
            SmallLinearAlgebra.Eigen e = SmallLinearAlgebra.symmetricEigen(a);
            double scale = 0;
            for (double[] row : a) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double r = 0;
                    double o = 0;
                    for (int k = 0; k < n; k++) {
                        r += e.vectors()[k][i] * e.values()[k] * e.vectors()[k][j];
                        o += e.vectors()[i][k] * e.vectors()[j][k];
                    }
                    assertEquals(a[i][j], r, 1e-12 * scale, "A = VΛVᵀ at " + i + "," + j + " (n = " + n + ")");
                    assertEquals(i == j ? 1 : 0, o, 1e-12, "orthonormal eigenvectors");
                }
            }
        }
    }

    @Test
    void pseudoInverseOfARankDeficientMatrix() {
        // A = v vᵀ with v = (1, 2, 2): A⁺ = v vᵀ / ‖v‖⁴, so A⁺ b = v ⟨v, b⟩ / 81
        double[] v = {1, 2, 2};
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[i][j] = v[i] * v[j];
            }
        }
        double[] b = {1, -1, 3};
        double[] x = SmallLinearAlgebra.pseudoInverseTimes(a, b, 1e-12);
        double f = (1 - 2 + 6) / 81.0;
        for (int i = 0; i < 3; i++) {
            assertEquals(v[i] * f, x[i], 1e-14);
        }
    }

    @Test
    void gaussianEliminationSolvesAndDetectsSingularity() {
        double[][] a = {{0, 2, 1}, {1, 1, 0}, {3, 0, 1}};
        double[] x = SmallLinearAlgebra.solve(a, new double[] {5, 3, 6});
        // exact solution (1, 2, 1)... check residual instead of trusting arithmetic by hand
        for (int i = 0; i < 3; i++) {
            double r = 0;
            for (int j = 0; j < 3; j++) {
                r += a[i][j] * x[j];
            }
            assertEquals(new double[] {5, 3, 6}[i], r, 1e-14);
        }
        assertNull(SmallLinearAlgebra.solve(new double[][] {{1, 2}, {2, 4}}, new double[] {1, 2}));
    }

    @Test
    void choleskySolvesSeveralRightHandSidesAndRejectsSingularMatrices() {
        double[][] a = Harness.gram(Harness.gaussian(6, 9, 4));
        double[] b1 = {1, 2, 3, 4, 5, 6};
        double[] b2 = {-1, 0, 1, 0, -1, 2};
        double[][] x = SmallLinearAlgebra.choleskySolve(a, 1e-12, b1, b2);
        double[][] rhs = {b1, b2};
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 6; i++) {
                double s = 0;
                for (int j = 0; j < 6; j++) {
                    s += a[i][j] * x[r][j];
                }
                assertEquals(rhs[r][i], s, 1e-10);
            }
        }
        double[][] singular = Harness.gram(new double[][] {{1, 2}, {2, 4}});
        assertNull(SmallLinearAlgebra.choleskySolve(singular, 1e-12, new double[] {1, 1}));
    }
}
