package org.mtl4j.benchmarks.data.mnist;

/**
 * The three two-task benchmarks of Lin et al., "Pareto Multi-Task Learning" (NeurIPS 2019), §6.1:
 * every input holds two 28×28 items, one at the top-left and one at the bottom-right; task 1
 * classifies the top-left item, task 2 the bottom-right item (10 classes each).
 *
 * <pre>
 * kind                  top-left item   bottom-right item
 * MULTI_MNIST           MNIST           MNIST
 * MULTI_FASHION         Fashion-MNIST   Fashion-MNIST
 * MULTI_FASHION_MNIST   Fashion-MNIST   MNIST
 * </pre>
 *
 * The paper does not say which of the mixed pair goes where; we put the Fashion item top-left
 * (the order of the name).
 */
public enum MultiDigitKind {
    /** Two MNIST digits. */
    MULTI_MNIST(SourceDataset.MNIST, SourceDataset.MNIST),
    /** Two Fashion-MNIST articles. */
    MULTI_FASHION(SourceDataset.FASHION_MNIST, SourceDataset.FASHION_MNIST),
    /** A Fashion-MNIST article (top-left) and an MNIST digit (bottom-right). */
    MULTI_FASHION_MNIST(SourceDataset.FASHION_MNIST, SourceDataset.MNIST);

    private final SourceDataset topLeft;
    private final SourceDataset bottomRight;

    MultiDigitKind(SourceDataset topLeft, SourceDataset bottomRight) {
        this.topLeft = topLeft;
        this.bottomRight = bottomRight;
    }

    /**
     * @param position which item
     * @return the data set that item is drawn from
     */
    public SourceDataset source(ItemPosition position) {
        return position == ItemPosition.TOP_LEFT ? topLeft : bottomRight;
    }

    /** @return true when both items come from the same data set (and the same source pool) */
    public boolean singleSource() {
        return topLeft == bottomRight;
    }

    /**
     * @param dataset a source data set
     * @return true when this kind draws items from it
     */
    public boolean uses(SourceDataset dataset) {
        return topLeft == dataset || bottomRight == dataset;
    }
}
