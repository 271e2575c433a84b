package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link HostCopy#copyRows}: per-row bulk copies between strided blocks of flat buffers, checked against ND4J's assign. */
class HostCopyTest {

    /** Blocks like the heads' weights in a flat vector: m rows of c·d values, row stride c·d + c, far into the buffer. */
    @Test
    void copiesStridedBlocksBothWaysInFloatAndDouble() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            int m = 3;
            int len = 12;
            int stride = 15;
            long offset = 4000;
            INDArray flat = Nd4j.rand(dt, 1, 5000).reshape(5000);
            INDArray region = flat.get(NDArrayIndex.interval(offset, offset + (long) m * stride));
            INDArray blocks = LiveViews.matrix(region, 0, m, stride).get(NDArrayIndex.all(), NDArrayIndex.interval(0, len));
            INDArray packed = Nd4j.zeros(dt, m, len);
            HostCopy.copyRows(blocks, packed);
            assertEquals(blocks.dup(), packed, dt + " gather");
            INDArray before = flat.dup();
            INDArray fresh = Nd4j.rand(dt, m, len);
            HostCopy.copyRows(fresh, blocks);
            INDArray expected = before.dup();
            for (int r = 0; r < m; r++) {
                expected.get(NDArrayIndex.interval(offset + (long) r * stride, offset + (long) r * stride + len)).assign(fresh.getRow(r));
            }
            assertEquals(expected, flat, dt + " scatter writes the blocks and nothing between or around them");
        }
    }

    @Test
    void oneRowAndNonContiguousRowsAreCopiedToo() {
        INDArray src = Nd4j.rand(DataType.FLOAT, 1, 7);
        INDArray dst = Nd4j.zeros(DataType.FLOAT, 1, 7);
        HostCopy.copyRows(src, dst);
        assertEquals(src, dst);
        INDArray cols = Nd4j.rand(DataType.FLOAT, 6, 8).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 8)); // stride 2 in a row
        INDArray out = Nd4j.zeros(DataType.FLOAT, 6, 4);
        HostCopy.copyRows(cols, out);
        assertEquals(cols.dup(), out, "falls back to assign");
    }

    @Test
    void mismatchedShapesOrTypesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostCopy.copyRows(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> HostCopy.copyRows(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.DOUBLE, 2, 3)));
        assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
    }
}
