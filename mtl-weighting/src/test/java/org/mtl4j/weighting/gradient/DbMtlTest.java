package org.mtl4j.weighting.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** DB-MTL: algorithms.md §17 oracles. */
class DbMtlTest {

    @Test
    void withoutMemoryEveryScaledRowHasTheLargestNorm() {
        double[][] j = {{1, 2, 0}, {0, 0.1, 0.1}, {-3, 0, 4}};
        double[] losses = {0.5, 2.0, 1.0};
        Harness.Result r = Harness.run(new DbMtlConfig(0, 0).create(3), j, losses, Harness.step(1, 1));
        assertNull(r.weights());
        double[][] hat = new double[3][];
        double max = 0;
        for (int i = 0; i < 3; i++) {
            hat[i] = Harness.scale(1 / (losses[i] + 1e-8), j[i]);
            max = Math.max(max, Harness.norm(hat[i]));
        }
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected = Harness.axpy(max / (Harness.norm(hat[i]) + 1e-8), hat[i], expected);
        }
        Harness.assertClose(expected, r.direction(), 1e-12, "β = 0: d = Σ (max‖ĝ‖/‖ĝ_i‖) ĝ_i");
    }

    @Test
    void theBufferIsAnUncorrectedEmaAndRescaledRowsShareTheLargestNorm() {
        DbMtl db = DbMtlConfig.defaults().create(2);
        double[][] j1 = {{1, 0}, {0, 3}};
        Harness.run(db, j1, new double[] {1, 1}, Harness.step(1, 1));
        double[] buffer = db.saveState().get(DbMtl.BUFFER);
        double f = 0.1 / (1 + 1e-8);
        Harness.assertClose(new double[] {f, 0, 0, 3 * f}, buffer, 1e-15, "t = 1: 0.1·ĝ");
        double[][] j2 = {{2, 2}, {1, -1}};
        Harness.Result r = Harness.run(db, j2, new double[] {2, 0.5}, Harness.step(2, 1));
        double[] b = db.saveState().get(DbMtl.BUFFER);
        double[] row0 = {0.9 * f + 0.1 * 2 / (2 + 1e-8), 0.1 * 2 / (2 + 1e-8)};
        double[] row1 = {0.1 * 1 / (0.5 + 1e-8), 0.9 * 3 * f - 0.1 / (0.5 + 1e-8)};
        Harness.assertClose(new double[] {row0[0], row0[1], row1[0], row1[1]}, b, 1e-12, "EMA");
        double max = Math.max(Harness.norm(row0), Harness.norm(row1));
        double[] d = Harness.axpy(max / (Harness.norm(row1) + 1e-8), row1, Harness.scale(max / (Harness.norm(row0) + 1e-8), row0));
        Harness.assertClose(d, r.direction(), 1e-12, "d");
        assertEquals(max, Harness.norm(Harness.scale(max / Harness.norm(row1), row1)), 1e-12);
    }

    @Test
    void perTaskLossScalingDoesNotChangeTheDirection() {
        double[][] j = Harness.gaussian(3, 5, 8);
        double[] losses = {0.4, 1.1, 3.0};
        double[] c = {10, 0.01, 3};
        DbMtl a = DbMtlConfig.defaults().create(3);
        DbMtl b = DbMtlConfig.defaults().create(3);
        for (int t = 1; t <= 3; t++) {
            double[][] scaled = new double[3][];
            double[] scaledLosses = new double[3];
            for (int i = 0; i < 3; i++) {
                scaled[i] = Harness.scale(c[i], j[i]);
                scaledLosses[i] = c[i] * losses[i];
            }
            double[] da = Harness.run(a, j, losses, Harness.step(t, 1)).direction();
            double[] db = Harness.run(b, scaled, scaledLosses, Harness.step(t, 1)).direction();
            Harness.assertClose(da, db, 1e-6, "t=" + t);
        }
    }

    @Test
    void edgeCasesAndBadInput() {
        Harness.Result zero = Harness.run(DbMtlConfig.defaults().create(2), new double[2][3], new double[] {1, 1}, Harness.step(1, 1));
        Harness.assertClose(new double[3], zero.direction(), 0, "all zero: d = 0");
        DbMtl one = DbMtlConfig.defaults().create(1);
        Harness.Result r = Harness.run(one, new double[][] {{2, 4}}, new double[] {1}, Harness.step(1, 1));
        Harness.assertClose(new double[] {0.2, 0.4}, r.direction(), 1e-7, "m = 1: d = Ĝ_1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Harness.run(DbMtlConfig.defaults().create(2), new double[2][3], new double[] {-1, 1}, Harness.step(1, 1)));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DbMtlConfig(1.0, 0));
        DbMtl loaded = DbMtlConfig.defaults().create(2);
        assertThrows(IllegalArgumentException.class, () -> loaded.loadState(Map.of(DbMtl.BUFFER, new double[5])));
        loaded.loadState(Map.of(DbMtl.BUFFER, new double[4]));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Harness.run(loaded, new double[2][3], new double[] {1, 1}, Harness.step(1, 1)));
        assertTrue(e2.getMessage().contains("m·p = 6"), e2.getMessage());
    }
}
