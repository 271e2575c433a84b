/**
 * Format-independent pieces of the benchmark data layer: the immutable {@link
 * org.mtl4j.benchmarks.data.LabeledImages} data set type, the exceptions for missing and malformed
 * data files, content checksums recorded in run records, and the default data directory
 * ({@code $MTL4J_DATA}, else {@code ~/.mtl4j/data}, filled by {@code scripts/fetch-data.sh}).
 *
 * <p>Dataset-specific readers and generators live in sub-packages, e.g. {@code .mnist}.
 */
package org.mtl4j.benchmarks.data;
