/**
 * Task losses: each a stateless record implementing {@link org.mtl4j.core.loss.Loss}, returning
 * the batch mean and writing {@code ∂L/∂output} into a caller buffer on request.
 *
 * <table>
 *   <caption>Losses and label layouts</caption>
 *   <tr><th>loss</th><th>output</th><th>labels</th><th>benchmarks</th></tr>
 *   <tr><td>{@link org.mtl4j.core.loss.SoftmaxCrossEntropy}</td><td>logits {@code [B, C]} or {@code [B, C, H, W]}</td>
 *       <td>class indices {@code [B]}/{@code [B, H, W]} (optionally with a singleton axis 1) or one-hot
 *       probabilities of the output's shape; optional ignore index</td><td>Office, Multi-MNIST, NYUv2 segmentation</td></tr>
 *   <tr><td>{@link org.mtl4j.core.loss.BinaryCrossEntropy}</td><td>logits, any shape</td><td>same shape, in [0, 1]</td><td>CelebA</td></tr>
 *   <tr><td>{@link org.mtl4j.core.loss.MeanSquaredError}</td><td>any shape</td><td>same shape</td><td>QM9</td></tr>
 *   <tr><td>{@link org.mtl4j.core.loss.L1Loss}</td><td>any shape</td><td>same shape (0 = missing with {@code depth()})</td><td>NYUv2 depth</td></tr>
 *   <tr><td>{@link org.mtl4j.core.loss.CosineNormalLoss}</td><td>{@code [B, 3, H, W]}</td><td>same shape (all-zero = missing)</td><td>NYUv2 normals</td></tr>
 * </table>
 *
 * <p>Conventions shared by all losses (details in {@link org.mtl4j.core.loss.Layouts}):
 * <ul>
 *   <li>computation runs in the output's data type with ND4J operations; labels and masks of other
 *       numeric types are cast;</li>
 *   <li>the value is the mean over counted elements (positions for class-wise losses), where masks
 *       (0/1) and label-derived validity exclude elements from both numerator and denominator;</li>
 *   <li>when nothing counts the loss is 0 and the gradient zero (a batch without valid pixels does
 *       not move the network), never NaN;</li>
 *   <li>shape mismatches raise {@link java.lang.IllegalArgumentException} naming both shapes.</li>
 * </ul>
 */
package org.mtl4j.core.loss;
