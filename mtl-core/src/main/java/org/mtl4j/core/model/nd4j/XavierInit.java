package org.mtl4j.core.model.nd4j;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Glorot–Bengio ("Xavier") initialisation as DL4J's {@code WeightInit.XAVIER} draws it:
 * <pre>
 *   W_ij ~ N(0, 2 / (fan_in + fan_out))  i.i.d.,     b = 0
 * </pre>
 * (Glorot &amp; Bengio, AISTATS 2010), from the module's own seeded generator.
 */
final class XavierInit {
    private XavierInit() {
    }

    /**
     * Fills {@code out[from, from + fanIn·fanOut)} with Xavier-normal draws.
     */
    static void fillWeights(double[] out, int from, int fanIn, int fanOut, SplittableRandom rng) {
        double std = Math.sqrt(2.0 / (fanIn + fanOut));
        int n = Math.multiplyExact(fanIn, fanOut);
        for (int i = 0; i < n; i++) {
            out[from + i] = std * rng.nextGaussian();
        }
    }

    /** @return {@code values} as a rank-1 array of the given type */
    static INDArray toArray(double[] values, DataType dataType) {
        INDArray d = Nd4j.createFromArray(values);
        return dataType == DataType.DOUBLE ? d : d.castTo(dataType);
    }
}
