/**
 * Black-box multi-task learning on a frozen network (issue 7; thesis Ch. 4 §4.6.2): a
 * pre-trained, frozen classifier ({@link org.mtl4j.benchmarks.blackbox.FrozenClassifier})
 * reached only through forward queries ({@link org.mtl4j.benchmarks.blackbox.InferenceApi}),
 * prompted additively with {@code x + A v} where {@code A} is a fixed
 * {@link org.mtl4j.weighting.blackbox.RandomProjection}; the per-task losses form the
 * {@link org.mtl4j.weighting.blackbox.BlackBoxObjective}
 * ({@link org.mtl4j.benchmarks.blackbox.PromptObjective}) optimised by ASMG, ASMG-EW, ES and
 * CMA-ES ({@link org.mtl4j.benchmarks.blackbox.BlackBoxMtlExperiment}, command
 * {@code mtl4j blackbox-mtl}).
 */
package org.mtl4j.benchmarks.blackbox;
