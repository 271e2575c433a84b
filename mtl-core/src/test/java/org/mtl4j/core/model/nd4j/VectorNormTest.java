package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class VectorNormTest {

    @Test
    void matchesADoubleRecomputationOnVectorsViewsAndMatrices() {
        SplittableRandom r = new SplittableRandom(3);
        float[] v = new float[200_003];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2e-3 - 1e-3) * (i % 7 == 0 ? 1e4f : 1f);
        }
        INDArray flat = Nd4j.createFromArray(v);
        INDArray view = flat.get(NDArrayIndex.interval(1000, 150_000));
        INDArray matrix = flat.get(NDArrayIndex.interval(0, 200_000)).reshape('c', 400, 500);
        INDArray column = matrix.getColumn(7);
        double[] expected = new double[4];
        for (int i = 0; i < v.length; i++) {
            expected[0] += (double) v[i] * v[i];
            if (i >= 1000 && i < 150_000) {
                expected[1] += (double) v[i] * v[i];
            }
            if (i < 200_000) {
                expected[2] += (double) v[i] * v[i];
                if (i % 500 == 7) {
                    expected[3] += (double) v[i] * v[i];
                }
            }
        }
        INDArray[] xs = {flat, view, matrix, column};
        for (int k = 0; k < xs.length; k++) {
            double e = Math.sqrt(expected[k]);
            assertEquals(e, VectorNorm.norm2(xs[k]), 1e-5 * e, "case " + k);
        }
    }

    @Test
    void nonFiniteEntriesAndEmptyArrays() {
        assertTrue(Double.isNaN(VectorNorm.norm2(Nd4j.createFromArray(1f, Float.NaN, 2f))));
        assertEquals(Double.POSITIVE_INFINITY, VectorNorm.norm2(Nd4j.createFromArray(1f, Float.POSITIVE_INFINITY)));
        assertEquals(Double.POSITIVE_INFINITY, VectorNorm.norm2(Nd4j.createFromArray(3e20f, 1f)), "squared norm overflows float");
        assertEquals(0.0, VectorNorm.norm2(Nd4j.create(DataType.FLOAT, 0)));
        assertEquals(5.0, VectorNorm.norm2(Nd4j.createFromArray(3.0, 4.0)), 1e-15);
    }
}
