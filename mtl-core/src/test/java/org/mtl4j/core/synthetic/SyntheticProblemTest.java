package org.mtl4j.core.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The synthetic problem: determinism, label layout, and the conflict parameter's effect on label agreement. */
class SyntheticProblemTest {

    /**
     * Agreement of tasks 0 and 1 beyond chance: P(same class) − Σ_c P0(c) P1(c), which is 0 for
     * independent tasks whatever the class marginals.
     */
    static double excessAgreement(double rho) {
        InMemoryMtlDataset d = new SyntheticProblem(2, 16, 3, rho, 0.0, 11L).generate(4000, 0, 100, false);
        org.nd4j.linalg.api.buffer.DataType dbl = org.nd4j.linalg.api.buffer.DataType.DOUBLE;
        INDArray y0 = d.labels(0).castTo(dbl);
        INDArray y1 = d.labels(1).castTo(dbl);
        double same = y0.mul(y1).sum(1).meanNumber().doubleValue();
        double chance = y0.mean(0).mul(y1.mean(0)).sumNumber().doubleValue();
        return same - chance;
    }

    @Test
    void conflictParameterControlsHowOftenTasksAgree() {
        double neg = excessAgreement(-0.9);
        double none = excessAgreement(0.0);
        double pos = excessAgreement(0.9);
        // one draw of the projections correlates them by chance (O(1/sqrt(d·C))), so compare the settings
        assertTrue(pos > none + 0.1, "positive ρ must make tasks agree more: " + pos + " vs " + none);
        assertTrue(neg < none - 0.1, "negative ρ must make tasks agree less: " + neg + " vs " + none);
        assertTrue(neg < 0, "strongly negative ρ must make tasks agree less than chance: " + neg);
    }

    @Test
    void generationIsDeterministicAndOneHot() {
        SyntheticProblem p = SyntheticProblem.defaults();
        InMemoryMtlDataset a = p.generate(50, 1, 10, false);
        InMemoryMtlDataset b = p.generate(50, 1, 10, false);
        assertArrayEquals(a.inputs().data().asFloat(), b.inputs().data().asFloat(), 0f);
        assertEquals(a.checksum(), b.checksum());
        assertTrue(!a.checksum().equals(p.generate(50, 2, 10, false).checksum()));
        INDArray rowSums = a.labels(0).sum(1);
        assertEquals(50.0, rowSums.sumNumber().doubleValue(), 0);
        assertEquals(1.0, rowSums.maxNumber().doubleValue(), 0);
    }

    @Test
    void invalidSettingsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyntheticProblem(2, 4, 3, 1.5, 0, 1));
        assertTrue(e.getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticProblem(0, 4, 3, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticProblem(2, 4, 1, 0, 0, 1));
    }
}
