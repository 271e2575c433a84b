package org.mtl4j.weighting.gradient;

import org.junit.jupiter.api.Nested;
import org.mtl4j.core.weighting.FallbackPolicy;
import org.mtl4j.core.weighting.GradientSpace;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.testkit.ContractSettings;
import org.mtl4j.testkit.WeightingContract;

/** Aligned-MTL, DB-MTL, UPGrad, FairGrad and ExcessMTL (and variants) pass the test-kit contract. */
class NewerGradientContractTest {
    private static final ContractSettings EQUIVARIANT = ContractSettings.defaults().withPermutationEquivariance(true);

    @Nested
    class AlignedMtlDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return AlignedMtlConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class AlignedMtlMedianDoubleEps extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new AlignedMtlConfig(new double[0], AlignedMtlConfig.ScaleMode.MEDIAN, 2.220446049250313e-16,
                    GradientSpace.SHARED_PARAMETERS);
        }
    }

    @Nested
    class DbMtlDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return DbMtlConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class DbMtlDecaying extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new DbMtlConfig(0.5, 0.5);
        }
    }

    @Nested
    class UpGradDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return UpGradConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class FairGradDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return FairGradConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }

    @Nested
    class FairGradAlpha2Uniform extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return new FairGradConfig(2.0, FallbackPolicy.USE_UNIFORM);
        }
    }

    @Nested
    class FairGradAlphaHalf extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return FairGradConfig.of(0.5);
        }
    }

    @Nested
    class ExcessMtlDefaults extends WeightingContract {
        @Override
        protected WeightingConfig config() {
            return ExcessMtlConfig.defaults();
        }

        @Override
        protected ContractSettings settings() {
            return EQUIVARIANT;
        }
    }
}
