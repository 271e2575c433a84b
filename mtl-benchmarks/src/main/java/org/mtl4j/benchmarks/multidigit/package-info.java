/**
 * Training and evaluation on the two-item image benchmarks (Multi-MNIST, Multi-Fashion,
 * Multi-(Fashion+MNIST); Sener &amp; Koltun 2018, Lin et al. 2019): the ParetoMTL {@link
 * org.mtl4j.benchmarks.multidigit.LeNet} (shared convolutional encoder, one linear head per item),
 * a {@link org.mtl4j.benchmarks.multidigit.MultiDigitDataSource} that batches a generated split on
 * demand, the {@link org.mtl4j.benchmarks.multidigit.TrainCommand} ({@code mtl4j train}) that trains
 * any registered strategy or the single-task baselines over seeds and writes run records, per-epoch
 * CSVs, PNG plots and mean ± std summaries with Δp, and the quick {@link
 * org.mtl4j.benchmarks.multidigit.MultiFashionDemo}.
 *
 * <pre>
 * TrainCommand → TrainingBenchmark (LoadedMultiDigitBenchmark | SyntheticTrainingBenchmark)
 *              → ExperimentRunner (MtlTrainer + RunHistory + RunPlots, one run per task set and seed)
 *              → ExperimentSummary (MeanStd over seeds, Δp against an STL summary)
 * </pre>
 */
package org.mtl4j.benchmarks.multidigit;
