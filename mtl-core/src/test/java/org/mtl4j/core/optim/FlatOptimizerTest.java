package org.mtl4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * The CPU host-loop updaters against the ND4J-op updaters, against DL4J's updaters where the
 * conventions coincide, and against an independent double-precision re-computation of PyTorch's
 * rules where they do not (heavy-ball momentum, Adam's ε placement); 20 steps each, float and
 * double. Compared: the parameter displacement {@code θ_20 − θ_0}, norm-wise relative.
 */
class FlatOptimizerTest {
    static final int N = 1037;
    static final int STEPS = 20;
    static final double LR = 0.05;

    static List<double[]> gradients(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<double[]> gs = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            double[] g = new double[N];
            for (int i = 0; i < N; i++) {
                g[i] = 0.1 * r.nextGaussian() + (i % 7 == 0 ? 0.3 : 0);
            }
            gs.add(g);
        }
        return gs;
    }

    static double[] start() {
        SplittableRandom r = new SplittableRandom(99);
        double[] p = new double[N];
        for (int i = 0; i < N; i++) {
            p[i] = r.nextGaussian();
        }
        return p;
    }

    static INDArray vec(double[] v, DataType dt) {
        INDArray a = Nd4j.createFromArray(v.clone());
        return dt == DataType.DOUBLE ? a : a.castTo(dt);
    }

    /** Runs an optimiser 20 steps (with a learning rate that changes when {@code varyLr}) and returns θ_20. */
    static double[] run(FlatOptimizer opt, INDArray params, List<double[]> gs) {
        for (int s = 0; s < STEPS; s++) {
            opt.step(params, vec(gs.get(s), params.dataType()), LR);
        }
        return params.castTo(DataType.DOUBLE).toDoubleVector();
    }

    static double displacementError(double[] a, double[] b, double[] p0) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += (b[i] - p0[i]) * (b[i] - p0[i]);
        }
        return Math.sqrt(num / den);
    }

    static double tol(DataType dt) {
        return dt == DataType.DOUBLE ? 1e-12 : 2e-6;
    }

    static List<OptimizerConfig> configs() {
        return List.of(Sgd.of(LR), new Sgd(LR, 0.9, false, 0), new Sgd(LR, 0.9, true, 0), new Sgd(LR, 0, false, 0.01),
                new Sgd(LR, 0.8, true, 0.02), Adam.of(LR), new Adam(LR, 0.8, 0.99, 1e-6, 0.01, false),
                new Adam(LR, 0.9, 0.999, 1e-8, 0.05, true));
    }

    static FlatOptimizer nd4jPath(OptimizerConfig c, INDArray p) {
        return c instanceof Sgd s ? new SgdOptimizer(s, p) : new AdamOptimizer((Adam) c, p);
    }

    @Test
    void hostLoopAndNd4jOpsGiveTheSameParameters() {
        double[] p0 = start();
        List<double[]> gs = gradients(1);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (OptimizerConfig c : configs()) {
                INDArray a = vec(p0, dt);
                INDArray b = vec(p0, dt);
                FlatOptimizer host = c.create(a);
                assertTrue(host instanceof HostSgdOptimizer || host instanceof HostAdamOptimizer, "CPU picks the host loop");
                double err = displacementError(run(host, a, gs), run(nd4jPath(c, b), b, gs), p0);
                assertTrue(err <= tol(dt), c + " " + dt + ": host vs ND4J ops " + err);
            }
        }
    }

    /** DL4J: update = updater(g [+ λθ]) [+ η λ θ], θ ← θ − update. */
    static double[] runDl4j(IUpdater cfg, double l2, double decoupled, DataType dt, double[] p0, List<double[]> gs) {
        INDArray p = vec(p0, dt);
        long state = cfg.stateSize(N);
        GradientUpdater<?> u = cfg.instantiate(state == 0 ? null : Nd4j.zeros(dt, 1, state), true);
        for (int s = 0; s < STEPS; s++) {
            INDArray g = vec(gs.get(s), dt);
            if (l2 > 0) {
                new L2Regularization(l2).apply(p, g, LR, s, 0);
            }
            u.applyUpdater(g, s, 0);
            if (decoupled > 0) {
                new WeightDecay(decoupled, true).apply(p, g, LR, s, 0);
            }
            p.subi(g);
        }
        return p.castTo(DataType.DOUBLE).toDoubleVector();
    }

    @Test
    void equalToDl4jUpdatersWhereTheConventionsCoincide() {
        double[] p0 = start();
        List<double[]> gs = gradients(2);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double t = dt == DataType.DOUBLE ? 1e-12 : 5e-6;
            check("SGD", Sgd.of(LR), runDl4j(new org.nd4j.linalg.learning.config.Sgd(LR), 0, 0, dt, p0, gs), dt, p0, gs, t);
            check("SGD + L2", new Sgd(LR, 0, false, 0.01),
                    runDl4j(new org.nd4j.linalg.learning.config.Sgd(LR), 0.01, 0, dt, p0, gs), dt, p0, gs, t);
            check("Nesterov", new Sgd(LR, 0.9, true, 0), runDl4j(new Nesterovs(LR, 0.9), 0, 0, dt, p0, gs), dt, p0, gs, t);
            check("Nesterov + L2", new Sgd(LR, 0.8, true, 0.02), runDl4j(new Nesterovs(LR, 0.8), 0.02, 0, dt, p0, gs), dt, p0,
                    gs, t);
            // ε small enough that DL4J's ε placement and PyTorch's agree to rounding
            double eps = dt == DataType.DOUBLE ? 1e-30 : 1e-20;
            check("Adam", new Adam(LR, 0.9, 0.999, eps, 0, false),
                    runDl4j(new org.nd4j.linalg.learning.config.Adam(LR, 0.9, 0.999, eps), 0, 0, dt, p0, gs), dt, p0, gs, t);
            check("Adam + L2", new Adam(LR, 0.8, 0.99, eps, 0.01, false),
                    runDl4j(new org.nd4j.linalg.learning.config.Adam(LR, 0.8, 0.99, eps), 0.01, 0, dt, p0, gs), dt, p0, gs, t);
            check("AdamW", new Adam(LR, 0.9, 0.999, eps, 0.05, true),
                    runDl4j(new org.nd4j.linalg.learning.config.Adam(LR, 0.9, 0.999, eps), 0, 0.05, dt, p0, gs), dt, p0, gs, t);
        }
    }

    private static void check(String what, OptimizerConfig c, double[] dl4j, DataType dt, double[] p0, List<double[]> gs,
                              double tol) {
        INDArray a = vec(p0, dt);
        INDArray b = vec(p0, dt);
        double eh = displacementError(run(c.create(a), a, gs), dl4j, p0);
        double en = displacementError(run(nd4jPath(c, b), b, gs), dl4j, p0);
        assertTrue(eh <= tol, what + " " + dt + ": host loop vs DL4J " + eh);
        assertTrue(en <= tol, what + " " + dt + ": ND4J ops vs DL4J " + en);
    }

    /** PyTorch's SGD and Adam written out in double, independently of the classes under test. */
    static double[] reference(OptimizerConfig c, double[] p0, List<double[]> gs) {
        double[] p = p0.clone();
        double[] b1 = new double[N];
        double[] b2 = new double[N];
        for (int s = 0; s < STEPS; s++) {
            double[] g = gs.get(s).clone();
            if (c instanceof Sgd sgd) {
                for (int i = 0; i < N; i++) {
                    g[i] += sgd.weightDecay() * p[i];
                    if (sgd.momentum() > 0) {
                        b1[i] = s == 0 ? g[i] : sgd.momentum() * b1[i] + g[i];
                        g[i] = sgd.nesterov() ? g[i] + sgd.momentum() * b1[i] : b1[i];
                    }
                    p[i] -= LR * g[i];
                }
            } else {
                Adam a = (Adam) c;
                int t = s + 1;
                for (int i = 0; i < N; i++) {
                    if (a.decoupled()) {
                        p[i] *= 1 - LR * a.weightDecay();
                    } else {
                        g[i] += a.weightDecay() * p[i];
                    }
                    b1[i] = a.beta1() * b1[i] + (1 - a.beta1()) * g[i];
                    b2[i] = a.beta2() * b2[i] + (1 - a.beta2()) * g[i] * g[i];
                    double mHat = b1[i] / (1 - Math.pow(a.beta1(), t));
                    double vHat = b2[i] / (1 - Math.pow(a.beta2(), t));
                    p[i] -= LR * mHat / (Math.sqrt(vHat) + a.epsilon());
                }
            }
        }
        return p;
    }

    @Test
    void equalToAnIndependentDoubleRecomputationOfPyTorchsRules() {
        double[] p0 = start();
        List<double[]> gs = gradients(3);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (OptimizerConfig c : configs()) {
                double[] ref = reference(c, p0, gs);
                INDArray a = vec(p0, dt);
                INDArray b = vec(p0, dt);
                double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
                double eh = displacementError(run(c.create(a), a, gs), ref, p0);
                double en = displacementError(run(nd4jPath(c, b), b, gs), ref, p0);
                assertTrue(eh <= tol, c + " " + dt + ": host loop vs reference " + eh);
                assertTrue(en <= tol, c + " " + dt + ": ND4J ops vs reference " + en);
            }
        }
    }

    @Test
    void stateMovesBetweenTheTwoImplementations() {
        double[] p0 = start();
        List<double[]> gs = gradients(4);
        for (OptimizerConfig c : List.of(new Sgd(LR, 0.9, true, 0.01), new Adam(LR, 0.9, 0.999, 1e-8, 0.01, true))) {
            INDArray a = vec(p0, DataType.FLOAT);
            FlatOptimizer host = c.create(a);
            for (int s = 0; s < 10; s++) {
                host.step(a, vec(gs.get(s), DataType.FLOAT), LR);
            }
            Map<String, INDArray> state = host.saveState();
            INDArray b = a.dup();
            FlatOptimizer ops = nd4jPath(c, b);
            ops.loadState(state);
            FlatOptimizer host2 = c.create(a.dup());
            host2.loadState(ops.saveState());
            INDArray c2 = a.dup();
            for (int s = 10; s < STEPS; s++) {
                host.step(a, vec(gs.get(s), DataType.FLOAT), LR);
                ops.step(b, vec(gs.get(s), DataType.FLOAT), LR);
                host2.step(c2, vec(gs.get(s), DataType.FLOAT), LR);
            }
            double[] ra = a.castTo(DataType.DOUBLE).toDoubleVector();
            assertTrue(displacementError(b.castTo(DataType.DOUBLE).toDoubleVector(), ra, p0) <= 2e-6, c + ": host state into ND4J ops");
            assertTrue(displacementError(c2.castTo(DataType.DOUBLE).toDoubleVector(), ra, p0) == 0, c + ": round trip is exact");
        }
    }

    @Test
    void nonContiguousVectorsGoThroughScratch() {
        double[] p0 = start();
        List<double[]> gs = gradients(5);
        Adam c = Adam.of(LR);
        INDArray big = Nd4j.zeros(DataType.FLOAT, N, 2);
        INDArray col = big.getColumn(0);
        col.assign(vec(p0, DataType.FLOAT));
        FlatOptimizer host = c.create(col);
        assertInstanceOf(HostAdamOptimizer.class, host);
        INDArray ref = vec(p0, DataType.FLOAT);
        double[] r = run(c.create(ref), ref, gs);
        double[] got = run(host, col, gs);
        assertTrue(displacementError(got, r, p0) == 0, "strided parameters give the same result");
        assertTrue(big.getColumn(1).sumNumber().doubleValue() == 0, "the other column is untouched");
    }
}
