package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PCGrad and CAGrad given the engine's Gramian ({@link JacobianAggregator#aggregate(INDArray, double[][],
 * double[], org.mtl4j.core.weighting.StepInfo, INDArray)}) give the same direction and weights as
 * when they form G from J themselves.
 */
class GivenGramianTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 10})
    void givenGramianGivesTheSameAggregation(int m) {
        double[][] rows = Harness.gaussian(m, 57, 100 + m);
        INDArray j = Harness.matrix(rows, DataType.DOUBLE);
        for (JacobianAggregator s : new JacobianAggregator[] {PcGradConfig.defaults().create(m), CaGradConfig.defaults().create(m)}) {
            INDArray d1 = Nd4j.create(DataType.DOUBLE, 57);
            INDArray d2 = Nd4j.create(DataType.DOUBLE, 57);
            Aggregation a1 = s.aggregate(j, Harness.ones(m), Harness.step(4, 9), d1);
            s.reset();
            Aggregation a2 = s.aggregate(j, Harness.gram(rows), Harness.ones(m), Harness.step(4, 9), d2);
            assertArrayEquals(a1.weights(), a2.weights(), 1e-12, s.getClass().getSimpleName() + " weights");
            assertArrayEquals(d1.toDoubleVector(), d2.toDoubleVector(), 1e-12, s.getClass().getSimpleName() + " direction");
            assertThrows(IllegalArgumentException.class,
                    () -> s.aggregate(j, new double[m + 1][m + 1], Harness.ones(m), Harness.step(4, 9), d2));
        }
    }
}
