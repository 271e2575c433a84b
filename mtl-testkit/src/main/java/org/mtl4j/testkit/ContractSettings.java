package org.mtl4j.testkit;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Sizes and switches of the {@link WeightingContract} checks.
 *
 * @param taskCounts             numbers of tasks m to test (each ≥ 1); 1 is always tested in addition
 * @param numParams              columns p of the generated Jacobians (≥ 1)
 * @param epochs                 epochs per scenario (≥ 1); epoch-based strategies need ≥ 3 to leave warm-up
 * @param stepsPerEpoch          steps per epoch (≥ 1)
 * @param seed                   seed of every generated input and step RNG
 * @param dataTypes              Jacobian data types to test (FLOAT and/or DOUBLE)
 * @param permutationEquivariant whether permuting the tasks must permute the weights (and leave
 *                               the direction unchanged); false for randomised strategies
 */
public record ContractSettings(int[] taskCounts, int numParams, int epochs, int stepsPerEpoch, long seed,
                               List<DataType> dataTypes, boolean permutationEquivariant) {
    /** Validates and copies. */
    public ContractSettings {
        if (taskCounts == null || taskCounts.length == 0) {
            throw new IllegalArgumentException("taskCounts must list at least one m, found " + Arrays.toString(taskCounts));
        }
        taskCounts = taskCounts.clone();
        for (int m : taskCounts) {
            if (m < 1) {
                throw new IllegalArgumentException("taskCounts must be >= 1, found " + m);
            }
        }
        if (numParams < 1) {
            throw new IllegalArgumentException("numParams must be >= 1, found " + numParams);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("stepsPerEpoch must be >= 1, found " + stepsPerEpoch);
        }
        if (dataTypes == null || dataTypes.isEmpty()) {
            throw new IllegalArgumentException("dataTypes must not be empty, found " + dataTypes);
        }
        for (DataType t : dataTypes) {
            if (t != DataType.FLOAT && t != DataType.DOUBLE) {
                throw new IllegalArgumentException("dataTypes must be FLOAT or DOUBLE, found " + t);
            }
        }
        dataTypes = List.copyOf(dataTypes);
    }

    /** @return m ∈ {2, 3, 5}, p = 7, 4 epochs of 3 steps, FLOAT and DOUBLE, no equivariance check */
    public static ContractSettings defaults() {
        return new ContractSettings(new int[] {2, 3, 5}, 7, 4, 3, 20240611L, List.of(DataType.FLOAT, DataType.DOUBLE), false);
    }

    @Override
    public int[] taskCounts() {
        return taskCounts.clone();
    }

    /** @return a copy with the given task counts */
    public ContractSettings withTaskCounts(int... counts) {
        return new ContractSettings(counts, numParams, epochs, stepsPerEpoch, seed, dataTypes, permutationEquivariant);
    }

    /** @return a copy with the given number of parameters */
    public ContractSettings withNumParams(int p) {
        return new ContractSettings(taskCounts, p, epochs, stepsPerEpoch, seed, dataTypes, permutationEquivariant);
    }

    /** @return a copy with the given epochs and steps per epoch */
    public ContractSettings withSchedule(int numEpochs, int steps) {
        return new ContractSettings(taskCounts, numParams, numEpochs, steps, seed, dataTypes, permutationEquivariant);
    }

    /** @return a copy with the given seed */
    public ContractSettings withSeed(long s) {
        return new ContractSettings(taskCounts, numParams, epochs, stepsPerEpoch, s, dataTypes, permutationEquivariant);
    }

    /** @return a copy with the given data types */
    public ContractSettings withDataTypes(DataType... types) {
        return new ContractSettings(taskCounts, numParams, epochs, stepsPerEpoch, seed, List.of(types), permutationEquivariant);
    }

    /** @return a copy with the permutation-equivariance check switched on or off */
    public ContractSettings withPermutationEquivariance(boolean on) {
        return new ContractSettings(taskCounts, numParams, epochs, stepsPerEpoch, seed, dataTypes, on);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContractSettings c && Arrays.equals(taskCounts, c.taskCounts) && numParams == c.numParams
                && epochs == c.epochs && stepsPerEpoch == c.stepsPerEpoch && seed == c.seed
                && dataTypes.equals(c.dataTypes) && permutationEquivariant == c.permutationEquivariant;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(taskCounts) * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "ContractSettings[taskCounts=" + Arrays.toString(taskCounts) + ", numParams=" + numParams + ", epochs="
                + epochs + ", stepsPerEpoch=" + stepsPerEpoch + ", seed=" + seed + ", dataTypes=" + dataTypes
                + ", permutationEquivariant=" + permutationEquivariant + "]";
    }
}
