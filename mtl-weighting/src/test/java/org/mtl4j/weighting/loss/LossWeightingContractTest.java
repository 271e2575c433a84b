package org.mtl4j.weighting.loss;

import org.junit.jupiter.api.Nested;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.testkit.ContractSettings;
import org.mtl4j.testkit.WeightingContract;
import org.mtl4j.weighting.loss.GradNorm.InitialLoss;
import org.mtl4j.weighting.loss.GradNorm.NormScope;
import org.mtl4j.weighting.loss.RandomLossWeighting.Distribution;

/** Every loss-level strategy (and each variant of its configuration) passes the test-kit contract. */
class LossWeightingContractTest {
    private static final ContractSettings EQUIVARIANT = ContractSettings.defaults().withPermutationEquivariance(true);

    @Nested
    class Uw extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return UncertaintyWeighting.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class Dwa extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return DynamicWeightAverage.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class GradNormDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return GradNorm.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class GradNormFirstStepRepresentation extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new GradNorm.Config(0.5, NormScope.REPRESENTATION, 0, InitialLoss.FIRST_STEP);
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class GradNormLastSharedLayer extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new GradNorm.Config(1.5, NormScope.LAST_SHARED_LAYER, 1, InitialLoss.EPOCH_MEAN);
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class RlwNormal extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return RandomLossWeighting.Config.defaults();
        }
    }

    @Nested
    class RlwUniform extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return RandomLossWeighting.Config.of(Distribution.UNIFORM);
        }
    }

    @Nested
    class RlwDirichlet extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new RandomLossWeighting.Config(Distribution.DIRICHLET, 0.3, 1);
        }
    }

    @Nested
    class RlwBernoulli extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return RandomLossWeighting.Config.of(Distribution.BERNOULLI);
        }
    }

    @Nested
    class RlwBernoulliK extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return RandomLossWeighting.Config.of(Distribution.BERNOULLI_K);
        }
    }

    @Nested
    class Gls extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return GeometricLossStrategy.Config.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }
}
