package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.Diagnostics;
import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.HeadPolicy;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.weighting.solver.NashBargainingSolver;

/** FairGrad: α = 1 is Nash-MTL, the α-fair equation holds, closed forms, fallback. */
class FairGradTest {

    @Test
    void alphaOneEqualsTheNashBargainingSolution() {
        for (int m : new int[] {2, 3, 4, 6}) {
            for (long seed = 0; seed < 5; seed++) {
                double[][] j = Harness.gaussian(m, 10, 31 * m + seed);
                double[][] g = Harness.gram(j);
                double[] w = FairGradConfig.defaults().create(m).weigh(g, Harness.ones(m), Harness.step(1, 1)).weights();
                double[] nash = NashBargainingSolver.defaults().solve(g).alpha();
                Harness.assertClose(nash, w, 1e-9, "m=" + m + " seed=" + seed);
            }
        }
    }

    @Test
    void theAlphaFairEquationHolds() {
        for (double alpha : new double[] {0.3, 0.5, 2, 5, 20}) {
            for (int m : new int[] {2, 3, 5}) {
                double[][] j = Harness.gaussian(m, 8, 7 * m + (long) (alpha * 10));
                double[][] g = Harness.gram(j);
                double[] w = FairGradConfig.of(alpha).create(m).weigh(g, Harness.ones(m), Harness.step(1, 1)).weights();
                double[] gw = JacobianMath.multiply(g, w);
                for (int i = 0; i < m; i++) {
                    assertTrue(w[i] > 0, "w > 0");
                    assertEquals(Math.pow(w[i], -1 / alpha), gw[i], 1e-9 * Math.abs(gw[i]), "α=" + alpha + " m=" + m + " i=" + i);
                }
            }
        }
    }

    @Test
    void orthogonalGradientsHaveTheClosedForm() {
        // G = diag(n_i²): n_i² w_i = w_i^{−1/α}  ⇒  w_i = n_i^{−2α/(α+1)}
        double[][] j = {{0.5, 0, 0}, {0, 3, 0}, {0, 0, 40}};
        for (double alpha : new double[] {0.5, 1, 3}) {
            double[] w = FairGradConfig.of(alpha).create(3).weigh(Harness.gram(j), Harness.ones(3), Harness.step(1, 1)).weights();
            double[] n = {0.5, 3, 40};
            for (int i = 0; i < 3; i++) {
                assertEquals(Math.pow(n[i], -2 * alpha / (alpha + 1)), w[i], 1e-12 * w[i], "α=" + alpha + " i=" + i);
            }
        }
    }

    @Test
    void zeroGradientsGetZeroWeightAndImpossibleAllocationsFallBack() {
        double[][] j = {{1, 0}, {0, 0}, {0, 2}};
        double[] w = FairGradConfig.defaults().create(3).weigh(Harness.gram(j), Harness.ones(3), Harness.step(1, 1)).weights();
        Harness.assertClose(new double[] {1, 0, 0.5}, w, 1e-12, "inactive task weight 0, the others solved");
        double[][] opposite = {{1, 2}, {-1, -2}};
        FairGrad previous = FairGradConfig.defaults().create(2);
        StepWeights ok = previous.weigh(Harness.gram(new double[][] {{1, 0}, {0, 1}}), Harness.ones(2), Harness.step(1, 1));
        StepWeights fb = previous.weigh(Harness.gram(opposite), Harness.ones(2), Harness.step(2, 1));
        assertTrue(fb.diagnostics().fallbackUsed() && fb.diagnostics().outcome() == Diagnostics.Outcome.FAILED);
        Harness.assertClose(ok.weights(), fb.weights(), 0, "USE_PREVIOUS");
        StepWeights uniform = new FairGradConfig(1, FallbackPolicy.USE_UNIFORM).create(2).weigh(Harness.gram(opposite),
                Harness.ones(2), Harness.step(1, 1));
        Harness.assertClose(new double[] {0.5, 0.5}, uniform.weights(), 0, "USE_UNIFORM");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FairGradConfig(1, FallbackPolicy.FAIL).create(2)
                .weigh(Harness.gram(opposite), Harness.ones(2), Harness.step(1, 1)));
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());
        assertEquals(HeadPolicy.WEIGHTED, FairGradConfig.defaults().create(2).referenceHeadPolicy());
        assertThrows(IllegalArgumentException.class, () -> FairGradConfig.of(0));
    }
}
