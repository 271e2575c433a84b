package org.mtl4j.weighting.gradient;

import org.junit.jupiter.api.Nested;
import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.testkit.ContractSettings;
import org.mtl4j.testkit.WeightingContract;
import org.mtl4j.weighting.solver.MinNormSolver;

/** Every gradient-level strategy (and the main variants of its configuration) passes the test-kit contract. */
class GradientWeightingContractTest {
    private static final ContractSettings EQUIVARIANT = ContractSettings.defaults().withPermutationEquivariance(true);

    @Nested
    class MgdaDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return MgdaConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class MgdaL2NormalizedSenerKoltun extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return MgdaConfig.defaults().withNormalization(MgdaConfig.Normalization.L2).withApplyTo(MgdaConfig.ApplyTo.NORMALIZED)
                    .withSentinels(true).withSolverMethod(MinNormSolver.Method.SENER_KOLTUN).withFallback(FallbackPolicy.USE_UNIFORM);
        }
    }

    @Nested
    class PcGradDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return PcGradConfig.defaults();
        }
    }

    @Nested
    class PcGradMeanWithSelf extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return PcGradConfig.defaults().withReduction(PcGradConfig.Reduction.MEAN).withIncludeSelf(true);
        }
    }

    @Nested
    class GradDropDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return GradDropConfig.defaults();
        }
    }

    @Nested
    class GradDropLeaky extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return GradDropConfig.defaults().withLeak(0.3);
        }
    }

    @Nested
    class GradVacDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return GradVacConfig.defaults();
        }
    }

    @Nested
    class GradVacPerTensor extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return GradVacConfig.defaults().withBeta(0.01).withGroupType(GradVacConfig.GroupType.ALL_MATRIX);
        }
    }

    @Nested
    class ImtlHybridDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return ImtlConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class ImtlGradientOnly extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return ImtlConfig.defaults().withVariant(ImtlConfig.Variant.G_ONLY);
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class ImtlLossOnly extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return ImtlConfig.defaults().withVariant(ImtlConfig.Variant.L_ONLY);
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class CaGradDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return CaGradConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class CaGradOfficialScale extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return CaGradConfig.defaults().withC(0.4).withRescale(CaGradConfig.Rescale.NONE).withScaleToSum(true);
        }
    }

    @Nested
    class NashMtlDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return NashMtlConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class NashMtlEveryThirdStepUnclippedUniformFallback extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return NashMtlConfig.defaults().withUpdateWeightsEvery(3).withMaxNorm(0).withWarmStart(false)
                    .withFallback(FallbackPolicy.USE_UNIFORM);
        }
    }
}
