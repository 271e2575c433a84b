package org.mtl4j.core.model.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link RowBiasAdd}: the bias row added to every row, following a rebinding of the bias, against addiRowVector. */
class RowBiasAddTest {

    @Test
    void addsTheCurrentBiasToEveryRowInPlace() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray flat = Nd4j.rand(dt, 1, 40).reshape(40);
            AtomicReference<INDArray> bias = new AtomicReference<>(LiveViews.matrix(flat, 30, 1, 6));
            INDArray a = Nd4j.rand(dt, 5, 6);
            INDArray expected = a.dup().addiRowVector(bias.get());
            RowBiasAdd op = new RowBiasAdd(a, bias::get);
            op.run();
            assertEquals(expected, a, dt + " first call");
            flat.muli(2); // an in-place parameter update is seen through the view
            expected.addiRowVector(bias.get());
            op.run();
            assertEquals(expected, a, dt + " after an in-place update of the bias");
            bias.set(Nd4j.rand(dt, 1, 6)); // rebound to another array
            expected.addiRowVector(bias.get());
            op.run();
            assertEquals(expected, a, dt + " after rebinding");
        }
    }

    @Test
    void aBiasOfTheWrongLengthIsNamed() {
        RowBiasAdd op = new RowBiasAdd(Nd4j.zeros(DataType.FLOAT, 2, 3), () -> Nd4j.zeros(DataType.FLOAT, 1, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op::run);
        assertEquals("bias of length 4 for rows of 3", e.getMessage());
    }
}
