package org.mtl4j.weighting.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** F(v) = G(Av): the inner objective sees exactly the projected batch; the batch schedule. */
class ProjectedObjectiveTest {

    /** G(p) = (Σ p_k, Σ p_k²), recording every batch it is given. */
    private static final class Recording implements BlackBoxObjective {
        final List<Integer> batchSizes = new ArrayList<>();
        final int dim;

        Recording(int dim) {
            this.dim = dim;
        }

        @Override
        public int dimension() {
            return dim;
        }

        @Override
        public int numObjectives() {
            return 2;
        }

        @Override
        public double[][] evaluate(double[][] points) {
            batchSizes.add(points.length);
            double[][] out = new double[points.length][2];
            for (int j = 0; j < points.length; j++) {
                for (double p : points[j]) {
                    out[j][0] += p;
                    out[j][1] += p * p;
                }
            }
            return out;
        }
    }

    @Test
    void evaluatesTheInnerObjectiveAtTheProjectedPointsInOneBatch() {
        RandomProjection a = new RandomProjection(new RandomProjectionConfig(5, 12, 2.0, 9));
        Recording inner = new Recording(12);
        ProjectedObjective f = new ProjectedObjective(inner, a);
        assertEquals(5, f.dimension());
        assertEquals(2, f.numObjectives());
        double[][] v = {{1, 0, 0, 0, 0}, {0.5, -1, 2, 0.25, 3}, {0, 0, 0, 0, 0}};
        double[][] values = f.evaluate(v);
        assertEquals(List.of(3), inner.batchSizes);
        for (int j = 0; j < v.length; j++) {
            double sum = 0;
            double sumSq = 0;
            for (int k = 0; k < 12; k++) {
                double p = 0;
                for (int i = 0; i < 5; i++) {
                    p += a.entry(k, i) * v[j][i];
                }
                sum += p;
                sumSq += p * p;
            }
            assertEquals(sum, values[j][0], 1e-4 * (1 + Math.abs(sum)));
            assertEquals(sumSq, values[j][1], 1e-4 * (1 + sumSq));
        }
        assertEquals(0.0, values[2][1], 0.0, "v = 0 reaches the inner objective as p = 0");
    }

    @Test
    void dimensionMismatchIsRejected() {
        RandomProjection a = new RandomProjection(new RandomProjectionConfig(5, 12, 1.0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProjectedObjective(new Recording(11), a));
        assertTrue(e.getMessage().contains("12") && e.getMessage().contains("11"), e.getMessage());
    }

    @Test
    void batchScheduleGroupsIterationsAndCmaGenerations() {
        CommonBatchSchedule asmg = CommonBatchSchedule.every(21);
        assertEquals(0, asmg.batchOf(0));
        assertEquals(0, asmg.batchOf(20));
        assertEquals(1, asmg.batchOf(21));
        assertEquals(4, asmg.batchOf(4 * 21 + 20));
        CommonBatchSchedule cma = new CommonBatchSchedule(21, 1);
        assertEquals(0, cma.batchOf(0), "start point");
        assertEquals(0, cma.batchOf(21), "last point of generation 0 = evaluation 1 + 20");
        assertEquals(1, cma.batchOf(22), "first point of generation 1");
        assertThrows(IllegalArgumentException.class, () -> new CommonBatchSchedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CommonBatchSchedule(3, -1));
        assertThrows(IllegalArgumentException.class, () -> asmg.batchOf(-1));
    }
}
