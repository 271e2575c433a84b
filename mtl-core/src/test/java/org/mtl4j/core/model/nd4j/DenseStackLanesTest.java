package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense stack on two lanes computes what the same stack computes on one lane: forward outputs,
 * parameter and input gradients of repeated backward passes, the batched Jacobian and its
 * Gramian — for odd batches, a batch of one, dropout (same masks from the same seed), identity
 * layers and a one-unit layer (whose weight gradient is not split), in double (≤ 1e-12
 * relative) and float (≤ 1e-6 relative).
 */
class DenseStackLanesTest {
    private static final ComputeLanes TWO = ComputeLanes.two();

    @AfterAll
    static void close() {
        TWO.close();
    }

    static DenseStack.Config config(DataType dt) {
        return new DenseStack.Config(6, List.of(new DenseStack.LayerSpec(9, DenseActivation.leakyRelu(0.1), 0.3),
                new DenseStack.LayerSpec(7, DenseActivation.tanh(), 0), new DenseStack.LayerSpec(5, DenseActivation.identity(), 0.2),
                DenseStack.LayerSpec.of(1, DenseActivation.relu()), DenseStack.LayerSpec.of(4, DenseActivation.sigmoid())), dt, 4);
    }

    static INDArray randn(DataType dt, long seed, long rows, long cols) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape('c', rows, cols).castTo(dt);
    }

    static DenseStack bound(DenseStack s, DataType dt) {
        s.bind(Nd4j.zeros(dt, s.numParams()), Nd4j.zeros(dt, s.numParams()));
        return s;
    }

    static void assertClose(INDArray expected, INDArray actual, double rel, String what) {
        double scale = Math.max(1e-30, expected.norm2Number().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).norm2Number().doubleValue();
        assertTrue(diff <= rel * scale, what + ": relative difference " + diff / scale + " > " + rel);
    }

    @Test
    void twoLanesAgreeWithOneLaneInDouble() {
        compare(DataType.DOUBLE, 1e-12);
    }

    @Test
    void twoLanesAgreeWithOneLaneInFloat() {
        compare(DataType.FLOAT, 1e-6);
    }

    void compare(DataType dt, double rel) {
        assertEquals(2, TWO.lanes());
        for (int batch : new int[] {7, 1, 8}) {
            for (boolean training : new boolean[] {true, false}) {
                String at = dt + " batch " + batch + " training " + training;
                DenseStack one = bound(new DenseStack(config(dt)), dt);
                DenseStack two = bound(new DenseStack(config(dt), null, TWO), dt);
                assertEquals(one.params(), two.params(), "same initialisation");
                INDArray x = randn(dt, batch, batch, 6);
                assertClose(one.forward(x, training), two.forward(x, training), rel, "forward " + at);
                for (int pass = 0; pass < 2; pass++) {
                    INDArray g = randn(dt, 10 + pass, batch, 4);
                    INDArray dx1 = one.backward(g, true).dup();
                    INDArray dx2 = two.backward(g, true);
                    assertClose(one.gradients(), two.gradients(), rel, "parameter gradient " + at + " pass " + pass);
                    assertClose(dx1, dx2, rel, "input gradient " + at);
                    assertNull(two.backward(g, false), "no input gradient when not asked");
                    assertClose(one.gradients(), two.gradients(), rel, "parameter gradient without input gradient " + at);
                }
                for (int m : new int[] {1, 2, 3}) {
                    INDArray[] gs = new INDArray[m];
                    for (int i = 0; i < m; i++) {
                        gs[i] = randn(dt, 20 + i, batch, 4);
                    }
                    INDArray rows1 = Nd4j.zeros(dt, m, one.numParams());
                    INDArray rows2 = Nd4j.zeros(dt, m, one.numParams());
                    double[][] gram1 = new double[m][m];
                    double[][] gram2 = new double[m][m];
                    one.jacobian(gs, rows1, gram1);
                    two.jacobian(gs, rows2, gram2);
                    assertClose(rows1, rows2, rel, "Jacobian m=" + m + " " + at);
                    for (int i = 0; i < m; i++) {
                        two.backward(gs[i], false);
                        assertClose(two.gradients(), rows2.getRow(i), rel, "Jacobian row " + i + " vs backward " + at);
                        for (int j = 0; j < m; j++) {
                            assertEquals(gram1[i][j], gram2[i][j], rel * Math.sqrt(gram1[i][i] * gram1[j][j]) + 1e-300,
                                    "Gramian m=" + m + " " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void layersFarIntoTheFlatBufferSplitCorrectly() {
        // the lower half of layer 2's [64, 64] weight gradient starts at 4160 of 6272 elements, where
        // ND4J's get(interval) on the layer's view returned an empty array
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            DenseStack.Config c = DenseStack.Config.mlp(dt, 3, DenseActivation.relu(), 32, 64, 64);
            DenseStack one = bound(new DenseStack(c), dt);
            DenseStack two = bound(new DenseStack(c, null, TWO), dt);
            INDArray x = randn(dt, 5, 64, 32);
            INDArray g = randn(dt, 6, 64, 64);
            assertClose(one.forward(x, true), two.forward(x, true), dt == DataType.DOUBLE ? 1e-12 : 1e-6, "forward " + dt);
            one.backward(g, false);
            two.backward(g, false);
            assertClose(one.gradients(), two.gradients(), dt == DataType.DOUBLE ? 1e-12 : 1e-6, "gradient " + dt);
            long w2 = two.weightOffset(1);
            INDArray lowerHalf = two.gradients().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(w2 + 32 * 64, w2 + 64 * 64));
            assertTrue(lowerHalf.norm2Number().doubleValue() > 0, "the lower half of layer 2's weight gradient was written");
        }
    }

    @Test
    void inPlaceParameterUpdatesReachBothLanes() {
        DataType dt = DataType.DOUBLE;
        DenseStack one = bound(new DenseStack(config(dt)), dt);
        DenseStack two = bound(new DenseStack(config(dt), null, TWO), dt);
        INDArray x = randn(dt, 3, 9, 6);
        INDArray g = randn(dt, 4, 9, 4);
        for (int step = 0; step < 3; step++) {
            assertClose(one.forward(x, false), two.forward(x, false), 1e-12, "forward at step " + step);
            one.backward(g, false);
            two.backward(g, false);
            assertClose(one.gradients(), two.gradients(), 1e-12, "gradient at step " + step);
            one.params().subi(one.gradients().mul(0.1));
            two.params().subi(two.gradients().mul(0.1));
        }
    }
}
