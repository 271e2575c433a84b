package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LiveViewsTest {

    @Test
    void blocksOfAViewFarIntoItsBufferShareItsMemory() {
        double[] values = new double[6272];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        INDArray flat = Nd4j.createFromArray(values);
        INDArray w = LiveViews.matrix(flat, 2112, 64, 64);
        INDArray lower = LiveViews.rowHalf(w, 32, 1);
        assertArrayEquals(new long[] {32, 64}, lower.shape());
        assertEquals(2112 + 32 * 64, lower.getDouble(0, 0), 0.0);
        assertEquals(2112 + 63 * 64 + 63, lower.getDouble(31, 63), 0.0);
        INDArray cols = LiveViews.block(w, 10, 12, 5, 8);
        assertEquals(2112 + 11 * 64 + 7, cols.getDouble(1, 2), 0.0);
        cols.putScalar(1, 2, -1.0);
        assertEquals(-1.0, flat.getDouble(2112 + 11 * 64 + 7), 0.0, "a view, not a copy");
        assertEquals(2112, LiveViews.rowHalf(w, 32, 0).getDouble(0, 0), 0.0);
    }

    @Test
    void emptyOrOutsideBlocksAreRejected() {
        INDArray m = Nd4j.zeros(DataType.FLOAT, 4, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LiveViews.block(m, 0, 4, 3, 3));
        assertEquals("block [0, 4) x [3, 3) is not a non-empty part of a 4 x 6 matrix", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LiveViews.block(m, 2, 5, 0, 6));
        assertThrows(IllegalArgumentException.class, () -> LiveViews.block(m.dup('f'), 0, 2, 0, 6));
    }
}
