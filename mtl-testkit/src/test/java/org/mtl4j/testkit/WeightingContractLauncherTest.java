package org.mtl4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.testkit.ToyStrategies.LossDefect;
import org.mtl4j.testkit.ToyStrategies.LossToy;

/** Runs subclasses of the abstract contract through the JUnit Platform, as a user's build would. */
class WeightingContractLauncherTest {
    /** A correct trainable loss weighting. */
    static class GoodContract extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new LossToy(LossDefect.NONE);
        }
    }

    /** A loss weighting with static state. */
    static class StaticStateContract extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new LossToy(LossDefect.STATIC_STATE);
        }
    }

    private static TestExecutionSummary run(Class<?> contract) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    @Test
    void goodStrategyPassesEveryContractTest() {
        TestExecutionSummary s = run(GoodContract.class);
        assertEquals(12, s.getTestsFoundCount(), "contract test methods found");
        assertEquals(0, s.getTestsFailedCount(), () -> "failures: " + s.getFailures());
        assertEquals(10, s.getTestsSucceededCount());
        assertEquals(2, s.getTestsAbortedCount(),
                "permutation equivariance is not claimed by default, and a loss weighting has no Gramian overload");
    }

    @Test
    void staticStateFailsTheContract() {
        TestExecutionSummary s = run(StaticStateContract.class);
        assertTrue(s.getTestsFailedCount() >= 2, () -> "expected determinism and independence to fail, failed: "
                + s.getTestsFailedCount());
    }
}
