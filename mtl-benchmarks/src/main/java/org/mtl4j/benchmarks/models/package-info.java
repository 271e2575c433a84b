/**
 * Model factories for the benchmarks: {@link org.mtl4j.benchmarks.models.NativeMlp} (native ND4J
 * modules, the fast default for MLP encoders with linear heads) and
 * {@link org.mtl4j.benchmarks.models.Dl4jMlp} (the same networks as DL4J layers, the reference).
 */
package org.mtl4j.benchmarks.models;
