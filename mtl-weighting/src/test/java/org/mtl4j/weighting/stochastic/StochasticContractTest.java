package org.mtl4j.weighting.stochastic;

import org.junit.jupiter.api.Nested;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.testkit.ContractSettings;
import org.mtl4j.testkit.WeightingContract;
import org.mtl4j.weighting.solver.MinNormSolver;

/** Every stochastic strategy (and each variant of its configuration) passes the test-kit contract. */
class StochasticContractTest {
    private static final ContractSettings EQUIVARIANT = ContractSettings.defaults().withPermutationEquivariance(true);

    @Nested
    class SmgSingleBatch extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return Smg.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class SmgLinearSchedule extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return Smg.Config.linear(2, 0.5, 4);
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class SmgGeometricSchedule extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new Smg.Config(Smg.BatchGrowth.GEOMETRIC, 2, 1.5, 6, MinNormSolver.Method.FRANK_WOLFE);
        }
    }

    @Nested
    class MoCoSoftmax extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return MoCo.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class MoCoProjected extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new MoCo.Config(0.9, 0.0, 0.05, 0.0, 0.1, false, MoCo.LambdaUpdate.PROJECTION);
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class MoDoDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return MoDo.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class SdmGradThree extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return SdmGrad.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class SdmGradTwo extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new SdmGrad.Config(0.5, 5, SdmGrad.Sampling.TWO);
        }
    }
}
