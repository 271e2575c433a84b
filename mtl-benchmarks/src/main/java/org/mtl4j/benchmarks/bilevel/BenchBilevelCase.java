package org.mtl4j.benchmarks.bilevel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mtl4j.benchmarks.cli.ResultLine;
import org.mtl4j.benchmarks.models.Dl4jMlp;
import org.mtl4j.core.data.InMemoryMtlDataset;
import org.mtl4j.core.listener.StepEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;
import org.mtl4j.core.loss.SoftmaxCrossEntropy;
import org.mtl4j.core.metric.Accuracy;
import org.mtl4j.core.model.HpsModel;
import org.mtl4j.core.optim.Adam;
import org.mtl4j.core.task.Task;
import org.mtl4j.core.task.TaskSet;
import org.mtl4j.core.train.MtlTrainer;
import org.mtl4j.core.train.TrainerConfig;
import org.mtl4j.core.weighting.WeightingConfig;
import org.mtl4j.weighting.bilevel.ForumConfig;
import org.mtl4j.weighting.bilevel.MomlConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One case of {@link BenchBilevelCommand}, run in its own JVM so that its peak memory is not
 * hidden by earlier cases: builds the model (encoder 784-H-H ReLU, m linear heads H-10) and
 * random data, takes a full GC, records the resident set size, runs {@code warmup + measure}
 * upper-level iterations of MOML or FORUM through the trainer and prints
 * {@code RESULT {json}} with the step times, the peak resident set size above the level before
 * the first iteration (heap + off-heap) and the peak used heap.
 *
 * <pre>
 * java … BenchBilevelCase moml|forum T H tasks batch warmup measure [gcWindowMs]
 * </pre>
 * ND4J frees native buffers only when the Java objects holding them are collected, and the
 * heap is small, so without a collection the resident set also counts dead temporaries of every
 * inner step. With {@code gcWindowMs > 0} ND4J's periodic GC (at most one {@code System.gc()} per
 * window) is switched on, so the figure approaches the live working set (at some cost in time).
 */
public final class BenchBilevelCase {
    private BenchBilevelCase() {
    }

    /** @param args method T H tasks batch warmup measure */
    public static void main(String[] args) {
        if (args.length != 7 && args.length != 8) {
            throw new IllegalArgumentException("usage: BenchBilevelCase moml|forum T H tasks batch warmup measure [gcWindowMs], found "
                    + Arrays.toString(args));
        }
        int gcWindow = args.length == 8 ? Integer.parseInt(args[7]) : 0;
        if (gcWindow > 0) {
            Nd4j.getMemoryManager().setAutoGcWindow(gcWindow);
            Nd4j.getMemoryManager().togglePeriodicGc(true);
        } else {
            Nd4j.getMemoryManager().togglePeriodicGc(false);
        }
        BilevelMethod method = BilevelMethod.fromCliName(args[0]);
        int t = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        int tasks = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int measure = Integer.parseInt(args[6]);
        Nd4j.getRandom().setSeed(1);
        List<Task> ts = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            ts.add(Task.of("t" + i, SoftmaxCrossEntropy.withoutIgnoreIndex(), Accuracy.defaults()));
        }
        HpsModel model = HpsModel.of(TaskSet.of(ts), Dl4jMlp.encoder(1, DataType.FLOAT, Activation.RELU, 784, h, h),
                Dl4jMlp.linearHeads(1, DataType.FLOAT, tasks, h, 10));
        WeightingConfig cfg = method == BilevelMethod.MOML ? MomlConfig.defaults().withInnerSteps(t)
                : ForumConfig.defaults().withInnerSteps(t);
        int steps = warmup + measure;
        SplittableRandom r = new SplittableRandom(h * 31L + t);
        INDArray x = Nd4j.rand(DataType.FLOAT, (long) batch * steps, 784);
        List<INDArray> ys = new ArrayList<>();
        for (int k = 0; k < tasks; k++) {
            float[] y = new float[batch * steps * 10];
            for (int i = 0; i < batch * steps; i++) {
                y[i * 10 + r.nextInt(10)] = 1f;
            }
            ys.add(Nd4j.create(y, new long[] {(long) batch * steps, 10}, 'c'));
        }
        InMemoryMtlDataset data = new InMemoryMtlDataset(x, ys, batch, false);
        double[] ms = new double[measure];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(StepEvent e, TrainingControl control) {
                int i = (int) e.step() - 1 - warmup;
                if (i >= 0) {
                    ms[i] = e.millis();
                }
            }
        };
        MtlTrainer trainer = new MtlTrainer(model, cfg, TrainerConfig.of(1, Adam.of(1e-4)).withSeed(1).withMaxStepsPerEpoch(steps),
                null, List.of(listener));
        System.gc();
        ProcessMemory.resetHeapPeak();
        long rss0 = ProcessMemory.rssBytes();
        trainer.fit(data, null, null);
        long hwm = ProcessMemory.peakRssBytes();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", method.cliName());
        out.put("innerSteps", t);
        out.put("width", h);
        out.put("params", model.numParams());
        out.put("medianMs", sorted[sorted.length / 2]);
        out.put("minMs", sorted[0]);
        out.put("peakRssIncreaseMb", (hwm - rss0) / 1048576.0);
        out.put("peakHeapMb", ProcessMemory.peakHeapBytes() / 1048576.0);
        out.put("rssBeforeMb", rss0 / 1048576.0);
        out.put("gcWindowMs", gcWindow);
        ResultLine.print(System.out, out);
    }
}
