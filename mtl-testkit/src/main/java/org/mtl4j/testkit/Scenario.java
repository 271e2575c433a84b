package org.mtl4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A reproducible sequence of training-step inputs: per step the losses (per batch), the
 * Jacobians (per batch), the epoch-loss history and the post-step losses. Values are kept as
 * plain arrays; the runner makes fresh ND4J arrays for every call.
 */
final class Scenario {
    /** Inputs of one step. */
    record Step(long t, int epoch, List<double[]> losses, List<double[][]> jacobians, List<double[]> epochLosses,
                double[] lossesAfter) {
    }

    private final String name;
    private final int m;
    private final int p;
    private final DataType type;
    private final long seed;
    private final List<Step> steps;

    private Scenario(String name, int m, int p, DataType type, long seed, List<Step> steps) {
        this.name = name;
        this.m = m;
        this.p = p;
        this.type = type;
        this.seed = seed;
        this.steps = steps;
    }

    String name() {
        return name;
    }

    int numTasks() {
        return m;
    }

    int numParams() {
        return p;
    }

    DataType type() {
        return type;
    }

    /** @return seed of the per-step RNGs ({@link StepInfos#random}) */
    long seed() {
        return seed;
    }

    List<Step> steps() {
        return steps;
    }

    int size() {
        return steps.size();
    }

    /** Where a scenario's losses and Jacobians come from. */
    interface Source {
        /** @return the Jacobian of batch b at step index k */
        double[][] jacobian(int k, int b, SplittableRandom rng);

        /** @return the losses of step index k (before batch noise), all ≥ 0 */
        double[] losses(int k, SplittableRandom rng);
    }

    /** Fresh Gaussian Jacobians with row scales in [0.1, 10]; positive decaying losses. */
    static Source randomSource(int m, int p) {
        return new Source() {
            private double[] base;

            @Override
            public double[][] jacobian(int k, int b, SplittableRandom rng) {
                double[][] j = JacobianGenerators.gaussian(m, p, rng);
                for (double[] row : j) {
                    double s = Math.pow(10, 2 * rng.nextDouble() - 1);
                    for (int c = 0; c < p; c++) {
                        row[c] *= s;
                    }
                }
                return j;
            }

            @Override
            public double[] losses(int k, SplittableRandom rng) {
                if (base == null) {
                    base = new double[m];
                    for (int i = 0; i < m; i++) {
                        base[i] = Math.pow(10, 2 * rng.nextDouble() - 1);
                    }
                }
                double[] l = new double[m];
                for (int i = 0; i < m; i++) {
                    l[i] = base[i] * Math.exp(-0.05 * (i + 1) * k) * (0.9 + 0.2 * rng.nextDouble());
                }
                return l;
            }
        };
    }

    /** The same Jacobian at every step and batch; positive decaying losses. */
    static Source fixedJacobian(double[][] j) {
        Source random = randomSource(j.length, j[0].length);
        return new Source() {
            @Override
            public double[][] jacobian(int k, int b, SplittableRandom rng) {
                return JacobianGenerators.copy(j);
            }

            @Override
            public double[] losses(int k, SplittableRandom rng) {
                return random.losses(k, rng);
            }
        };
    }

    /** Losses {@code pattern_i · (0.95 + 0.1u)} (zeros stay zero); random Jacobians. */
    static Source fixedLossPattern(double[] pattern, int p) {
        Source random = randomSource(pattern.length, p);
        return new Source() {
            @Override
            public double[][] jacobian(int k, int b, SplittableRandom rng) {
                return random.jacobian(k, b, rng);
            }

            @Override
            public double[] losses(int k, SplittableRandom rng) {
                double[] l = new double[pattern.length];
                for (int i = 0; i < l.length; i++) {
                    l[i] = pattern[i] * (0.95 + 0.1 * rng.nextDouble());
                }
                return l;
            }
        };
    }

    /**
     * @param name          label used in failure messages
     * @param m             tasks
     * @param p             parameters
     * @param type          Jacobian data type
     * @param batches       batches per step (1 unless multi-batch)
     * @param epochs        epochs
     * @param stepsPerEpoch steps per epoch
     * @param seed          seed of inputs and step RNGs
     * @param source        where inputs come from
     */
    static Scenario generate(String name, int m, int p, DataType type, int batches, int epochs, int stepsPerEpoch,
                             long seed, Source source) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Step> steps = new ArrayList<>();
        List<double[]> history = new ArrayList<>();
        int k = 0;
        for (int e = 0; e < epochs; e++) {
            double[] sum = new double[m];
            for (int s = 0; s < stepsPerEpoch; s++, k++) {
                double[] l = source.losses(k, rng);
                List<double[]> batchLosses = new ArrayList<>();
                List<double[][]> jacobians = new ArrayList<>();
                for (int b = 0; b < batches; b++) {
                    double[] lb = l.clone();
                    if (b > 0) {
                        for (int i = 0; i < m; i++) {
                            lb[i] *= 0.9 + 0.2 * rng.nextDouble();
                        }
                    }
                    batchLosses.add(lb);
                    jacobians.add(source.jacobian(k, b, rng));
                }
                double[] after = l.clone();
                for (int i = 0; i < m; i++) {
                    after[i] *= 1 - 0.02 * rng.nextDouble();
                    sum[i] += l[i];
                }
                steps.add(new Step(k + 1L, e, List.copyOf(batchLosses), List.copyOf(jacobians), List.copyOf(history), after));
            }
            double[] mean = new double[m];
            for (int i = 0; i < m; i++) {
                mean[i] = sum[i] / stepsPerEpoch;
            }
            history.add(mean);
        }
        return new Scenario(name, m, p, type, seed, List.copyOf(steps));
    }

    /** @return the scenario with tasks reordered: new task i is old task {@code perm[i]} */
    Scenario permuted(int[] perm) {
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            List<double[]> losses = new ArrayList<>();
            for (double[] l : s.losses()) {
                losses.add(permute(l, perm));
            }
            List<double[][]> jacobians = new ArrayList<>();
            for (double[][] j : s.jacobians()) {
                double[][] pj = new double[m][];
                for (int i = 0; i < m; i++) {
                    pj[i] = j[perm[i]].clone();
                }
                jacobians.add(pj);
            }
            List<double[]> history = new ArrayList<>();
            for (double[] h : s.epochLosses()) {
                history.add(permute(h, perm));
            }
            out.add(new Step(s.t(), s.epoch(), List.copyOf(losses), List.copyOf(jacobians), List.copyOf(history),
                    permute(s.lossesAfter(), perm)));
        }
        return new Scenario(name + " (permuted)", m, p, type, seed, List.copyOf(out));
    }

    private static double[] permute(double[] v, int[] perm) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[perm[i]];
        }
        return out;
    }
}
