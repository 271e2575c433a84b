package org.mtl4j.weighting.loss;

import org.junit.jupiter.api.Nested;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.testkit.ContractSettings;
import org.mtl4j.testkit.WeightingContract;

/** FAMO and STCH (each phase of STCH) pass the test-kit contract. */
class NewerLossContractTest {
    private static final ContractSettings EQUIVARIANT = ContractSettings.defaults().withPermutationEquivariance(true);

    @Nested
    class FamoDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return Famo.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class FamoWithLowerBounds extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new Famo.Config(0.1, 0.0, new double[0]);
        }
    }

    @Nested
    class StchDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return Stch.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class StchShortWarmup extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new Stch.Config(0.3, 1);
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class StchNoWarmup extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new Stch.Config(1.0, 0);
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }
}
