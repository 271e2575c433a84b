package org.mtl4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.model.nd4j.ComputeLanes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The CPU updaters on two lanes give exactly the updates they give on one (each element goes
 * through the same arithmetic, in one half or the other): SGD plain, with momentum, Nesterov and
 * weight decay, Adam and AdamW, over 20 steps, in float and double, on a parameter vector that
 * is a view into a larger buffer (as a model's flat parameters are) and on one that is not
 * contiguous (updated on one lane).
 */
class OptimizerLanesTest {
    private static final ComputeLanes TWO = ComputeLanes.two();
    private static final int N = HostSgdOptimizer.MIN_SPLIT + 1001;

    @AfterAll
    static void close() {
        TWO.close();
    }

    static INDArray random(DataType dt, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.createFromArray(v).castTo(dt);
    }

    @Test
    void twoLanesGiveTheSameUpdatesAsOne() {
        List<OptimizerConfig> configs = List.of(Sgd.of(0.05), new Sgd(0.05, 0.9, false, 0), new Sgd(0.05, 0.9, true, 1e-3),
                Adam.of(1e-2), new Adam(1e-2, 0.9, 0.999, 1e-8, 0.01, true));
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (OptimizerConfig c : configs) {
                for (boolean contiguous : new boolean[] {true, false}) {
                    INDArray backing1 = random(dt, 1, 2 * N + 10);
                    INDArray backing2 = backing1.dup();
                    INDArray p1 = contiguous ? backing1.get(NDArrayIndex.interval(7, 7 + N)) : backing1.get(NDArrayIndex.interval(0, 2, 2 * N));
                    INDArray p2 = contiguous ? backing2.get(NDArrayIndex.interval(7, 7 + N)) : backing2.get(NDArrayIndex.interval(0, 2, 2 * N));
                    assertEquals(N, p1.length());
                    FlatOptimizer one = c.create(p1, ComputeLanes.single());
                    FlatOptimizer two = c.create(p2, TWO);
                    long handOffs = TWO.stats().handOffs();
                    for (int step = 0; step < 20; step++) {
                        INDArray g = random(dt, 100 + step, N);
                        one.step(p1, g, 0.05);
                        two.step(p2, g, 0.05);
                    }
                    String at = c + " " + dt + (contiguous ? "" : " (strided)");
                    // plain SGD is BLAS axpy, whose kernels fuse the multiply-add or not depending on where a
                    // block starts: one rounding step apart; the Java loops are exact
                    boolean axpy = c instanceof Sgd sgd && sgd.momentum() == 0 && sgd.weightDecay() == 0;
                    double[] a = p1.toDoubleVector();
                    double[] b = p2.toDoubleVector();
                    for (int i = 0; i < a.length; i++) {
                        double tol = axpy ? (dt == DataType.FLOAT ? 2e-7 : 1e-15) * Math.max(1, Math.abs(a[i])) : 0.0;
                        assertEquals(a[i], b[i], tol, at + " entry " + i);
                    }
                    double[] outside1 = backing1.toDoubleVector();
                    double[] outside2 = backing2.toDoubleVector();
                    for (int i = 0; i < outside1.length; i++) {
                        boolean inside = contiguous ? i >= 7 && i < 7 + N : i % 2 == 0 && i < 2 * N;
                        if (!inside) {
                            assertEquals(outside1[i], outside2[i], 0.0, "entry " + i + " outside the vector changed: " + at);
                        }
                    }
                    long used = TWO.stats().handOffs() - handOffs;
                    assertEquals(contiguous ? 20 : 0, used, "hand-offs for " + at);
                }
            }
        }
    }

    @Test
    void shortVectorsStayOnOneLane() {
        INDArray p = random(DataType.FLOAT, 3, 100);
        long before = TWO.stats().handOffs();
        FlatOptimizer opt = Adam.of(1e-3).create(p, TWO);
        INDArray expected = p.dup();
        Adam.of(1e-3).create(expected).step(expected, random(DataType.FLOAT, 4, 100), 1e-3);
        opt.step(p, random(DataType.FLOAT, 4, 100), 1e-3);
        assertEquals(before, TWO.stats().handOffs());
        assertTrue(expected.equalsWithEps(p, 0.0));
    }
}
