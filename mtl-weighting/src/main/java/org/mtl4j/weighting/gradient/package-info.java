/**
 * Gradient-level strategies: they read the per-task gradients of the shared parameters (or of the
 * shared representation) and return task weights or an update direction (algorithms.md §6–§12).
 * <table>
 *   <caption>strategies</caption>
 *   <tr><th>name</th><th>class</th><th>family</th><th>output scale</th><th>state / random</th></tr>
 *   <tr><td>mgda</td><td>{@link org.mtl4j.weighting.gradient.Mgda}</td><td>Gramian</td>
 *       <td>weights sum to 1</td><td>last weights (fallback) / no</td></tr>
 *   <tr><td>pcgrad</td><td>{@link org.mtl4j.weighting.gradient.PcGrad}</td><td>Jacobian</td>
 *       <td>sum</td><td>none / task orders</td></tr>
 *   <tr><td>graddrop</td><td>{@link org.mtl4j.weighting.gradient.GradDrop}</td><td>Jacobian</td>
 *       <td>sum</td><td>none / thresholds U</td></tr>
 *   <tr><td>gradvac</td><td>{@link org.mtl4j.weighting.gradient.GradVac}</td><td>Jacobian</td>
 *       <td>sum</td><td>cosine targets ρ̂ / task orders</td></tr>
 *   <tr><td>imtl</td><td>{@link org.mtl4j.weighting.gradient.ImtlHybrid},
 *       {@link org.mtl4j.weighting.gradient.ImtlG}, {@link org.mtl4j.weighting.gradient.ImtlL}</td>
 *       <td>Gramian (L only: loss)</td><td>IMTL-G weights sum to 1</td><td>scales s (trainable) / no</td></tr>
 *   <tr><td>cagrad</td><td>{@link org.mtl4j.weighting.gradient.CaGrad}</td><td>Jacobian</td>
 *       <td>mean ÷ (1+c²)</td><td>last weights (fallback) / no</td></tr>
 *   <tr><td>nash-mtl</td><td>{@link org.mtl4j.weighting.gradient.NashMtl}</td><td>Gramian</td>
 *       <td>‖d‖² = m, clipped to maxNorm</td><td>last α / no</td></tr>
 * </table>
 * Conventions (algorithms.md §0): every m×m computation is in double; the Gram matrix of a
 * Jacobian is one GEMM in the Jacobian's data type; Jacobian-sized work uses ND4J/BLAS operations
 * only; randomness comes only from {@code StepInfo.random()}; solver failures are handled by the
 * configured {@link org.mtl4j.core.weighting.FallbackPolicy}, logged once and reported in the
 * diagnostics. Configurations are validated records with a {@code defaults()} factory.
 */
package org.mtl4j.weighting.gradient;
