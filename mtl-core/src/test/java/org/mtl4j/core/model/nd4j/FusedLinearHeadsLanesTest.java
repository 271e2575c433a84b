package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fused heads on two lanes compute what they compute on one lane: fused outputs, the fused
 * backward's head gradients and representation gradient with unit and non-unit task weights,
 * for equal and unequal head sizes, odd batches, a batch of one, a single one-class head (nothing
 * to split) and an f-order representation (not split) — double ≤ 1e-12, float ≤ 1e-6 relative.
 */
class FusedLinearHeadsLanesTest {
    private static final ComputeLanes TWO = ComputeLanes.two();

    @AfterAll
    static void close() {
        TWO.close();
    }

    static FusedLinearHeads bound(FusedLinearHeads h, DataType dt) {
        h.bind(Nd4j.zeros(dt, h.numParams()), Nd4j.zeros(dt, h.numParams()));
        return h;
    }

    @Test
    void twoLanesAgreeWithOneLane() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double rel = dt == DataType.DOUBLE ? 1e-12 : 1e-6;
            for (List<Integer> sizes : List.of(List.of(3, 3, 3), List.of(4, 2, 5), List.of(1))) {
                for (int batch : new int[] {7, 1, 10}) {
                    for (boolean fOrder : new boolean[] {false, true}) {
                        String at = dt + " sizes " + sizes + " batch " + batch + (fOrder ? " f-order" : "");
                        FusedLinearHeads.Config c = new FusedLinearHeads.Config(6, sizes, dt, 5);
                        FusedLinearHeads one = bound(new FusedLinearHeads(c), dt);
                        FusedLinearHeads two = bound(new FusedLinearHeads(c, null, TWO), dt);
                        INDArray z = DenseStackLanesTest.randn(dt, batch, batch, 6);
                        if (fOrder) {
                            z = z.dup('f');
                        }
                        INDArray[] reps = new INDArray[sizes.size()];
                        Arrays.fill(reps, z);
                        one.forward(reps, true);
                        two.forward(reps, true);
                        DenseStackLanesTest.assertClose(one.fusedOutput(), two.fusedOutput(), rel, "fused output " + at);
                        int total = sizes.stream().mapToInt(Integer::intValue).sum();
                        INDArray g = DenseStackLanesTest.randn(dt, 40 + batch, batch, total);
                        for (double[] w : new double[][] {unit(sizes.size()), ramp(sizes.size())}) {
                            INDArray dz1 = one.backwardFused(g, w).dup();
                            INDArray dz2 = two.backwardFused(g, w);
                            DenseStackLanesTest.assertClose(dz1, dz2, rel, "representation gradient " + at + " w " + Arrays.toString(w));
                            DenseStackLanesTest.assertClose(one.gradients(), two.gradients(), rel, "head gradients " + at);
                        }
                    }
                }
            }
        }
    }

    static double[] unit(int m) {
        double[] w = new double[m];
        Arrays.fill(w, 1.0);
        return w;
    }

    static double[] ramp(int m) {
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = 0.5 + i;
        }
        return w;
    }

    @Test
    void theRepresentationGradientIsTheWeightedSumOfTheHeadsContributions() {
        // closed form on two lanes: dz = Σ_i w_i δ_i W_i, head gradients δ_iᵀ Z and 1ᵀ δ_i
        DataType dt = DataType.DOUBLE;
        FusedLinearHeads h = bound(new FusedLinearHeads(new FusedLinearHeads.Config(4, List.of(2, 3), dt, 9), null, TWO), dt);
        h.params().assign(DenseStackLanesTest.randn(dt, 1, 1, h.numParams()).reshape(h.numParams()));
        INDArray z = DenseStackLanesTest.randn(dt, 2, 5, 4);
        h.forward(new INDArray[] {z, z}, true);
        INDArray g = DenseStackLanesTest.randn(dt, 3, 5, 5);
        double[] w = {2.0, -0.5};
        INDArray dz = h.backwardFused(g, w).dup();
        INDArray expected = Nd4j.zeros(dt, 5, 4);
        long col = 0;
        for (int t = 0; t < 2; t++) {
            int c = t == 0 ? 2 : 3;
            INDArray wt = h.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(h.paramOffset(t), h.paramOffset(t) + c * 4))
                    .reshape('c', c, 4);
            INDArray dt_ = g.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(col, col + c));
            expected.addi(dt_.mmul(wt).muli(w[t]));
            INDArray gw = h.gradients().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(h.paramOffset(t), h.paramOffset(t) + c * 4))
                    .reshape('c', c, 4);
            DenseStackLanesTest.assertClose(dt_.transpose().mmul(z), gw, 1e-12, "weight gradient of head " + t);
            INDArray gb = h.gradients().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(h.paramOffset(t) + c * 4, h.paramOffset(t) + c * 5));
            DenseStackLanesTest.assertClose(dt_.sum(0), gb, 1e-12, "bias gradient of head " + t);
            col += c;
        }
        DenseStackLanesTest.assertClose(expected, dz, 1e-12, "Σ w_i δ_i W_i");
        assertEquals(2, TWO.lanes());
        assertTrue(TWO.stats().handOffs() > 0, "the two-lane path ran");
    }
}
