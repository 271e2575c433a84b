/**
 * Experiments for the bi-level task-weighting methods MOML and FORUM (thesis Ch. 3;
 * algorithms.md §19–§20): the synthetic MOBLO problem of thesis A.32 ({@code moblo-toy}),
 * multi-task data hyper-cleaning on MNIST and Fashion-MNIST with per-sample weights
 * ({@code hypercleaning}), and the cost scaling in T and in the number of lower-level parameters
 * ({@code bench bilevel}). All three reuse the update math of
 * {@code org.mtl4j.weighting.bilevel} (MOML's unrolled hypergradient and MGDA combination,
 * FORUM's value-function gradient, QP and momentum) instead of copies of it.
 */
package org.mtl4j.benchmarks.bilevel;
