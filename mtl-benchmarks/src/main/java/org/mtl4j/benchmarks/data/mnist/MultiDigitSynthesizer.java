package org.mtl4j.benchmarks.data.mnist;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Composes two-item images (Multi-MNIST / Multi-Fashion / Multi-(Fashion+MNIST)) from two source
 * pools, following benchmarks.md §6.2 with the corner rule of a {@link CanvasLayout}.
 *
 * <pre>
 * given top-left pool P (p items), partner pool Q, count n, rng:
 * for t = 0 .. n−1:
 *   if t mod p = 0:  order ← a uniformly random permutation of P (Fisher–Yates with rng)
 *   i ← order[t mod p]                                   (each source used ⌊n/p⌋ or ⌈n/p⌉ times)
 *   j ← partner of i drawn from Q by the {@link PartnerRule}
 *   (r1, c1) ← corners of the top-left item, (r2, c2) of the bottom-right item, each coordinate
 *              uniform in the layout's range (no draw when the range is a single value)
 *   canvas (36×36) ← 0;  canvas[r1+y][c1+x] ← item_i[y][x]
 *   canvas[r2+y][c2+x] ← max(canvas[r2+y][c2+x], item_j[y][x])        for y, x in 0..27
 *   image_t ← canvas, or its nearest-neighbour resize for MGDA_28
 *   labels_t ← (class(i), class(j));  sources_t ← (i, j)
 * </pre>
 *
 * Draw order per composite: the permutation (at cycle start), partner draws, r1, c1, r2, c2.
 * The same rng state gives the same split, bit for bit. Stateless apart from its layout.
 */
public final class MultiDigitSynthesizer {
    private static final int ITEM = CanvasLayout.ITEM_SIDE;
    private static final int CANVAS = CanvasLayout.CANVAS_SIDE;

    private final CanvasLayout layout;
    private final NearestResize resize;

    /** @param layout where items go and the output size */
    public MultiDigitSynthesizer(CanvasLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.resize = layout.outputSide() == CANVAS ? null
                : new NearestResize(CANVAS, CANVAS, layout.outputSide(), layout.outputSide());
    }

    /** @return the layout */
    public CanvasLayout layout() {
        return layout;
    }

    /**
     * @param topLeft     pool of top-left items (every item is used in turn)
     * @param bottomRight pool partners are drawn from (may be the same pool)
     * @param rule        how partners are drawn
     * @param count       number of composites, {@code >= 1}
     * @param rng         the split's random stream (advanced)
     * @return the composites
     * @throws IllegalArgumentException if items are not 28×28, labels not in [0, 10), or
     *                                  {@link PartnerRule#DIFFERENT_CLASS} has no possible partner
     */
    public MultiDigitSplit synthesize(SourcePool topLeft, SourcePool bottomRight, PartnerRule rule, int count,
                                      SplittableRandom rng) {
        Objects.requireNonNull(topLeft, "topLeft");
        Objects.requireNonNull(bottomRight, "bottomRight");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(rng, "rng");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, found " + count);
        }
        requireItems("topLeft", topLeft);
        requireItems("bottomRight", bottomRight);
        if (rule == PartnerRule.DIFFERENT_CLASS) {
            requireDifferentClassPossible(topLeft, bottomRight);
        }
        int side = layout.outputSide();
        long totalPixels = (long) count * side * side;
        if (totalPixels > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("count " + count + " of " + side + "x" + side
                    + " images exceeds one array; use fewer composites");
        }
        float[] images = new float[(int) totalPixels];
        int[] labelTopLeft = new int[count];
        int[] labelBottomRight = new int[count];
        int[] sourceTopLeft = new int[count];
        int[] sourceBottomRight = new int[count];
        float[] canvas = new float[CANVAS * CANVAS];
        float[] itemI = new float[ITEM * ITEM];
        float[] itemJ = new float[ITEM * ITEM];
        int[] order = topLeft.indices();
        int p = order.length;
        for (int t = 0; t < count; t++) {
            if (t % p == 0) {
                shuffle(order, rng);
            }
            int i = order[t % p];
            int classI = topLeft.images().label(i);
            int j = drawPartner(bottomRight, rule, classI, rng);
            int r1 = corner(ItemPosition.TOP_LEFT, rng);
            int c1 = corner(ItemPosition.TOP_LEFT, rng);
            int r2 = corner(ItemPosition.BOTTOM_RIGHT, rng);
            int c2 = corner(ItemPosition.BOTTOM_RIGHT, rng);
            topLeft.images().copyImage(i, itemI, 0);
            bottomRight.images().copyImage(j, itemJ, 0);
            Arrays.fill(canvas, 0f);
            for (int y = 0; y < ITEM; y++) {
                System.arraycopy(itemI, y * ITEM, canvas, (r1 + y) * CANVAS + c1, ITEM);
            }
            for (int y = 0; y < ITEM; y++) {
                int base = (r2 + y) * CANVAS + c2;
                for (int x = 0; x < ITEM; x++) {
                    canvas[base + x] = Math.max(canvas[base + x], itemJ[y * ITEM + x]);
                }
            }
            int offset = t * side * side;
            if (resize == null) {
                System.arraycopy(canvas, 0, images, offset, CANVAS * CANVAS);
            } else {
                resize.resize(canvas, 0, images, offset);
            }
            labelTopLeft[t] = classI;
            labelBottomRight[t] = bottomRight.images().label(j);
            sourceTopLeft[t] = i;
            sourceBottomRight[t] = j;
        }
        return new MultiDigitSplit(side, side, images, labelTopLeft, labelBottomRight, sourceTopLeft,
                sourceBottomRight, false);
    }

    private int drawPartner(SourcePool pool, PartnerRule rule, int classI, SplittableRandom rng) {
        while (true) {
            int j = pool.index(rng.nextInt(pool.size()));
            if (rule == PartnerRule.ANY || pool.images().label(j) != classI) {
                return j;
            }
        }
    }

    private int corner(ItemPosition position, SplittableRandom rng) {
        int min = layout.minCorner(position);
        int max = layout.maxCorner(position);
        return min == max ? min : min + rng.nextInt(max - min + 1);
    }

    /** Fisher–Yates: for k = n−1 .. 1 swap a[k] with a[Uniform{0..k}]. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int k = a.length - 1; k > 0; k--) {
            int r = rng.nextInt(k + 1);
            int tmp = a[k];
            a[k] = a[r];
            a[r] = tmp;
        }
    }

    private static void requireItems(String name, SourcePool pool) {
        if (pool.images().rows() != ITEM || pool.images().cols() != ITEM) {
            throw new IllegalArgumentException(name + " items must be " + ITEM + "x" + ITEM + ", found "
                    + pool.images().rows() + "x" + pool.images().cols());
        }
        for (int k = 0; k < pool.size(); k++) {
            int label = pool.images().label(pool.index(k));
            if (label >= MultiDigitSplit.NUM_CLASSES) {
                throw new IllegalArgumentException(name + " labels must be in [0, " + MultiDigitSplit.NUM_CLASSES
                        + "), found " + label + " for source index " + pool.index(k));
            }
        }
    }

    private static void requireDifferentClassPossible(SourcePool topLeft, SourcePool bottomRight) {
        boolean[] partnerHas = new boolean[MultiDigitSplit.NUM_CLASSES];
        int partnerClasses = 0;
        int onlyClass = -1;
        for (int k = 0; k < bottomRight.size(); k++) {
            int label = bottomRight.images().label(bottomRight.index(k));
            if (!partnerHas[label]) {
                partnerHas[label] = true;
                partnerClasses++;
                onlyClass = label;
            }
        }
        if (partnerClasses >= 2) {
            return;
        }
        for (int k = 0; k < topLeft.size(); k++) {
            if (topLeft.images().label(topLeft.index(k)) == onlyClass) {
                throw new IllegalArgumentException("partner rule DIFFERENT_CLASS needs a partner of another class, but"
                        + " the bottomRight pool holds only class " + onlyClass + " and the topLeft pool holds it too");
            }
        }
    }
}
