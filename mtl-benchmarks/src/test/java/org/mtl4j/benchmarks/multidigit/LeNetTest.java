package org.mtl4j.benchmarks.multidigit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.model.Dl4jModule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LeNetTest {

    @Test
    void shapesAndParameterCounts() {
        Dl4jModule enc36 = LeNet.encoder(1, 36, DataType.FLOAT);
        // conv1 10·1·9·9 + 10, conv2 20·10·5·5 + 20, dense 500·50 + 50
        assertEquals(820 + 5020 + 25050, enc36.numParams());
        Dl4jModule enc28 = LeNet.encoder(1, 28, DataType.FLOAT);
        assertEquals(820 + 5020 + 180 * 50 + 50, enc28.numParams());
        assertEquals(500, LeNet.flattenedSize(36));
        assertEquals(180, LeNet.flattenedSize(28));
        var model36 = org.mtl4j.core.model.HpsModel.of(tasks(2), enc36, LeNet.heads(1, DataType.FLOAT, 2));
        INDArray z = model36.encoder().forward(Nd4j.rand(DataType.FLOAT, 3, 1, 36, 36), false);
        assertArrayEquals(new long[] {3, 50}, z.shape());
        INDArray[] outs = model36.heads().forward(new INDArray[] {z, z}, false);
        assertArrayEquals(new long[] {3, 10}, outs[0].shape());
        assertArrayEquals(new long[] {3, 10}, outs[1].shape());
        var model28 = org.mtl4j.core.model.HpsModel.of(tasks(1), enc28, LeNet.heads(1, DataType.FLOAT, 1));
        assertArrayEquals(new long[] {2, 50}, model28.encoder().forward(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), false).shape());
        assertEquals(2 * 510, LeNet.heads(1, DataType.FLOAT, 2).stream().mapToLong(Dl4jModule::numParams).sum());
    }

    private static org.mtl4j.core.task.TaskSet tasks(int m) {
        java.util.List<org.mtl4j.core.task.Task> ts = new java.util.ArrayList<>();
        for (int i = 0; i < m; i++) {
            ts.add(org.mtl4j.core.task.Task.of("t" + i, org.mtl4j.core.loss.SoftmaxCrossEntropy.withoutIgnoreIndex(),
                    org.mtl4j.core.metric.Accuracy.defaults()));
        }
        return org.mtl4j.core.task.TaskSet.of(ts);
    }

    @Test
    void badSidesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeNet.encoder(1, 30, DataType.FLOAT));
        assertTrue(e.getMessage().contains("found 30"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LeNet.flattenedSize(16));
        assertThrows(IllegalArgumentException.class, () -> LeNet.heads(1, DataType.FLOAT, 0));
    }

    @Test
    void initialisationIsPyTorchsUniformAndSeeded() {
        Dl4jModule a = LeNet.encoder(7, 36, DataType.FLOAT);
        Dl4jModule b = LeNet.encoder(7, 36, DataType.FLOAT);
        Dl4jModule c = LeNet.encoder(8, 36, DataType.FLOAT);
        assertEquals(a.network().params(), b.network().params());
        assertNotEquals(a.network().params(), c.network().params());
        long[] fanIns = {81, 250, 500};
        int k = 0;
        for (Layer layer : a.network().getLayers()) {
            Map<String, INDArray> table = layer.paramTable();
            if (!table.containsKey("W")) {
                continue;
            }
            double bound = 1 / Math.sqrt(fanIns[k++]);
            for (String p : List.of("W", "b")) {
                INDArray v = table.get(p);
                double max = v.amaxNumber().doubleValue();
                assertTrue(max <= bound, p + " of layer " + k + ": max |v| " + max + " > bound " + bound);
                if (v.length() >= 500) {
                    // uniform on [-bound, bound]: the largest of ≥ 500 draws is close to the bound, the mean near 0
                    assertTrue(max > 0.95 * bound, p + " of layer " + k + ": max |v| " + max + " far below " + bound);
                    assertEquals(0, v.meanNumber().doubleValue(), 0.1 * bound);
                    double var = v.varNumber().doubleValue();
                    assertEquals(bound * bound / 3, var, 0.15 * bound * bound / 3);
                }
            }
        }
        assertEquals(3, k);
        List<Dl4jModule> heads = LeNet.heads(7, DataType.FLOAT, 2);
        assertNotEquals(heads.get(0).network().params(), heads.get(1).network().params());
        assertTrue(heads.get(0).network().params().amaxNumber().doubleValue() <= 1 / Math.sqrt(50));
    }

    /**
     * The DL4J network against an independent reference written from the architecture description:
     * valid convolutions, ReLU, 2×2 max-pools, flatten in (channel, row, column) order, dense + ReLU.
     */
    @Test
    void forwardMatchesAReferenceImplementation() {
        Dl4jModule enc = LeNet.encoder(3, 36, DataType.DOUBLE);
        var model = org.mtl4j.core.model.HpsModel.of(tasks(1), enc, LeNet.heads(3, DataType.DOUBLE, 1));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 36, 36);
        INDArray z = model.encoder().forward(x, false);
        List<Layer> layers = List.of(enc.network().getLayers());
        double[][][][] w1 = weights4(layers.get(0).getParam("W"));
        double[] b1 = layers.get(0).getParam("b").toDoubleVector();
        double[][][][] w2 = weights4(layers.get(2).getParam("W"));
        double[] b2 = layers.get(2).getParam("b").toDoubleVector();
        double[][] wd = layers.get(4).getParam("W").toDoubleMatrix();
        double[] bd = layers.get(4).getParam("b").toDoubleVector();
        for (int n = 0; n < 2; n++) {
            double[][][] img = new double[1][36][36];
            for (int r = 0; r < 36; r++) {
                for (int c = 0; c < 36; c++) {
                    img[0][r][c] = x.getDouble(n, 0, r, c);
                }
            }
            double[][][] h = pool(relu(conv(img, w1, b1)));
            h = pool(relu(conv(h, w2, b2)));
            double[] flat = new double[500];
            int f = 0;
            for (double[][] ch : h) {
                for (double[] row : ch) {
                    for (double v : row) {
                        flat[f++] = v;
                    }
                }
            }
            for (int o = 0; o < 50; o++) {
                double s = bd[o];
                for (int i = 0; i < 500; i++) {
                    s += flat[i] * wd[i][o];
                }
                assertEquals(Math.max(0, s), z.getDouble(n, o), 1e-9, "output " + o + " of image " + n);
            }
        }
    }

    private static double[][][][] weights4(INDArray w) {
        long[] s = w.shape();
        double[][][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        for (int o = 0; o < s[0]; o++) {
            for (int i = 0; i < s[1]; i++) {
                for (int r = 0; r < s[2]; r++) {
                    for (int c = 0; c < s[3]; c++) {
                        out[o][i][r][c] = w.getDouble(o, i, r, c);
                    }
                }
            }
        }
        return out;
    }

    private static double[][][] conv(double[][][] in, double[][][][] w, double[] b) {
        int k = w[0][0].length;
        int oh = in[0].length - k + 1;
        int ow = in[0][0].length - k + 1;
        double[][][] out = new double[w.length][oh][ow];
        for (int o = 0; o < w.length; o++) {
            for (int r = 0; r < oh; r++) {
                for (int c = 0; c < ow; c++) {
                    double s = b[o];
                    for (int i = 0; i < in.length; i++) {
                        for (int kr = 0; kr < k; kr++) {
                            for (int kc = 0; kc < k; kc++) {
                                s += in[i][r + kr][c + kc] * w[o][i][kr][kc];
                            }
                        }
                    }
                    out[o][r][c] = s;
                }
            }
        }
        return out;
    }

    private static double[][][] relu(double[][][] a) {
        for (double[][] ch : a) {
            for (double[] row : ch) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = Math.max(0, row[c]);
                }
            }
        }
        return a;
    }

    private static double[][][] pool(double[][][] a) {
        double[][][] out = new double[a.length][a[0].length / 2][a[0][0].length / 2];
        for (int ch = 0; ch < a.length; ch++) {
            for (int r = 0; r < out[0].length; r++) {
                for (int c = 0; c < out[0][0].length; c++) {
                    out[ch][r][c] = Math.max(Math.max(a[ch][2 * r][2 * c], a[ch][2 * r][2 * c + 1]),
                            Math.max(a[ch][2 * r + 1][2 * c], a[ch][2 * r + 1][2 * c + 1]));
                }
            }
        }
        return out;
    }

    /**
     * The gradient engine runs one forward and then one backward per task: a second backward after
     * one forward must give the gradient a fresh forward + backward gives.
     */
    @Test
    void repeatedBackwardAfterOneForwardIsExact() {
        Dl4jModule enc = LeNet.encoder(5, 36, DataType.DOUBLE);
        var model = org.mtl4j.core.model.HpsModel.of(tasks(1), enc, LeNet.heads(5, DataType.DOUBLE, 1));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 1, 36, 36);
        INDArray e1 = Nd4j.randn(DataType.DOUBLE, 4, 50);
        INDArray e2 = Nd4j.randn(DataType.DOUBLE, 4, 50);
        model.encoder().forward(x, true);
        model.encoder().backward(e1, false);
        INDArray g1 = model.encoder().gradients().dup();
        model.encoder().backward(e2, false);
        INDArray g2 = model.encoder().gradients().dup();
        model.encoder().forward(x, true);
        model.encoder().backward(e2, false);
        assertEquals(g2, model.encoder().gradients());
        model.encoder().forward(x, true);
        model.encoder().backward(e1, false);
        assertEquals(g1, model.encoder().gradients());
        // linear in the output gradient
        model.encoder().forward(x, true);
        model.encoder().backward(e1.add(e2), false);
        assertTrue(g1.add(g2).equalsWithEps(model.encoder().gradients(), 1e-10));
    }

    /** Finite differences in double on weights of every layer, for L = Σ z ⊙ r (the output gradient is r). */
    @Test
    void gradientsMatchFiniteDifferences() {
        Dl4jModule enc = LeNet.encoder(11, 28, DataType.DOUBLE);
        var model = org.mtl4j.core.model.HpsModel.of(tasks(1), enc, LeNet.heads(11, DataType.DOUBLE, 1));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 1, 28, 28);
        INDArray r = Nd4j.randn(DataType.DOUBLE, 3, 50);
        model.encoder().forward(x, true);
        model.encoder().backward(r, false);
        INDArray grad = model.encoder().gradients().dup();
        INDArray params = model.encoder().params();
        long[] probes = {0, 400, 815, 820 + 2500, 820 + 5019, 820 + 5020 + 100, params.length() - 1};
        double h = 1e-6;
        for (long p : probes) {
            double old = params.getDouble(p);
            params.putScalar(p, old + h);
            double up = model.encoder().forward(x, false).mul(r).sumNumber().doubleValue();
            params.putScalar(p, old - h);
            double down = model.encoder().forward(x, false).mul(r).sumNumber().doubleValue();
            params.putScalar(p, old);
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, grad.getDouble(p), 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + p);
        }
    }

    /**
     * The native encoder starts from the DL4J encoder's parameters and computes the same function:
     * outputs, parameter gradients of two backward passes after one forward, in double (1e-12) and
     * float (1e-5), on images with a zero background like the real composites (so pooling windows tie).
     */
    @Test
    void nativeEncoderMatchesTheDl4jEncoder() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
            org.mtl4j.core.model.Module dl4j = LeNet.encoder(3, 36, dt, LeNet.EncoderPath.DL4J);
            org.mtl4j.core.model.Module fast = LeNet.encoder(3, 36, dt, LeNet.EncoderPath.NATIVE);
            assertTrue(fast instanceof org.mtl4j.core.model.nd4j.ConvStack);
            assertEquals(dl4j.numParams(), fast.numParams());
            dl4j.bind(Nd4j.create(dt, dl4j.numParams()), Nd4j.create(dt, dl4j.numParams()));
            fast.bind(Nd4j.create(dt, fast.numParams()), Nd4j.create(dt, fast.numParams()));
            assertEquals(dl4j.params(), fast.params(), "same initial parameters for the seed");
            INDArray x = Nd4j.rand(dt, 8, 1, 36, 36);
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 12), org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(0);
            INDArray ref = dl4j.forward(x, true).dup();
            assertTrue(rel(fast.forward(x, true), ref) <= tol, dt + " forward");
            for (int task = 0; task < 2; task++) {
                INDArray g = Nd4j.randn(dt, 8, 50);
                dl4j.backward(g, false);
                fast.backward(g, false);
                assertTrue(rel(fast.gradients(), dl4j.gradients()) <= tol, dt + " gradient of backward " + task + ": "
                        + rel(fast.gradients(), dl4j.gradients()));
            }
        }
    }

    /** Both paths of the whole model (encoder and heads) start from the same flat parameters and give the same outputs. */
    @Test
    void nativeModelMatchesTheDl4jModel() {
        var dl4j = LeNet.model(tasks(3), 9, 36, DataType.DOUBLE, LeNet.EncoderPath.DL4J);
        var fast = LeNet.model(tasks(3), 9, 36, DataType.DOUBLE, LeNet.EncoderPath.NATIVE);
        assertTrue(fast.heads() instanceof org.mtl4j.core.model.nd4j.FusedLinearHeads);
        assertEquals(dl4j.params(), fast.params());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 1, 36, 36);
        INDArray zRef = dl4j.encoder().forward(x, false).dup();
        INDArray z = fast.encoder().forward(x, false);
        assertTrue(rel(z, zRef) <= 1e-12);
        for (int t = 0; t < 3; t++) {
            INDArray outRef = dl4j.heads().forward(t, zRef, false).dup();
            assertTrue(rel(fast.heads().forward(t, z, false), outRef) <= 1e-12, "head " + t);
        }
    }

    private static double rel(INDArray a, INDArray b) {
        INDArray x = a.castTo(DataType.DOUBLE);
        INDArray y = b.castTo(DataType.DOUBLE);
        return x.sub(y).norm2Number().doubleValue() / y.norm2Number().doubleValue();
    }
}
