package org.mtl4j.benchmarks.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The thesis A.32 problem: both methods reach the Pareto set P in a CI-sized run (algorithms.md §20, Oracle 2). */
class MobloToyRunTest {

    @Test
    void forumReachesTheParetoSetFromEveryThesisStartInBothModes() {
        for (boolean normalize : new boolean[] {false, true}) {
            for (double[] start : MobloToyRun.THESIS_STARTS) {
                List<MobloToyRun.Row> rows = MobloToyRun.thesis(BilevelMethod.FORUM, start, 200, normalize).run();
                MobloToyRun.Row last = rows.get(rows.size() - 1);
                String where = "start " + java.util.Arrays.toString(start) + ", normalize " + normalize;
                assertTrue(last.distance() < 1e-3, where + ": E = " + last.distance());
                assertTrue(last.q() < 1e-6, where + ": q = " + last.q());
                assertEquals(0.0, last.stationarityGap(), 0.0, where);
                System.out.println("FORUM " + where + ": E < 1e-3 after " + MobloToyRun.firstBelow(rows, 1e-3) + " iterations");
            }
        }
    }

    @Test
    void momlReachesTheParetoSetFromEveryThesisStart() {
        for (double[] start : MobloToyRun.THESIS_STARTS) {
            List<MobloToyRun.Row> rows = MobloToyRun.thesis(BilevelMethod.MOML, start, 40, false).run();
            MobloToyRun.Row last = rows.get(rows.size() - 1);
            assertTrue(last.distance() < 1e-3, "start " + java.util.Arrays.toString(start) + ": E = " + last.distance());
            assertTrue(last.q() < 1e-6);
            System.out.println("MOML start " + java.util.Arrays.toString(start) + ": E < 1e-3 after "
                    + MobloToyRun.firstBelow(rows, 1e-3) + " iterations");
        }
    }

    @Test
    void metricsAreExact() {
        assertEquals(0.0, MobloToyProblem.distance(new double[] {1.5, 1.5, 1.5}), 0.0);
        assertEquals(Math.sqrt(3), MobloToyProblem.distance(new double[] {0, 0, 0}), 1e-15);
        assertEquals(Math.sqrt(24.0 / 9), MobloToyProblem.distance(new double[] {1, 1, 3}), 1e-12);
        assertEquals(5.0, MobloToyProblem.q(new double[] {1, 2, 3}), 0.0);
        assertEquals(2.0, MobloToyProblem.stationarityGap(0.0), 0.0);
        assertEquals(0.0, MobloToyProblem.stationarityGap(1.3), 0.0);
        assertThrows(IllegalArgumentException.class, () -> MobloToyRun.thesis(BilevelMethod.FORUM, new double[] {1, 2}, 10, false));
        assertThrows(IllegalArgumentException.class, () -> new MobloToyRun(BilevelMethod.MOML, new double[] {0, 0, 0}, 10, 0.3, 0.05,
                0, 0.3, false));
    }
}
