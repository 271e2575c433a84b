package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native modules on their own, in double: parameter and input gradients against central finite
 * differences for every activation, fused heads with shared and per-task representations,
 * dropout masks and their gradients against an independent re-computation, buffer reuse, the
 * Xavier initialisation against DL4J's, and bad input.
 */
class NativeModulesTest {
    private static DataType prev;

    @BeforeAll
    static void doublePrecision() {
        prev = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(prev, prev);
    }

    /** Binds a module to fresh flat buffers. */
    static void bind(DenseStack s) {
        s.bind(Nd4j.zeros(DataType.DOUBLE, s.numParams()), Nd4j.zeros(DataType.DOUBLE, s.numParams()));
    }

    static INDArray randn(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape('c', shape);
    }

    /** L(θ, x) = Σ forward(x) ⊙ R (eval mode). */
    static double loss(DenseStack s, INDArray x, INDArray r) {
        return s.forward(x, false).mul(r).sumNumber().doubleValue();
    }

    @Test
    void denseStackGradientsMatchCentralFiniteDifferencesForEveryActivation() {
        for (DenseActivation act : List.of(DenseActivation.relu(), DenseActivation.leakyRelu(0.2), DenseActivation.tanh(),
                DenseActivation.sigmoid(), DenseActivation.identity())) {
            DenseStack s = new DenseStack(DenseStack.Config.mlp(DataType.DOUBLE, 11, act, 5, 7, 4));
            bind(s);
            INDArray x = randn(1, 6, 5);
            INDArray r = randn(2, 6, 4);
            s.forward(x, false);
            INDArray dx = s.backward(r, true).dup();
            INDArray g = s.gradients().dup();
            double h = 1e-6;
            INDArray p = s.params();
            double worst = 0;
            for (long k = 0; k < p.length(); k++) {
                double o = p.getDouble(k);
                p.putScalar(k, o + h);
                double lp = loss(s, x, r);
                p.putScalar(k, o - h);
                double lm = loss(s, x, r);
                p.putScalar(k, o);
                double fd = (lp - lm) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - g.getDouble(k)) / Math.max(1e-3, Math.abs(fd)));
            }
            assertTrue(worst < 1e-6, act + ": worst relative parameter-gradient error " + worst);
            worst = 0;
            for (long k = 0; k < x.length(); k++) {
                double o = x.getDouble(k);
                x.putScalar(k, o + h);
                double lp = loss(s, x, r);
                x.putScalar(k, o - h);
                double lm = loss(s, x, r);
                x.putScalar(k, o);
                double fd = (lp - lm) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - dx.getDouble(k)) / Math.max(1e-3, Math.abs(fd)));
            }
            assertTrue(worst < 1e-6, act + ": worst relative input-gradient error " + worst);
        }
    }

    @Test
    void severalBackwardPassesAfterOneForwardAreIndependent() {
        DenseStack s = new DenseStack(DenseStack.Config.mlp(DataType.DOUBLE, 3, DenseActivation.tanh(), 5, 6, 3));
        bind(s);
        INDArray x = randn(1, 4, 5);
        INDArray r1 = randn(2, 4, 3);
        INDArray r2 = randn(3, 4, 3);
        s.forward(x, true);
        s.backward(r1, false);
        INDArray g1 = s.gradients().dup();
        s.backward(r2, false);
        INDArray g2 = s.gradients().dup();
        s.backward(r1.add(r2), false);
        INDArray g12 = s.gradients().dup();
        assertTrue(g12.equalsWithEps(g1.add(g2), 1e-12), "backward is linear in the output gradient");
        s.backward(r1, false);
        assertTrue(s.gradients().equalsWithEps(g1, 0), "a repeated backward gives the same gradient");
        assertNull(s.backward(r1, false), "no input gradient unless asked");
    }

    @Test
    void batchedJacobianEqualsPerTaskBackwardPassesAndItsGramianEqualsJJt() {
        for (boolean training : new boolean[] {true, false}) {
            DenseStack s = new DenseStack(new DenseStack.Config(6, List.of(new DenseStack.LayerSpec(9, DenseActivation.leakyRelu(0.1), 0.3),
                    new DenseStack.LayerSpec(7, DenseActivation.tanh(), 0), new DenseStack.LayerSpec(5, DenseActivation.identity(), 0.2),
                    DenseStack.LayerSpec.of(4, DenseActivation.sigmoid())), DataType.DOUBLE, 4));
            bind(s);
            int m = 3;
            INDArray x = randn(1, 8, 6);
            INDArray[] g = {randn(2, 8, 4), randn(3, 8, 4), randn(4, 8, 4)};
            s.forward(x, training);
            INDArray rows = Nd4j.zeros(DataType.DOUBLE, m, s.numParams());
            double[][] gram = new double[m][m];
            s.jacobian(g, rows, gram);
            for (int i = 0; i < m; i++) {
                s.backward(g[i], false);
                assertTrue(rows.getRow(i).equalsWithEps(s.gradients(), 1e-12), "row " + i + " (training " + training + ")");
            }
            double[][] jjt = rows.mmul(rows.transpose()).toDoubleMatrix();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    assertEquals(jjt[i][j], gram[i][j], 1e-12 * Math.sqrt(jjt[i][i] * jjt[j][j]), "G[" + i + "][" + j + "]");
                }
            }
            s.jacobian(g, rows, null);
            s.backward(g[2], false);
            assertTrue(rows.getRow(2).equalsWithEps(s.gradients(), 1e-12), "repeatable, without the Gramian");
        }
    }

    @Test
    void fusedHeadsMatchPerHeadComputationForSharedAndSeparateRepresentations() {
        FusedLinearHeads heads = new FusedLinearHeads(new FusedLinearHeads.Config(6, List.of(3, 5, 3), DataType.DOUBLE, 2));
        INDArray p = Nd4j.zeros(DataType.DOUBLE, heads.numParams());
        INDArray gr = Nd4j.zeros(DataType.DOUBLE, heads.numParams());
        heads.bind(p, gr);
        assertEquals(3 * 6 + 3 + 5 * 6 + 5 + 3 * 6 + 3, heads.numParams());
        INDArray z = randn(4, 7, 6);
        INDArray[] outs = heads.forward(new INDArray[] {z, z, z}, true);
        for (int t = 0; t < 3; t++) {
            long off = heads.paramOffset(t);
            int c = t == 1 ? 5 : 3;
            INDArray wt = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + c * 6)).reshape('c', c, 6);
            INDArray bt = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off + c * 6, off + c * 6 + c)).reshape(1, c);
            INDArray expect = z.mmul(wt.transpose()).addRowVector(bt);
            assertTrue(outs[t].equalsWithEps(expect, 1e-12), "fused output of head " + t);
            INDArray delta = randn(10 + t, 7, c);
            INDArray dz = heads.backward(t, delta);
            assertTrue(dz.equalsWithEps(delta.mmul(wt), 1e-12), "representation gradient of head " + t);
            INDArray gw = gr.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + c * 6)).reshape('c', c, 6);
            INDArray gb = gr.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off + c * 6, off + c * 6 + c)).reshape(1, c);
            assertTrue(gw.equalsWithEps(delta.transpose().mmul(z), 1e-12), "weight gradient of head " + t);
            assertTrue(gb.equalsWithEps(delta.sum(true, 0), 1e-12), "bias gradient of head " + t);
        }
        // separate representations: each head reads its own
        INDArray z2 = randn(8, 7, 6);
        INDArray[] o2 = heads.forward(new INDArray[] {z, z2, z}, true);
        long off = heads.paramOffset(1);
        INDArray w1 = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + 30)).reshape('c', 5, 6);
        INDArray b1 = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off + 30, off + 35)).reshape(1, 5);
        assertTrue(o2[1].equalsWithEps(z2.mmul(w1.transpose()).addRowVector(b1), 1e-12), "head 1 on its own representation");
        INDArray delta = randn(20, 7, 5);
        heads.backward(1, delta);
        INDArray gw = gr.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + 30)).reshape('c', 5, 6);
        assertTrue(gw.equalsWithEps(delta.transpose().mmul(z2), 1e-12), "head 1 weight gradient uses its representation");
    }

    @Test
    void dropoutMasksAreInvertedBernoulliAndTheBackwardUsesThem() {
        double pDrop = 0.3;
        DenseStack.Config cfg = new DenseStack.Config(5,
                List.of(new DenseStack.LayerSpec(400, DenseActivation.tanh(), pDrop)), DataType.DOUBLE, 9);
        DenseStack s = new DenseStack(cfg);
        bind(s);
        INDArray x = randn(1, 50, 5);
        INDArray eval = s.forward(x, false).dup();
        INDArray train = s.forward(x, true).dup();
        double[] a = eval.data().asDouble();
        double[] h = train.data().asDouble();
        double[] mask = new double[a.length];
        int dropped = 0;
        for (int i = 0; i < a.length; i++) {
            double ratio = h[i] / a[i];
            if (h[i] == 0) {
                dropped++;
            } else {
                assertEquals(1 / (1 - pDrop), ratio, 1e-12, "kept units are scaled by 1/(1-p)");
            }
            mask[i] = h[i] == 0 ? 0 : 1 / (1 - pDrop);
        }
        double frac = dropped / (double) a.length;
        assertEquals(pDrop, frac, 0.01, "dropped fraction (20000 draws)");
        // backward: dW = ((R ⊙ M) ⊙ (1 − a²))ᵀ x, recomputed independently
        INDArray r = randn(2, 50, 400);
        s.backward(r, false);
        double[] rr = r.data().asDouble();
        double[] xx = x.data().asDouble();
        double[] expect = new double[400 * 5];
        for (int n = 0; n < 50; n++) {
            for (int j = 0; j < 400; j++) {
                double dz = rr[n * 400 + j] * mask[n * 400 + j] * (1 - a[n * 400 + j] * a[n * 400 + j]);
                for (int k = 0; k < 5; k++) {
                    expect[j * 5 + k] += dz * xx[n * 5 + k];
                }
            }
        }
        double[] got = s.gradients().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2000)).dup().data().asDouble();
        for (int i = 0; i < expect.length; i++) {
            assertEquals(expect[i], got[i], 1e-10 * (1 + Math.abs(expect[i])), "weight gradient " + i);
        }
        // a new training forward draws a new mask; the same seed gives the same masks
        INDArray train2 = s.forward(x, true).dup();
        assertTrue(!train2.equalsWithEps(train, 0), "masks change between forwards");
        DenseStack twin = new DenseStack(cfg);
        bind(twin);
        assertTrue(twin.forward(x, true).equalsWithEps(train, 0), "same seed, same first mask");
    }

    @Test
    void xavierInitialisationHasDl4jsDistribution() {
        DenseStack s = new DenseStack(DenseStack.Config.mlp(DataType.DOUBLE, 5, DenseActivation.relu(), 300, 200));
        bind(s);
        double[] ours = s.weight(0).dup().data().asDouble();
        assertTrue(s.bias(0).dup().data().asDouble()[0] == 0 && s.bias(0).sumNumber().doubleValue() == 0, "biases start at 0");
        var conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(300).nOut(200).activation(Activation.RELU).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        double[] theirs = net.getLayer(0).getParam("W").dup().data().asDouble();
        double var = 2.0 / (300 + 200);
        assertEquals(var, variance(ours), 0.02 * var, "variance 2/(fan_in+fan_out)");
        assertEquals(variance(theirs), variance(ours), 0.03 * var, "same variance as DL4J");
        assertEquals(0, mean(ours), 4 * Math.sqrt(var / ours.length), "zero mean");
        double ks = ksStatistic(ours, theirs);
        double critical = 1.95 * Math.sqrt(2.0 / ours.length); // two-sample KS at alpha = 0.001
        assertTrue(ks < critical, "two-sample KS statistic " + ks + " >= " + critical);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double variance(double[] v) {
        double mu = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - mu) * (x - mu);
        }
        return s / (v.length - 1);
    }

    static double ksStatistic(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            if (x[i] <= y[j]) {
                i++;
            } else {
                j++;
            }
            d = Math.max(d, Math.abs(i / (double) x.length - j / (double) y.length));
        }
        return d;
    }

    @Test
    void batchSizesCanAlternateAndOutputsAreCorrectForEach() {
        DenseStack s = new DenseStack(DenseStack.Config.mlp(DataType.DOUBLE, 3, DenseActivation.relu(), 4, 6, 2));
        bind(s);
        INDArray x10 = randn(1, 10, 4);
        INDArray x3 = x10.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray y10 = s.forward(x10, false).dup();
        INDArray y3 = s.forward(x3, false).dup();
        assertTrue(y3.equalsWithEps(y10.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), 1e-12), "a row view as input gives the same rows");
        assertTrue(s.forward(x10, false).equalsWithEps(y10, 0), "back to the first batch size");
        INDArray fl = x10.castTo(DataType.FLOAT);
        assertTrue(s.forward(fl, false).equalsWithEps(y10, 1e-6), "other input data types are cast");
    }

    @Test
    void badInputIsRejectedWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> DenseActivation.leakyRelu(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new DenseActivation(DenseActivation.Kind.RELU, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new DenseStack.LayerSpec(0, DenseActivation.relu(), 0));
        assertThrows(IllegalArgumentException.class, () -> new DenseStack.LayerSpec(3, DenseActivation.relu(), 1.0));
        assertThrows(IllegalArgumentException.class, () -> DenseStack.Config.mlp(DataType.INT, 1, DenseActivation.relu(), 3, 2));
        assertThrows(IllegalArgumentException.class, () -> DenseStack.Config.mlp(DataType.FLOAT, 1, DenseActivation.relu(), 3));
        assertThrows(IllegalArgumentException.class, () -> FusedLinearHeads.Config.uniform(0, 3, 2, DataType.FLOAT, 1));
        DenseStack s = new DenseStack(DenseStack.Config.mlp(DataType.DOUBLE, 3, DenseActivation.relu(), 4, 2));
        assertThrows(IllegalStateException.class, () -> s.forward(randn(1, 2, 4), false), "unbound");
        bind(s);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.forward(randn(1, 2, 5), false));
        assertTrue(e.getMessage().contains("[batch, 4]"), e.getMessage());
        s.forward(randn(1, 2, 4), true);
        assertThrows(IllegalArgumentException.class, () -> s.backward(randn(1, 3, 2), false));
        assertThrows(IllegalArgumentException.class, () -> new DenseStack(s.config(), Nd4j.zeros(DataType.DOUBLE, 3)));
    }
}
