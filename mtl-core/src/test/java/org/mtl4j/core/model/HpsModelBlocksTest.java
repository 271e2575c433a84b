package org.mtl4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtl4j.core.model.nd4j.DenseActivation;
import org.mtl4j.core.model.nd4j.DenseStack;
import org.mtl4j.core.support.TestFixtures;
import org.nd4j.linalg.api.buffer.DataType;

/** Layer and tensor blocks of the shared parameters, as handed to per-layer strategies (GradVac). */
class HpsModelBlocksTest {

    @Test
    void dl4jEncoderBlocksFollowItsLayersWeightsThenBiases() {
        HpsModel model = TestFixtures.model(2, DataType.FLOAT, 4, 5, 2, 1);
        assertArrayEquals(new long[] {4 * 5 + 5, 5 * 5 + 5}, model.sharedLayerSizes());
        assertArrayEquals(new long[] {20, 5, 25, 5}, model.sharedTensorSizes());
    }

    @Test
    void nativeDenseStackReportsTheSameBlocks() {
        DenseStack stack = new DenseStack(new DenseStack.Config(4, List.of(
                new DenseStack.LayerSpec(5, DenseActivation.tanh(), 0), new DenseStack.LayerSpec(5, DenseActivation.tanh(), 0)),
                DataType.FLOAT, 1L), null);
        assertArrayEquals(new long[] {25, 30}, stack.layerSizes());
        assertArrayEquals(new long[] {20, 5, 25, 5}, stack.tensorSizes());
    }
}
