package org.mtl4j.testkit;

import org.junit.jupiter.api.Test;
import org.mtl4j.core.weighting.WeightingConfig;

/**
 * The contract every weighting strategy must pass. Subclass it in your test sources and provide
 * the configuration under test:
 * <pre>
 *   class MyWeightingContractTest extends WeightingContract {
 *       protected WeightingConfig config() { return MyWeighting.Config.defaults(); }
 *       protected ContractSettings settings() {            // optional
 *           return ContractSettings.defaults().withPermutationEquivariance(true);
 *       }
 *   }
 * </pre>
 * The strategy is driven through its family interface (loss weighting: losses; Gramian
 * weighting: Gram matrices; Jacobian aggregator: Jacobians; multi-batch aggregator: one Jacobian
 * per batch) over several epochs with an epoch-loss history, with {@code StepInfo} RNGs derived
 * from a seed ({@link StepInfos}). Each test delegates to one static method of
 * {@link WeightingChecks}, whose javadoc states the property.
 *
 * <p>The Jacobian families need an ND4J backend (e.g. {@code nd4j-native}) on the test class
 * path; the test kit does not bring one. Bi-level strategies are skipped (aborted), since they
 * need a model context.
 */
public abstract class WeightingContract {

    /** @return the configuration under test */
    protected abstract WeightingConfig config();

    /** @return sizes, seed and switches of the checks; override to change them */
    protected ContractSettings settings() {
        return ContractSettings.defaults();
    }

    /** See {@link WeightingChecks#configAndInstanceConsistent}. */
    @Test
    public void configAndInstanceAreConsistent() {
        WeightingChecks.configAndInstanceConsistent(config(), settings());
    }

    /** See {@link WeightingChecks#outputsWellFormed}. */
    @Test
    public void outputsHaveLengthMAndAreFinite() {
        WeightingChecks.outputsWellFormed(config(), settings());
    }

    /** See {@link WeightingChecks#inputsNotMutated}. */
    @Test
    public void inputsAreNotMutated() {
        WeightingChecks.inputsNotMutated(config(), settings());
    }

    /** See {@link WeightingChecks#singleTaskWorks}. */
    @Test
    public void singleTaskWorks() {
        WeightingChecks.singleTaskWorks(config(), settings());
    }

    /** See {@link WeightingChecks#deterministicUnderSeed}. */
    @Test
    public void isDeterministicUnderASeed() {
        WeightingChecks.deterministicUnderSeed(config(), settings());
    }

    /** See {@link WeightingChecks#resetRestoresInitialBehaviour}. */
    @Test
    public void resetRestoresInitialBehaviour() {
        WeightingChecks.resetRestoresInitialBehaviour(config(), settings());
    }

    /** See {@link WeightingChecks#instancesShareNoState}. */
    @Test
    public void instancesShareNoState() {
        WeightingChecks.instancesShareNoState(config(), settings());
    }

    /** See {@link WeightingChecks#degenerateInputsStayFinite}. */
    @Test
    public void degenerateInputsStayFinite() {
        WeightingChecks.degenerateInputsStayFinite(config(), settings());
    }

    /** See {@link WeightingChecks#trainableWeightsWellFormed}. */
    @Test
    public void trainableWeightsAreWellFormed() {
        WeightingChecks.trainableWeightsWellFormed(config(), settings());
    }

    /** See {@link WeightingChecks#saveLoadRoundTrip}. */
    @Test
    public void saveAndLoadStateReproduceTheRun() {
        WeightingChecks.saveLoadRoundTrip(config(), settings());
    }

    /** See {@link WeightingChecks#permutationEquivariance}. */
    @Test
    public void permutingTasksPermutesWeights() {
        WeightingChecks.permutationEquivariance(config(), settings());
    }

    /** See {@link WeightingChecks#gramianOverloadAgrees}. */
    @Test
    public void gramianOverloadAgreesWithThePlainOne() {
        WeightingChecks.gramianOverloadAgrees(config(), settings());
    }
}
