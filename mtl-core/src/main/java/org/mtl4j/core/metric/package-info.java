/**
 * Evaluation metrics: each a record implementing {@link org.mtl4j.core.metric.Metric} with a
 * {@link org.mtl4j.core.metric.Direction} and a fresh {@link org.mtl4j.core.metric.MetricAccumulator}
 * per evaluation set. Accumulators collect sums and counts, confusion matrices or (for the pooled
 * median) all values over the whole set, so results do not depend on how the set is batched
 * (except the {@link org.mtl4j.core.metric.Pooling#BATCH_MEAN} and
 * {@link org.mtl4j.core.metric.IouAveraging#PER_IMAGE} options that reproduce peers that do).
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>metric</th><th>name</th><th>direction</th><th>output / labels</th></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.Accuracy}</td><td>accuracy</td><td>↑</td><td>{@code [B, C]} / indices or one-hot</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.PixelAccuracy}</td><td>pixel-accuracy</td><td>↑</td><td>{@code [B, C, H, W]} / {@code [B, H, W]}</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.MeanIoU}</td><td>miou</td><td>↑</td><td>{@code [B, C, H, W]} / {@code [B, H, W]}</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.MeanAbsoluteError}</td><td>mae</td><td>↓</td><td>same shapes</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.MeanSquaredErrorMetric}</td><td>mse</td><td>↓</td><td>same shapes</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.DepthAbsoluteError}</td><td>abs-err</td><td>↓</td><td>{@code [B, 1, H, W]}, 0 = missing</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.DepthRelativeError}</td><td>rel-err</td><td>↓</td><td>{@code [B, 1, H, W]}, 0 = missing</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.NormalAngleMean}</td><td>angle-mean</td><td>↓</td><td>{@code [B, 3, H, W]}, all-zero = missing</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.NormalAngleMedian}</td><td>angle-median</td><td>↓</td><td>{@code [B, 3, H, W]}</td></tr>
 *   <tr><td>{@link org.mtl4j.core.metric.NormalAngleWithin}</td><td>within-11.25 / -22.5 / -30</td><td>↑</td><td>{@code [B, 3, H, W]}</td></tr>
 * </table>
 *
 * <p>Ratios (accuracy, mIoU, within-t) are fractions in [0, 1], angles in degrees. Label and mask
 * layouts are those of the losses ({@link org.mtl4j.core.loss.Layouts}); segmentation metrics
 * default to ignoring label −1 (NYUv2 void).
 */
package org.mtl4j.core.metric;
