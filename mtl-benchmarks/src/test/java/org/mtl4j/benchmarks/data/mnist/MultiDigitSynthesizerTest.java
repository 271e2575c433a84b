package org.mtl4j.benchmarks.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.mtl4j.benchmarks.data.LabeledImages;

class MultiDigitSynthesizerTest {
    private static final int POOL = 40;
    private static final LabeledImages CONSTANT = MnistFixtures.constantImages(0, MnistFixtures.cyclicLabels(POOL, 0));
    private static final SourcePool ALL = new SourcePool(CONSTANT, IntStream.range(0, POOL).toArray());

    private static MultiDigitSplit pareto(int count, long seed) {
        return new MultiDigitSynthesizer(CanvasLayout.PARETO_36)
                .synthesize(ALL, ALL, PartnerRule.DIFFERENT_CLASS, count, new SplittableRandom(seed));
    }

    @Test
    void paretoCanvasIsTheMaxOfTheTwoPlacedItemsAtJitteredCorners() {
        MultiDigitSplit split = pareto(300, 1);
        assertEquals(36, split.height());
        assertEquals(36, split.width());
        int[] tl = split.sources(ItemPosition.TOP_LEFT);
        int[] br = split.sources(ItemPosition.BOTTOM_RIGHT);
        TreeSet<Integer> r1s = new TreeSet<>();
        TreeSet<Integer> c2s = new TreeSet<>();
        for (int t = 0; t < split.size(); t++) {
            float vi = MnistFixtures.constantValue(0, tl[t]);
            float vj = MnistFixtures.constantValue(0, br[t]);
            // the support's bounding box gives the corners: r1 <= 4 <= r2, so min row = r1, max row = r2 + 27
            int minR = 99, minC = 99, maxR = -1, maxC = -1;
            for (int r = 0; r < 36; r++) {
                for (int c = 0; c < 36; c++) {
                    if (split.pixel(t, r, c) != 0f) {
                        minR = Math.min(minR, r);
                        minC = Math.min(minC, c);
                        maxR = Math.max(maxR, r);
                        maxC = Math.max(maxC, c);
                    }
                }
            }
            int r1 = minR, c1 = minC, r2 = maxR - 27, c2 = maxC - 27;
            assertTrue(r1 >= 0 && r1 <= 4 && c1 >= 0 && c1 <= 4, "top-left corner (" + r1 + "," + c1 + ")");
            assertTrue(r2 >= 4 && r2 <= 8 && c2 >= 4 && c2 <= 8, "bottom-right corner (" + r2 + "," + c2 + ")");
            r1s.add(r1);
            c2s.add(c2);
            for (int r = 0; r < 36; r++) {
                for (int c = 0; c < 36; c++) {
                    boolean inI = r >= r1 && r < r1 + 28 && c >= c1 && c < c1 + 28;
                    boolean inJ = r >= r2 && r < r2 + 28 && c >= c2 && c < c2 + 28;
                    float expected = Math.max(inI ? vi : 0f, inJ ? vj : 0f);
                    assertEquals(expected, split.pixel(t, r, c), "composite " + t + " pixel (" + r + "," + c + ")");
                }
            }
            assertEquals(CONSTANT.label(tl[t]), split.labelTopLeft()[t]);
            assertEquals(CONSTANT.label(br[t]), split.labelBottomRight()[t]);
            assertNotEquals(split.labelTopLeft()[t], split.labelBottomRight()[t], "DIFFERENT_CLASS at " + t);
        }
        assertEquals(new TreeSet<>(Arrays.asList(0, 1, 2, 3, 4)), r1s);
        assertEquals(new TreeSet<>(Arrays.asList(4, 5, 6, 7, 8)), c2s);
    }

    @Test
    void compositesCycleThroughTheTopLeftPoolEvenly() {
        MultiDigitSplit split = pareto(100, 2); // 100 = 2 full cycles of 40 + 20
        Map<Integer, Integer> uses = new HashMap<>();
        for (int i : split.sources(ItemPosition.TOP_LEFT)) {
            uses.merge(i, 1, Integer::sum);
        }
        assertEquals(POOL, uses.size());
        assertEquals(20, uses.values().stream().filter(u -> u == 3).count());
        assertEquals(20, uses.values().stream().filter(u -> u == 2).count());
    }

    /** Pixel p of image k: ((13k + p) mod 200 + 1) / 256, non-constant so the resize is visible. */
    private static LabeledImages texturedImages(int n) {
        float[] pixels = new float[n * 784];
        for (int k = 0; k < n; k++) {
            for (int p = 0; p < 784; p++) {
                pixels[k * 784 + p] = ((13 * k + p) % 200 + 1) / 256f;
            }
        }
        return new LabeledImages(28, 28, pixels, MnistFixtures.cyclicLabels(n, 0));
    }

    @Test
    void mgdaLayoutIsTheNearestResizeOfTheFixedCanvas() {
        LabeledImages images = texturedImages(12);
        SourcePool pool = new SourcePool(images, IntStream.range(0, 12).toArray());
        MultiDigitSplit split = new MultiDigitSynthesizer(CanvasLayout.MGDA_28)
                .synthesize(pool, pool, PartnerRule.ANY, 60, new SplittableRandom(3));
        assertEquals(28, split.height());
        int[] tl = split.sources(ItemPosition.TOP_LEFT);
        int[] br = split.sources(ItemPosition.BOTTOM_RIGHT);
        boolean sameClassSeen = false;
        for (int t = 0; t < split.size(); t++) {
            double[][] canvas = new double[36][36];
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    canvas[y][x] = images.pixel(tl[t], y, x);
                }
            }
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    canvas[y + 6][x + 6] = Math.max(canvas[y + 6][x + 6], images.pixel(br[t], y, x));
                }
            }
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int sy = (int) Math.floor((y + 0.5) * 36 / 28.0);
                    int sx = (int) Math.floor((x + 0.5) * 36 / 28.0);
                    assertEquals((float) canvas[sy][sx], split.pixel(t, y, x), "composite " + t);
                }
            }
            sameClassSeen |= split.labelTopLeft()[t] == split.labelBottomRight()[t];
        }
        assertTrue(sameClassSeen, "partner rule ANY should sometimes pair equal classes (12 items, 10 classes)");
    }

    @Test
    void sameStreamGivesTheSameSplitAndAnotherSeedAnotherChecksum() {
        MultiDigitSplit a = pareto(50, 7);
        MultiDigitSplit b = pareto(50, 7);
        assertEquals(a.checksum(), b.checksum());
        assertArrayEquals(a.images(), b.images());
        assertArrayEquals(a.sources(ItemPosition.BOTTOM_RIGHT), b.sources(ItemPosition.BOTTOM_RIGHT));
        assertNotEquals(a.checksum(), pareto(50, 8).checksum());
    }

    @Test
    void impossiblePartnerRuleIsRejected() {
        LabeledImages oneClass = MnistFixtures.constantImages(0, new int[] {4, 4, 4});
        SourcePool pool = new SourcePool(oneClass, new int[] {0, 1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiDigitSynthesizer(CanvasLayout.PARETO_36)
                        .synthesize(pool, pool, PartnerRule.DIFFERENT_CLASS, 5, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("only class 4"), e.getMessage());
    }

    @Test
    void itemsThatAreNot28x28AreRejected() {
        LabeledImages small = new LabeledImages(2, 2, new float[8], new int[] {0, 1});
        SourcePool pool = new SourcePool(small, new int[] {0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiDigitSynthesizer(CanvasLayout.PARETO_36)
                        .synthesize(pool, pool, PartnerRule.ANY, 1, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("28x28, found 2x2"), e.getMessage());
    }

    @Test
    void sourcePoolRejectsDuplicatesAndOutOfRangeIndices() {
        assertThrows(IllegalArgumentException.class, () -> new SourcePool(CONSTANT, new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new SourcePool(CONSTANT, new int[] {POOL}));
        assertThrows(IllegalArgumentException.class, () -> new SourcePool(CONSTANT, new int[0]));
    }
}
