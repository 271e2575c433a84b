package org.mtl4j.weighting.bilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtl4j.core.grad.NonFiniteException;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.UpperLevelData;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.core.weighting.BilevelWeighting;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MOML and FORUM as {@link BilevelWeighting}s on the quadratic problem, whose hypergradients and
 * constraint gradients are known in closed form: every number the strategies produce is
 * recomputed here independently.
 */
class BilevelStrategyTest {
    private static final double ETA = 0.2;
    private static final double MU = 0.05;
    private static final double MODEL_LR = 0.1;
    private static final double[] OMEGA0 = {0.7, -0.4, 1.1, 0.0};

    private static StepInfo info(long t, int epoch) {
        return new StepInfo(t, epoch, new SplittableRandom(t), List.of());
    }

    private static MomlConfig momlEwSgd(int t) {
        return new MomlConfig(t, ETA, MU, OuterOptimizer.SGD, UpperCombination.EW, UpperLevelData.TRAINING_BATCHES, 0.01,
                new double[0]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void momlMovesAlphaAlongTheClosedFormHypergradients(int t) {
        QuadraticBilevel p = new QuadraticBilevel(3, 4, 5);
        QuadraticBilevel.Context ctx = p.context(OMEGA0, MODEL_LR);
        Moml moml = momlEwSgd(t).create(3);
        double[] alpha0 = moml.logits();
        StepWeights sw = moml.step(ctx, info(1, 0));
        double[] alpha1 = moml.logits();
        for (int a = 0; a < 3; a++) {
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                sum += p.closedFormHypergradient(i, alpha0, OMEGA0, t, ETA)[a];
            }
            assertEquals(alpha0[a] - MU * sum, alpha1[a], 1e-10, "alpha[" + a + "] after one step, T = " + t);
        }
        double[] s = QuadraticBilevel.softmax(alpha1);
        assertArrayEquals(s, sw.weights(), 1e-15);
        // model update: mean of the weighted gradients on the lower and the upper batch, at the restored start point
        double[] expected = new double[4];
        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 4; k++) {
                expected[k] += 0.5 * s[j] * (OMEGA0[k] - p.c[j][k]) + 0.5 * s[j] * (OMEGA0[k] - p.d[j][k]);
            }
        }
        assertArrayEquals(expected, ctx.lastUpdate.toDoubleVector(), 1e-12);
        INDArray start = Nd4j.createFromArray(OMEGA0.clone());
        assertArrayEquals(start.sub(ctx.lastUpdate.mul(MODEL_LR)).toDoubleVector(), ctx.omega(), 0.0,
                "the inner loop leaves no trace: ω = ω_0 − lr·update exactly");
        assertEquals(1, ctx.lowerDraws);
        assertEquals(1, ctx.upperDraws);
    }

    @Test
    void momlCombinesNormalisedHypergradientsByMgda() {
        QuadraticBilevel p = new QuadraticBilevel(2, 4, 17);
        QuadraticBilevel.Context ctx = p.context(OMEGA0, MODEL_LR);
        MomlConfig cfg = new MomlConfig(1, ETA, MU, OuterOptimizer.SGD, UpperCombination.MGDA_L2,
                UpperLevelData.TRAINING_BATCHES, 0.01, new double[0]);
        Moml moml = cfg.create(2);
        double[] alpha0 = moml.logits();
        moml.step(ctx, info(1, 0));
        double[][] h = new double[2][];
        for (int i = 0; i < 2; i++) {
            h[i] = p.closedFormHypergradient(i, alpha0, OMEGA0, 1, ETA);
            double n = Math.hypot(h[i][0], h[i][1]);
            h[i][0] /= n;
            h[i][1] /= n;
        }
        double g11 = h[0][0] * h[0][0] + h[0][1] * h[0][1];
        double g22 = h[1][0] * h[1][0] + h[1][1] * h[1][1];
        double g12 = h[0][0] * h[1][0] + h[0][1] * h[1][1];
        double gamma = g12 >= g11 ? 1 : g12 >= g22 ? 0 : (g22 - g12) / (g11 + g22 - 2 * g12);
        for (int a = 0; a < 2; a++) {
            double dir = gamma * h[0][a] + (1 - gamma) * h[1][a];
            assertEquals(alpha0[a] - MU * dir, moml.logits()[a], 1e-10);
        }
    }

    @Test
    void withOneTaskAlphaNeverMoves() {
        QuadraticBilevel p = new QuadraticBilevel(1, 3, 2);
        MomlConfig cfg = MomlConfig.defaults();
        Moml moml = cfg.create(1);
        QuadraticBilevel.Context ctx = p.context(new double[] {1, 2, 3}, MODEL_LR);
        for (int t = 1; t <= 3; t++) {
            assertArrayEquals(new double[] {1.0}, moml.step(ctx, info(t, 0)).weights(), 0.0);
        }
        assertArrayEquals(new double[] {0.0}, moml.logits(), 0.0);
    }

    @Test
    void forumDirectionIsRecomputedIndependently() {
        QuadraticBilevel p = new QuadraticBilevel(3, 4, 23);
        QuadraticBilevel.Context ctx = p.context(OMEGA0, MODEL_LR);
        int t = 5;
        double rho = 0.3;
        ForumConfig cfg = new ForumConfig(rho, t, ETA, MU, OuterOptimizer.SGD, MomentumIndex.PER_ITERATION, true, 1e5,
                ForumQpMethod.REDUCED, UpperLevelData.TRAINING_BATCHES, new double[0]);
        Forum forum = cfg.create(3);
        double[] alpha0 = forum.logits();
        double[] s = QuadraticBilevel.softmax(alpha0);
        forum.step(ctx, info(1, 0));
        // independent pieces: q_ω = Σ s_j (ω − c_j), q_α = J_s (ℓ(ω) − ℓ(ω̃^T)), b̂_i = (ω − d_i)/(‖ω − d_i‖ + 1e-8)
        double[] omegaT = p.unroll(alpha0, OMEGA0, t, ETA);
        double[] qOmega = new double[4];
        double[] diff = new double[3];
        double[][] bHat = new double[3][4];
        for (int j = 0; j < 3; j++) {
            diff[j] = QuadraticBilevel.half2(OMEGA0, p.c[j]) - QuadraticBilevel.half2(omegaT, p.c[j]);
            double n = 0;
            for (int k = 0; k < 4; k++) {
                qOmega[k] += s[j] * (OMEGA0[k] - p.c[j][k]);
                bHat[j][k] = OMEGA0[k] - p.d[j][k];
                n += bHat[j][k] * bHat[j][k];
            }
            for (int k = 0; k < 4; k++) {
                bHat[j][k] /= Math.sqrt(n) + 1e-8;
            }
        }
        double sd = s[0] * diff[0] + s[1] * diff[1] + s[2] * diff[2];
        double[] qAlpha = new double[3];
        for (int j = 0; j < 3; j++) {
            qAlpha[j] = s[j] * (diff[j] - sd);
        }
        double[][] gram = forum.lastGram();
        double qq = 0;
        for (int k = 0; k < 4; k++) {
            qq += qOmega[k] * qOmega[k];
        }
        for (double a : qAlpha) {
            qq += a * a;
        }
        assertEquals(qq, gram[3][3], 1e-12);
        for (int i = 0; i < 3; i++) {
            double bq = 0;
            for (int k = 0; k < 4; k++) {
                bq += bHat[i][k] * qOmega[k];
            }
            assertEquals(bq, gram[i][3], 1e-12);
            assertEquals(1.0, gram[i][i], 1e-7);
        }
        ForumCombiner.Weights w = forum.lastCombination();
        double[] lt = w.lambdaTilde();
        double[] expectedD = new double[4];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 3; i++) {
                expectedD[k] += lt[i] * bHat[i][k];
            }
            expectedD[k] += w.nu() * qOmega[k];
        }
        assertArrayEquals(expectedD, ctx.lastUpdate.toDoubleVector(), 1e-10);
        for (int a = 0; a < 3; a++) {
            assertEquals(alpha0[a] - MU * w.nu() * qAlpha[a], forum.logits()[a], 1e-12);
        }
        double inner = 0;
        for (int k = 0; k < 4; k++) {
            inner += qOmega[k] * expectedD[k];
        }
        for (int a = 0; a < 3; a++) {
            inner += qAlpha[a] * w.nu() * qAlpha[a];
        }
        assertTrue(inner >= rho * qq - 1e-9, "barrier property ⟨q, D⟩ ≥ ρ‖q‖²");
        INDArray start = Nd4j.createFromArray(OMEGA0.clone());
        assertArrayEquals(start.sub(ctx.lastUpdate.mul(MODEL_LR)).toDoubleVector(), ctx.omega(), 0.0,
                "the inner loop leaves no trace");
    }

    @Test
    void forumMomentumFollowsTheConfiguredCounter() {
        QuadraticBilevel p = new QuadraticBilevel(3, 4, 31);
        for (MomentumIndex mi : MomentumIndex.values()) {
            Forum forum = ForumConfig.defaults().withMomentum(mi).create(3);
            QuadraticBilevel.Context ctx = p.context(OMEGA0, MODEL_LR);
            forum.step(ctx, info(1, 0));
            forum.step(ctx, info(2, 0));
            double expectedBeta = mi == MomentumIndex.PER_EPOCH ? 1.0 : Math.pow(2, -0.75);
            assertEquals(expectedBeta, forum.lastCombination().beta(), 1e-15, mi.name());
            assertArrayEquals(forum.lastCombination().solution().lambda(),
                    mi == MomentumIndex.PER_EPOCH ? forum.lastCombination().lambdaTilde() : forum.lastCombination().solution().lambda(),
                    1e-12);
        }
    }

    @Test
    void stateRoundTripsAndResetReturnsToTheStart() {
        QuadraticBilevel p = new QuadraticBilevel(2, 4, 41);
        for (BilevelWeighting s : List.<BilevelWeighting>of(MomlConfig.defaults().create(2), ForumConfig.defaults().create(2))) {
            QuadraticBilevel.Context ctx = p.context(OMEGA0, MODEL_LR);
            s.step(ctx, info(1, 0));
            Map<String, double[]> state = s.saveState();
            StepWeights next = s.step(ctx, info(2, 0));
            BilevelWeighting copy = (BilevelWeighting) s.config().create(2);
            copy.loadState(state);
            QuadraticBilevel.Context ctx2 = p.context(OMEGA0, MODEL_LR);
            ctx2.params.assign(ctx.params.add(ctx.lastUpdate.mul(MODEL_LR)));
            assertArrayEquals(next.weights(), copy.step(ctx2, info(2, 0)).weights(), 1e-15, s.getClass().getSimpleName());
            s.reset();
            assertArrayEquals(new double[] {0.5, 0.5}, s.step(p.context(OMEGA0, MODEL_LR), info(1, 0)).weights(), 0.1);
        }
    }

    @Test
    void missingUpperDataIsAClearError() {
        QuadraticBilevel p = new QuadraticBilevel(2, 3, 1);
        for (BilevelWeighting s : List.<BilevelWeighting>of(MomlConfig.defaults().create(2),
                ForumConfig.defaults().withUpperData(UpperLevelData.VALIDATION_SPLIT).create(2))) {
            QuadraticBilevel.Context ctx = p.context(new double[] {0, 0, 0}, MODEL_LR);
            ctx.serveUpper = false;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.step(ctx, info(1, 0)));
            assertTrue(e.getMessage().contains("needs upper-level batches (upperData = " + s.upperLevelData()), e.getMessage());
        }
    }

    @Test
    void nonFiniteGradientsAreReportedNotPropagated() {
        QuadraticBilevel p = new QuadraticBilevel(2, 3, 1);
        for (BilevelWeighting s : List.<BilevelWeighting>of(MomlConfig.defaults().create(2), momlEwSgd(3).create(2),
                ForumConfig.defaults().create(2))) {
            QuadraticBilevel.Context ctx = p.context(new double[] {0, 0, 0}, MODEL_LR);
            ctx.poison = true;
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> s.step(ctx, info(1, 0)),
                    s.getClass().getSimpleName());
            assertTrue(e.getMessage().contains("not finite"), e.getMessage());
        }
    }

    @Test
    void configurationsValidateAndAreRegisteredByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MomlConfig.defaults().withInnerSteps(0));
        assertTrue(e.getMessage().contains("innerSteps T must be >= 1, found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForumConfig.defaults().withInnerSteps(-2));
        assertTrue(e.getMessage().contains("innerSteps T must be >= 1, found -2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForumConfig.defaults().withRho(0));
        assertTrue(e.getMessage().contains("rho must be > 0, found 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MomlConfig.defaults().withInitialWeights(0.7, 0.7));
        assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForumConfig.defaults().withInitialWeights(-0.5, 1.5));
        assertTrue(e.getMessage().contains("initial task weight 0 must be > 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MomlConfig.defaults().withInitialWeights(0.5, 0.5).create(3));
        assertTrue(e.getMessage().contains("initialWeights has 2 entries, expected one per task (3)"), e.getMessage());
        WeightingRegistry reg = WeightingRegistry.load();
        assertEquals(MomlConfig.class, reg.find("moml").configType());
        assertEquals(ForumConfig.class, reg.find("forum").configType());
        ForumConfig f = (ForumConfig) reg.configure("forum", Map.of("upperData", "validation-split", "innerSteps", "3",
                "momentum", "per-iteration", "initialWeights", "0.25,0.75"));
        assertEquals(UpperLevelData.VALIDATION_SPLIT, f.upperData());
        assertEquals(3, f.innerSteps());
        assertArrayEquals(new double[] {0.25, 0.75}, f.initialWeights());
        assertEquals("VALIDATION_SPLIT", WeightingRegistry.resolvedParams(f).get("upperData"));
        e = assertThrows(IllegalArgumentException.class, () -> reg.configure("moml", Map.of("innerSteps", "0")));
        assertTrue(e.getMessage().contains("innerSteps T must be >= 1, found 0"), e.getMessage());
        assertEquals(f, reg.configure("forum", Map.of("upperData", "VALIDATION_SPLIT", "innerSteps", "3",
                "momentum", "PER_ITERATION", "initialWeights", "0.25, 0.75")));
    }
}
