package org.mtl4j.benchmarks.data.mnist;

/**
 * Where the two 28×28 items go on the 36×36 canvas, and the output size.
 *
 * <pre>
 * PARETO_36  (our reproducible ParetoMTL-style recipe; default)
 *   top-left item's corner     (r1, c1),  r1, c1 ~ Uniform{0..4}  independently
 *   bottom-right item's corner (r2, c2),  r2, c2 ~ Uniform{4..8}  independently
 *   i.e. nominal corners (0,0) and (8,8), each jittered up to 4 px towards the centre
 *   partner rule DIFFERENT_CLASS; output 36×36 (no resize)
 * MGDA_28    (Sener &amp; Koltun's MultiMNIST generator)
 *   corners (0,0) and (6,6), no jitter; partner rule ANY;
 *   canvas resized 36×36 → 28×28 by nearest neighbour ({@link NearestResize})
 * both: canvas = 0; paste top-left item; then canvas[p] = max(canvas[p], bottom-right item[p])
 * </pre>
 *
 * For {@link MultiDigitKind#MULTI_FASHION_MNIST} the two items come from different label spaces,
 * so the partner rule is {@link PartnerRule#ANY} under both layouts.
 */
public enum CanvasLayout {
    /** 36×36 output, jittered corners in {0..4} and {4..8}, partner of a different class. */
    PARETO_36(0, 4, 4, 8, 36, PartnerRule.DIFFERENT_CLASS),
    /** 28×28 output (nearest resize of the 36×36 canvas), fixed corners 0 and 6, any partner. */
    MGDA_28(0, 0, 6, 6, 28, PartnerRule.ANY);

    /** Side of the square canvas the items are pasted on. */
    public static final int CANVAS_SIDE = 36;
    /** Side of the square source items. */
    public static final int ITEM_SIDE = 28;

    private final int topLeftMin;
    private final int topLeftMax;
    private final int bottomRightMin;
    private final int bottomRightMax;
    private final int outputSide;
    private final PartnerRule partnerRule;

    CanvasLayout(int topLeftMin, int topLeftMax, int bottomRightMin, int bottomRightMax, int outputSide,
                 PartnerRule partnerRule) {
        this.topLeftMin = topLeftMin;
        this.topLeftMax = topLeftMax;
        this.bottomRightMin = bottomRightMin;
        this.bottomRightMax = bottomRightMax;
        this.outputSide = outputSide;
        this.partnerRule = partnerRule;
    }

    /**
     * @param position which item
     * @return the smallest row (and column) of that item's top-left corner on the canvas
     */
    public int minCorner(ItemPosition position) {
        return position == ItemPosition.TOP_LEFT ? topLeftMin : bottomRightMin;
    }

    /**
     * @param position which item
     * @return the largest row (and column) of that item's top-left corner on the canvas
     */
    public int maxCorner(ItemPosition position) {
        return position == ItemPosition.TOP_LEFT ? topLeftMax : bottomRightMax;
    }

    /** @return side of the square output images (36 or 28) */
    public int outputSide() {
        return outputSide;
    }

    /** @return the partner rule for benchmarks whose two items share one source pool */
    public PartnerRule partnerRule() {
        return partnerRule;
    }
}
