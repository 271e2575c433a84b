package org.mtl4j.testkit;

import org.mtl4j.core.weighting.EqualWeighting;
import org.mtl4j.core.weighting.WeightingConfig;

/** EW (mtl-core) passes the contract; it lives here because mtl-core cannot depend on the test kit. */
class EqualWeightingContractTest extends WeightingContract {
    @Override
    protected WeightingConfig config() {
        return EqualWeighting.Config.defaults();
    }

    @Override
    protected ContractSettings settings() {
        return ContractSettings.defaults().withPermutationEquivariance(true);
    }
}
