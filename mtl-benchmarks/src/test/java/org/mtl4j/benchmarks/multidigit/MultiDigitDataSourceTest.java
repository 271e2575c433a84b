package org.mtl4j.benchmarks.multidigit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtl4j.benchmarks.data.mnist.ItemPosition;
import org.mtl4j.benchmarks.data.mnist.MultiDigitSplit;
import org.mtl4j.core.data.MtlBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MultiDigitDataSourceTest {
    private static final int N = 23;
    private static final int SIDE = 4;

    /** Image k has every pixel = (k + 1) / 64 (exact in float) and labels k % 10, (3k + 1) % 10. */
    static MultiDigitSplit split() {
        float[] pixels = new float[N * SIDE * SIDE];
        int[] tl = new int[N];
        int[] br = new int[N];
        int[] src = new int[N];
        for (int k = 0; k < N; k++) {
            Arrays.fill(pixels, k * SIDE * SIDE, (k + 1) * SIDE * SIDE, (k + 1) / 64f);
            tl[k] = k % 10;
            br[k] = (3 * k + 1) % 10;
            src[k] = k;
        }
        return new MultiDigitSplit(SIDE, SIDE, pixels, tl, br, src, src);
    }

    /** The image index a batch row came from, recovered from its constant pixel value. */
    private static int imageOf(INDArray x, int row) {
        return Math.round(x.getFloat(row, 0, 1, 2) * 64f) - 1;
    }

    @Test
    void anEpochVisitsEveryImageOnceWithMatchingLabels() {
        MultiDigitSplit split = split();
        MultiDigitDataSource src = MultiDigitDataSource.training(split, 5);
        assertEquals(5, src.numBatches()); // ceil(23 / 5)
        assertEquals(2, src.numTasks());
        int[] seen = new int[N];
        int[] tl = split.labelTopLeft();
        int[] br = split.labelBottomRight();
        for (int b = 0; b < src.numBatches(); b++) {
            MtlBatch batch = src.batch(2, b, 7L);
            INDArray x = batch.input();
            assertEquals(DataType.FLOAT, x.dataType());
            long rows = b < 4 ? 5 : 3;
            assertArrayEquals(new long[] {rows, 1, SIDE, SIDE}, x.shape());
            for (int r = 0; r < rows; r++) {
                int k = imageOf(x, r);
                seen[k]++;
                // every pixel of the row is the image's constant
                assertEquals((k + 1) / 64f * SIDE * SIDE, x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(r)).sumNumber().floatValue(), 1e-5);
                assertOneHot(batch.labels(0), r, tl[k]);
                assertOneHot(batch.labels(1), r, br[k]);
            }
        }
        int[] once = new int[N];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen);
    }

    private static void assertOneHot(INDArray y, int row, int cls) {
        assertEquals(10, y.size(1));
        for (int c = 0; c < 10; c++) {
            assertEquals(c == cls ? 1f : 0f, y.getFloat(row, c), "class " + c + " of row " + row);
        }
    }

    @Test
    void batchesArePureFunctionsOfEpochIndexAndSeed() {
        MultiDigitDataSource a = MultiDigitDataSource.training(split(), 5);
        MultiDigitDataSource b = MultiDigitDataSource.training(split(), 5);
        // b computes other epochs first: its cache must not change the answer
        b.batch(0, 1, 3L);
        b.batch(5, 0, 9L);
        for (int idx = 0; idx < a.numBatches(); idx++) {
            assertEquals(a.batch(1, idx, 42L).input(), b.batch(1, idx, 42L).input());
            assertEquals(a.batch(1, idx, 42L).labels(1), b.batch(1, idx, 42L).labels(1));
        }
        assertArrayEquals(a.order(1, 42L), b.order(1, 42L));
        assertFalse(Arrays.equals(a.order(1, 42L), a.order(2, 42L)), "epochs use different permutations");
        assertFalse(Arrays.equals(a.order(1, 42L), a.order(1, 43L)), "seeds use different permutations");
        int[] sorted = a.order(3, 1L);
        Arrays.sort(sorted);
        int[] identity = new int[N];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, sorted);
    }

    @Test
    void evaluationKeepsStorageOrderAndIgnoresEpochAndSeed() {
        MultiDigitDataSource src = MultiDigitDataSource.evaluation(split(), 10);
        MtlBatch last = src.batch(4, 2, 99L);
        assertEquals(3, last.size(0));
        for (int r = 0; r < 3; r++) {
            assertEquals(20 + r, imageOf(last.input(), r));
        }
        assertEquals(src.batch(0, 1, 0L).input(), src.batch(7, 1, 5L).input());
    }

    @Test
    void restrictedSourceServesOnlyTheChosenTaskInOrder() {
        MultiDigitSplit split = split();
        MultiDigitDataSource one = MultiDigitDataSource.training(split, 5).restrictedTo(List.of(ItemPosition.BOTTOM_RIGHT));
        assertEquals(1, one.numTasks());
        MtlBatch batch = one.batch(0, 0, 1L);
        int k = imageOf(batch.input(), 0);
        assertOneHot(batch.labels(0), 0, split.labelBottomRight()[k]);
        assertEquals(split.checksum(), one.checksum());
        // same order as the two-task source with the same seed
        assertArrayEquals(MultiDigitDataSource.training(split, 5).order(0, 1L), one.order(0, 1L));
    }

    @Test
    void badArgumentsAreRejectedWithTheValue() {
        MultiDigitSplit split = split();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiDigitDataSource(split, List.of(ItemPosition.TOP_LEFT), 0, true));
        assertTrue(e.getMessage().contains("batchSize must be >= 1, found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MultiDigitDataSource(split, List.of(ItemPosition.TOP_LEFT, ItemPosition.TOP_LEFT), 4, true));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
        MultiDigitDataSource src = MultiDigitDataSource.training(split, 5);
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class, () -> src.batch(0, 5, 1L));
        assertTrue(oob.getMessage().contains("found 5"), oob.getMessage());
    }
}
