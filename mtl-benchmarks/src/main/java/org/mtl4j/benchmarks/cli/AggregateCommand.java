package org.mtl4j.benchmarks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.weighting.Aggregation;
import org.mtl4j.core.weighting.GramianWeighting;
import org.mtl4j.core.weighting.JacobianAggregator;
import org.mtl4j.core.weighting.LossWeighting;
import org.mtl4j.core.weighting.MultiBatchAggregator;
import org.mtl4j.core.weighting.ParameterBlocksAware;
import org.mtl4j.core.weighting.PostStepLossHook;
import org.mtl4j.core.weighting.StepInfo;
import org.mtl4j.core.weighting.StepWeights;
import org.mtl4j.core.weighting.TrainableWeights;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.core.weighting.WeightingRegistry;
import org.mtl4j.core.weighting.WeightingStrategy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtl4j aggregate [--input FILE]}: applies a registered loss/Gramian/Jacobian strategy to
 * given per-task gradients, step after step with the strategy's state carried over, in double
 * precision. Input: one JSON object, or JSON Lines (one independent problem per line, each with
 * a fresh strategy, answered by one output line each):
 * <pre>
 * {"method": NAME, "params": {...}, "seed": S, "blocks": [sizes] (optional),
 *  "trainableLr": η (optional, SGD step on learnable weights; default 0 = frozen),
 *  "steps": [{"losses": [m], "grads": [[p] × m], "epoch": E, "epochLosses": [[m], ...],
 *             "lossesAfter": [m] (optional)}]}
 * </pre>
 * {@code lossesAfter} are the step's losses re-evaluated after the update; they are handed to
 * strategies with a post-step hook ({@code PostStepLossHook}, e.g. FAMO's logit update), whose
 * hook is not called for steps without them. Multi-batch strategies (MoDo, SDMGrad, SMG with a
 * batch-size schedule) need the Jacobians of several batches per step and are rejected (exit code 2).
 * Output: {@code {"method": NAME, "params": {resolved}, "steps": [{"weights": [m] or null,
 * "direction": [p]}]}}. The strategy RNG of step t is {@code SplittableRandom(mix(mix(S, 2), t))},
 * as in training. Bad input: exit code 2 and a one-line message on standard error. This command
 * prints JSON only (no RESULT line), so its output can be parsed as it is.
 */
@Command(name = "aggregate", description = "Apply a weighting strategy to given per-task gradients (JSON in, JSON out).")
public final class AggregateCommand implements Callable<Integer> {
    @Option(names = "--input", description = "Input file (default: standard input).")
    Path input;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ObjectMapper om = Json.mapper();
        WeightingRegistry reg = WeightingRegistry.load();
        try (InputStream in = input == null ? System.in : Files.newInputStream(input)) {
            MappingIterator<JsonNode> it = om.readerFor(JsonNode.class).readValues(in);
            int n = 0;
            while (it.hasNextValue()) {
                JsonNode problem = it.nextValue();
                n++;
                try {
                    out.println(om.writeValueAsString(solve(problem, reg, om)));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    System.err.println("aggregate: problem " + n + ": " + e.getMessage());
                    return 2;
                }
            }
            if (n == 0) {
                System.err.println("aggregate: no input problem");
                return 2;
            }
        } catch (java.io.IOException e) {
            System.err.println("aggregate: invalid JSON input: " + e.getMessage().lines().findFirst().orElse(""));
            return 2;
        }
        out.flush();
        return 0;
    }

    static ObjectNode solve(JsonNode problem, WeightingRegistry reg, ObjectMapper om) {
        if (!problem.isObject()) {
            throw new IllegalArgumentException("each problem must be a JSON object");
        }
        String method = text(problem, "method");
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode pn = problem.get("params");
        if (pn != null && !pn.isNull()) {
            if (!pn.isObject()) {
                throw new IllegalArgumentException("'params' must be an object");
            }
            Iterator<Map.Entry<String, JsonNode>> f = pn.fields();
            while (f.hasNext()) {
                var e = f.next();
                params.put(e.getKey(), e.getValue().isArray() ? joinArray(e.getValue()) : e.getValue().asText());
            }
        }
        long seed = problem.has("seed") ? problem.get("seed").asLong() : 0L;
        double trainableLr = problem.has("trainableLr") ? problem.get("trainableLr").asDouble() : 0.0;
        JsonNode steps = problem.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw new IllegalArgumentException("'steps' must be a non-empty array");
        }
        WeightingConfig config = reg.configure(method, params);
        int m = -1;
        int p = -1;
        WeightingStrategy strategy = null;
        ArrayNode outSteps = om.createArrayNode();
        long t = 0;
        for (JsonNode step : steps) {
            t++;
            double[] losses = vector(step.get("losses"), "steps[" + (t - 1) + "].losses");
            double[][] grads = matrix(step.get("grads"), "steps[" + (t - 1) + "].grads");
            if (m < 0) {
                m = losses.length;
                p = grads.length == 0 ? 0 : grads[0].length;
                if (m < 1) {
                    throw new IllegalArgumentException("losses must have at least one entry");
                }
                strategy = config.create(m);
                if (strategy instanceof ParameterBlocksAware pba) {
                    long[] blocks = problem.has("blocks") ? longs(problem.get("blocks")) : new long[] {p};
                    pba.setParameterBlocks(blocks, blocks);
                }
            }
            if (losses.length != m) {
                throw new IllegalArgumentException("step " + t + " has " + losses.length + " losses, expected m = " + m);
            }
            if (grads.length != m) {
                throw new IllegalArgumentException("step " + t + " has " + grads.length + " gradient rows, expected m = " + m);
            }
            for (int i = 0; i < m; i++) {
                if (grads[i].length != p) {
                    throw new IllegalArgumentException("step " + t + " gradient row " + i + " has " + grads[i].length
                            + " entries, expected p = " + p + " (ragged rows)");
                }
            }
            int epoch = step.has("epoch") ? step.get("epoch").asInt() : 0;
            List<double[]> hist = new ArrayList<>();
            if (step.has("epochLosses")) {
                for (JsonNode row : step.get("epochLosses")) {
                    double[] r = vector(row, "epochLosses");
                    if (r.length != m) {
                        throw new IllegalArgumentException("epochLosses rows must have m = " + m + " entries, found " + r.length);
                    }
                    hist.add(r);
                }
            }
            StepInfo info = new StepInfo(t, epoch,
                    new SplittableRandom(InMemoryMtlDataset.mix(InMemoryMtlDataset.mix(seed, 2), t)), hist);
            INDArray j = Nd4j.create(DataType.DOUBLE, m, p);
            for (int i = 0; i < m; i++) {
                j.putRow(i, Nd4j.createFromArray(grads[i]));
            }
            double[] weights;
            double[] dir;
            double[] trainGrad = null;
            if (strategy instanceof LossWeighting lw) {
                StepWeights sw = lw.weigh(losses, info);
                weights = sw.weights();
                trainGrad = sw.trainableGradient();
                dir = combine(grads, weights, p);
            } else if (strategy instanceof GramianWeighting gw) {
                StepWeights sw = gw.weigh(gram(grads), losses, info);
                weights = sw.weights();
                trainGrad = sw.trainableGradient();
                dir = combine(grads, weights, p);
            } else if (strategy instanceof JacobianAggregator ja) {
                INDArray d = Nd4j.zeros(DataType.DOUBLE, p);
                Aggregation a = ja.aggregate(j, losses, info, d);
                weights = a.weights();
                dir = d.toDoubleVector();
            } else if (strategy instanceof MultiBatchAggregator mb) {
                throw new IllegalArgumentException("method '" + method + "' is a multi-batch strategy (it needs the Jacobians of "
                        + mb.batchesPerStep() + " batches per step); aggregate supports loss, gramian and jacobian strategies");
            } else {
                throw new IllegalArgumentException("method '" + method + "' is a " + Families.familyOf(strategy)
                        + " strategy; aggregate supports loss, gramian and jacobian strategies");
            }
            for (double v : dir) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("method '" + method + "' produced a non-finite direction at step " + t);
                }
            }
            if (trainableLr > 0 && strategy instanceof TrainableWeights tw && trainGrad != null) {
                double[] v = tw.trainableValues();
                for (int i = 0; i < v.length; i++) {
                    v[i] -= trainableLr * trainGrad[i];
                }
                tw.setTrainableValues(v);
            }
            if (strategy instanceof PostStepLossHook hook && step.has("lossesAfter")) {
                double[] after = vector(step.get("lossesAfter"), "steps[" + (t - 1) + "].lossesAfter");
                if (after.length != m) {
                    throw new IllegalArgumentException("step " + t + " has " + after.length + " lossesAfter, expected m = " + m);
                }
                hook.afterStep(losses.clone(), after);
            }
            ObjectNode o = om.createObjectNode();
            if (weights == null) {
                o.putNull("weights");
            } else {
                ArrayNode w = o.putArray("weights");
                for (double v : weights) {
                    w.add(v);
                }
            }
            ArrayNode d = o.putArray("direction");
            for (double v : dir) {
                d.add(v);
            }
            outSteps.add(o);
        }
        ObjectNode res = om.createObjectNode();
        res.put("method", method);
        res.set("params", om.valueToTree(WeightingRegistry.resolvedParams(config)));
        res.set("steps", outSteps);
        return res;
    }

    private static String joinArray(JsonNode a) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode x : a) {
            sb.append(sb.length() == 0 ? "" : ",").append(x.asText());
        }
        return sb.toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing or non-string field '" + field + "'");
        }
        return v.asText();
    }

    private static long[] longs(JsonNode a) {
        if (!a.isArray()) {
            throw new IllegalArgumentException("'blocks' must be an array of sizes");
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    private static double[] vector(JsonNode a, String what) {
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("'" + what + "' must be an array of numbers");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = a.get(i);
            if (!x.isNumber()) {
                throw new IllegalArgumentException("'" + what + "'[" + i + "] is not a number: " + x);
            }
            out[i] = x.asDouble();
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException("'" + what + "'[" + i + "] is not finite: " + x);
            }
        }
        return out;
    }

    private static double[][] matrix(JsonNode a, String what) {
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("'" + what + "' must be an array of rows");
        }
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vector(a.get(i), what + "[" + i + "]");
        }
        return out;
    }

    private static double[][] gram(double[][] g) {
        int m = g.length;
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int k = i; k < m; k++) {
                double s = 0;
                for (int q = 0; q < g[i].length; q++) {
                    s += g[i][q] * g[k][q];
                }
                out[i][k] = s;
                out[k][i] = s;
            }
        }
        return out;
    }

    private static double[] combine(double[][] g, double[] w, int p) {
        double[] d = new double[p];
        for (int i = 0; i < g.length; i++) {
            for (int q = 0; q < p; q++) {
                d[q] += w[i] * g[i][q];
            }
        }
        return d;
    }
}
