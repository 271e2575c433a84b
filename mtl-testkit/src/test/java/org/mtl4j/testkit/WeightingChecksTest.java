package org.mtl4j.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.testkit.ToyStrategies.GramToy;
import org.mtl4j.testkit.ToyStrategies.JacobianDefect;
import org.mtl4j.testkit.ToyStrategies.LossDefect;
import org.mtl4j.testkit.ToyStrategies.LossToy;
import org.mtl4j.testkit.ToyStrategies.MultiBatchToy;
import org.mtl4j.testkit.ToyStrategies.SumToy;
import org.opentest4j.TestAbortedException;

/** The checks accept correct strategies of every family and reject each kind of broken one. */
class WeightingChecksTest {
    private static final ContractSettings SETTINGS = ContractSettings.defaults().withPermutationEquivariance(true);

    private static void passesAll(WeightingConfig c, boolean trainable) {
        WeightingChecks.configAndInstanceConsistent(c, SETTINGS);
        WeightingChecks.outputsWellFormed(c, SETTINGS);
        WeightingChecks.inputsNotMutated(c, SETTINGS);
        WeightingChecks.singleTaskWorks(c, SETTINGS);
        WeightingChecks.deterministicUnderSeed(c, SETTINGS);
        WeightingChecks.resetRestoresInitialBehaviour(c, SETTINGS);
        WeightingChecks.instancesShareNoState(c, SETTINGS);
        WeightingChecks.degenerateInputsStayFinite(c, SETTINGS);
        WeightingChecks.saveLoadRoundTrip(c, SETTINGS);
        WeightingChecks.permutationEquivariance(c, SETTINGS);
        if (c.create(2) instanceof org.mtl4j.core.weighting.JacobianAggregator) {
            WeightingChecks.gramianOverloadAgrees(c, SETTINGS);
        } else {
            assertThrows(TestAbortedException.class, () -> WeightingChecks.gramianOverloadAgrees(c, SETTINGS));
        }
        if (trainable) {
            WeightingChecks.trainableWeightsWellFormed(c, SETTINGS);
        } else {
            assertThrows(TestAbortedException.class, () -> WeightingChecks.trainableWeightsWellFormed(c, SETTINGS));
        }
    }

    private static void fails(String expectedInMessage, Executable check) {
        AssertionError e = assertThrows(AssertionError.class, check);
        String msg = String.valueOf(e.getMessage());
        assertTrue(msg.contains(expectedInMessage), "expected the failure to mention '" + expectedInMessage + "', was: " + msg);
    }

    @Test
    void correctStrategiesOfEveryFamilyPass() {
        passesAll(new LossToy(LossDefect.NONE), true);
        passesAll(new GramToy(false), false);
        passesAll(new SumToy(JacobianDefect.NONE), false);
        passesAll(new MultiBatchToy(2, false), false);
    }

    @Test
    void aGramianOverloadThatDiffersOrIsUndeclaredFails() {
        fails("differ from", () -> WeightingChecks.gramianOverloadAgrees(new SumToy(JacobianDefect.GRAM_OVERLOAD_DIFFERS), SETTINGS));
        fails("readsGramian() is false",
                () -> WeightingChecks.gramianOverloadAgrees(new SumToy(JacobianDefect.GRAM_READ_UNDECLARED), SETTINGS));
    }

    @Test
    void mutatedInputsFail() {
        fails("losses were modified", () -> WeightingChecks.inputsNotMutated(new LossToy(LossDefect.MUTATES_LOSSES), SETTINGS));
        fails("Jacobian was modified",
                () -> WeightingChecks.inputsNotMutated(new SumToy(JacobianDefect.MUTATES_JACOBIAN), SETTINGS));
        // StepInfo deep-copies the epoch-loss history, so a strategy writing into it cannot reach the caller's arrays
        WeightingChecks.inputsNotMutated(new LossToy(LossDefect.MUTATES_HISTORY), SETTINGS);
        fails("losses of batch 1 were modified",
                () -> WeightingChecks.inputsNotMutated(new MultiBatchToy(3, true), SETTINGS));
    }

    @Test
    void keepingReferencesToInputsFails() {
        fails("not finite", () -> WeightingChecks.outputsWellFormed(new LossToy(LossDefect.KEEPS_LOSS_REFERENCE), SETTINGS));
        fails("is NaN",
                () -> WeightingChecks.outputsWellFormed(new SumToy(JacobianDefect.KEEPS_JACOBIAN_REFERENCE), SETTINGS));
    }

    @Test
    void nonFiniteOrBadlyShapedOutputsFail() {
        fails("weight 0 is not finite", () -> WeightingChecks.outputsWellFormed(new LossToy(LossDefect.NAN_WEIGHTS), SETTINGS));
        fails("expected m = ", () -> WeightingChecks.outputsWellFormed(new LossToy(LossDefect.WRONG_LENGTH), SETTINGS));
        fails("every entry must be overwritten",
                () -> WeightingChecks.outputsWellFormed(new SumToy(JacobianDefect.PARTIAL_DIRECTION), SETTINGS));
        fails("every entry must be overwritten",
                () -> WeightingChecks.outputsWellFormed(new SumToy(JacobianDefect.ACCUMULATES), SETTINGS));
        fails("do not give the direction",
                () -> WeightingChecks.outputsWellFormed(new SumToy(JacobianDefect.WRONG_WEIGHTS), SETTINGS));
    }

    @Test
    void unguardedDivisionFailsOnDegenerateInputsOnly() {
        WeightingChecks.outputsWellFormed(new SumToy(JacobianDefect.UNGUARDED_NORM), SETTINGS);
        fails("is NaN", () -> WeightingChecks.degenerateInputsStayFinite(new SumToy(JacobianDefect.UNGUARDED_NORM), SETTINGS));
        WeightingChecks.outputsWellFormed(new GramToy(true), SETTINGS);
        fails("is not finite", () -> WeightingChecks.degenerateInputsStayFinite(new GramToy(true), SETTINGS));
    }

    @Test
    void hiddenStateAndUnseededRandomnessFail() {
        fails("not bit-identical",
                () -> WeightingChecks.deterministicUnderSeed(new LossToy(LossDefect.STATIC_STATE), SETTINGS));
        fails("not bit-identical",
                () -> WeightingChecks.instancesShareNoState(new LossToy(LossDefect.STATIC_STATE), SETTINGS));
        fails("not bit-identical",
                () -> WeightingChecks.deterministicUnderSeed(new LossToy(LossDefect.UNSEEDED_RANDOM), SETTINGS));
        fails("after reset()",
                () -> WeightingChecks.resetRestoresInitialBehaviour(new LossToy(LossDefect.RESET_FORGETS), SETTINGS));
    }

    @Test
    void incompleteOrLiveSavedStateFails() {
        fails("after loadState(saveState())",
                () -> WeightingChecks.saveLoadRoundTrip(new LossToy(LossDefect.STATE_NOT_SAVED), SETTINGS));
        fails("must be a snapshot",
                () -> WeightingChecks.saveLoadRoundTrip(new LossToy(LossDefect.STATE_SAVED_LIVE), SETTINGS));
    }

    @Test
    void badTrainableWeightsFail() {
        fails("trainable gradient has length",
                () -> WeightingChecks.trainableWeightsWellFormed(new LossToy(LossDefect.GRADIENT_WRONG_LENGTH), SETTINGS));
        fails("never reported a trainable gradient",
                () -> WeightingChecks.trainableWeightsWellFormed(new LossToy(LossDefect.NEVER_REPORTS_GRADIENT), SETTINGS));
        fails("internal array",
                () -> WeightingChecks.trainableWeightsWellFormed(new LossToy(LossDefect.VALUES_NOT_COPIED), SETTINGS));
        fails("does not implement TrainableWeights",
                () -> WeightingChecks.outputsWellFormed(new ToyStrategies.GradientWithoutTrainable(), SETTINGS));
    }

    @Test
    void indexDependentWeightsFailPermutationEquivariance() {
        fails("not the permutation",
                () -> WeightingChecks.permutationEquivariance(new LossToy(LossDefect.INDEX_DEPENDENT), SETTINGS));
        assertThrows(TestAbortedException.class, () -> WeightingChecks.permutationEquivariance(
                new LossToy(LossDefect.INDEX_DEPENDENT), ContractSettings.defaults()));
    }
}
