package org.mtl4j.benchmarks.multidigit;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtl4j.core.listener.EpochEvent;
import org.mtl4j.core.listener.RunStartEvent;
import org.mtl4j.core.listener.TrainingControl;
import org.mtl4j.core.listener.TrainingListener;

/**
 * Prints one line per finished epoch: validation and test accuracy per task, mean task weights,
 * the selection score and the best epoch so far, e.g.
 * <pre>
 * [ew seed 1] epoch 3/10 (41.2 s): val acc 0.8123/0.7934, test acc 0.8101/0.7950, w 1.00/1.00, score +1.21, best 3
 * </pre>
 */
final class EpochLine implements TrainingListener {
    private final String name;
    private final int epochs;
    private final PrintStream out;
    private List<String> tasks = List.of();

    EpochLine(String name, int epochs, PrintStream out) {
        this.name = name;
        this.epochs = epochs;
        this.out = out;
    }

    @Override
    public void onRunStart(RunStartEvent e, TrainingControl control) {
        tasks = e.tasks();
    }

    @Override
    public void onEpoch(EpochEvent e, TrainingControl control) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "[%s] epoch %d/%d (%.1f s): val acc %s, test acc %s",
                name, e.epoch() + 1, epochs, e.seconds(), accuracies(e.validation()), accuracies(e.test())));
        if (e.meanWeights() != null) {
            sb.append(", w ");
            for (int i = 0; i < e.meanWeights().length; i++) {
                sb.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.2f", e.meanWeights()[i]));
            }
        }
        sb.append(String.format(Locale.ROOT, ", score %+.2f, best %d", e.selectionScore(), e.bestEpoch() + 1));
        out.println(sb);
        out.flush();
    }

    private String accuracies(Map<String, Map<String, Double>> values) {
        StringBuilder sb = new StringBuilder();
        for (String t : tasks) {
            Map<String, Double> m = values.get(t);
            Double a = m == null ? null : m.get("accuracy");
            sb.append(sb.length() == 0 ? "" : "/").append(a == null ? "-" : String.format(Locale.ROOT, "%.4f", a));
        }
        return sb.toString();
    }
}
