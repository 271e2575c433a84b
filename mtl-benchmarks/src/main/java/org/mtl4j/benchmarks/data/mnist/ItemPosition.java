package org.mtl4j.benchmarks.data.mnist;

/**
 * The two item positions of a multi-item image; each defines one classification task
 * (task index = {@link #ordinal()}).
 */
public enum ItemPosition {
    /** The item pasted first, near the top-left corner (task 1). */
    TOP_LEFT,
    /** The item pasted second, near the bottom-right corner (task 2). */
    BOTTOM_RIGHT
}
