package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link LanesNorm}: the two-half norm against a double-precision recomputation, non-finite entries, and when it does not split. */
class LanesNormTest {

    private static double exact(INDArray x) {
        double s = 0;
        for (double v : x.castTo(DataType.DOUBLE).data().asDouble()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void twoHalvesGiveTheNormOfAVectorInABiggerBuffer() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            try (ComputeLanes two = ComputeLanes.two()) {
                INDArray flat = Nd4j.rand(dt, 1, 300_001).reshape(300_001).subi(0.5);
                INDArray x = flat.get(NDArrayIndex.interval(1000, 1000 + 200_001)); // odd length, far into the buffer
                LanesNorm norm = new LanesNorm(two, x);
                assertTrue(norm.split());
                long h0 = two.stats().handOffs();
                double n = norm.norm2();
                assertEquals(1, two.stats().handOffs() - h0);
                assertEquals(exact(x.dup()), n, (dt == DataType.FLOAT ? 1e-5 : 1e-12) * n, dt.toString());
                x.putScalar(150_000, 3.0); // the second half is read, and updates through the view are seen
                assertEquals(exact(x.dup()), norm.norm2(), (dt == DataType.FLOAT ? 1e-5 : 1e-12) * n, dt + " after an update");
                x.putScalar(199_999, Double.NaN);
                assertTrue(Double.isNaN(norm.norm2()), "NaN in the second half");
                x.putScalar(199_999, Double.POSITIVE_INFINITY);
                assertEquals(Double.POSITIVE_INFINITY, norm.norm2(), "Inf in the second half");
            }
        }
    }

    @Test
    void shortVectorsAndOneLaneAreNotSplit() {
        try (ComputeLanes two = ComputeLanes.two()) {
            INDArray shortOne = Nd4j.rand(DataType.FLOAT, 1, 1000);
            LanesNorm s = new LanesNorm(two, shortOne);
            assertFalse(s.split());
            assertEquals(VectorNorm.norm2(shortOne), s.norm2(), 0.0);
            assertEquals(0, two.stats().handOffs());
        }
        INDArray big = Nd4j.rand(DataType.FLOAT, 1, 100_000);
        LanesNorm one = new LanesNorm(ComputeLanes.single(), big);
        assertFalse(one.split());
        assertEquals(VectorNorm.norm2(big), one.norm2(), 0.0);
    }
}
