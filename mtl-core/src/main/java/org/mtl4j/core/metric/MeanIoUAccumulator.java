package org.mtl4j.core.metric;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Confusion-matrix accumulation for {@link MeanIoU}. */
final class MeanIoUAccumulator implements MetricAccumulator {
    private static final String WHAT = "miou";
    private final int ignoreIndex;
    private final IouAveraging averaging;
    private long[][] confusion;
    private double perImageSum;
    private long images;

    MeanIoUAccumulator(int ignoreIndex, IouAveraging averaging) {
        this.ignoreIndex = ignoreIndex;
        this.averaging = averaging;
    }

    @Override
    public void update(INDArray output, INDArray labels, INDArray mask) {
        ClassBatch batch = ClassBatch.of(output, labels, mask, ignoreIndex, WHAT);
        int c = Math.toIntExact(batch.numClasses());
        if (confusion == null) {
            confusion = new long[c][c];
        } else if (confusion.length != c) {
            throw new IllegalArgumentException(WHAT + ": output has " + c + " classes, earlier batches had " + confusion.length);
        }
        // bulk copies; the per-pixel scatter into the C×C histogram has no working ND4J op
        int[] predicted = batch.predicted().ravel().toIntVector();
        int[] actual = batch.actual().ravel().toIntVector();
        float[] counted = batch.counted().ravel().toFloatVector();
        if (averaging == IouAveraging.DATASET) {
            count(predicted, actual, counted, 0, predicted.length, confusion);
        } else {
            int examples = Math.toIntExact(output.size(0));
            int perImage = predicted.length / examples;
            long[][] single = new long[c][c];
            for (int b = 0; b < examples; b++) {
                for (long[] row : single) {
                    java.util.Arrays.fill(row, 0);
                }
                count(predicted, actual, counted, b * perImage, (b + 1) * perImage, single);
                double miou = MeanIoU.meanIoU(single);
                if (!Double.isNaN(miou)) {
                    perImageSum += miou;
                    images++;
                }
            }
        }
    }

    private static void count(int[] predicted, int[] actual, float[] counted, int from, int to, long[][] into) {
        for (int i = from; i < to; i++) {
            if (counted[i] != 0) {
                into[actual[i]][predicted[i]]++;
            }
        }
    }

    @Override
    public double value() {
        double v = averaging == IouAveraging.DATASET
                ? (confusion == null ? Double.NaN : MeanIoU.meanIoU(confusion))
                : (images == 0 ? Double.NaN : perImageSum / images);
        if (Double.isNaN(v)) {
            throw new IllegalStateException(WHAT + ": no counted pixel accumulated yet");
        }
        return v;
    }

    /** @return a copy of the accumulated confusion matrix (DATASET averaging), rows = labels */
    long[][] confusion() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }
}
