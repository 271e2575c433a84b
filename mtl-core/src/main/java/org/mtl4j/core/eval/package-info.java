/**
 * Evaluation results and multi-task scores: typed results ({@link org.mtl4j.core.eval.MetricKey},
 * {@link org.mtl4j.core.eval.TaskResult}, {@link org.mtl4j.core.eval.EvaluationResult}), a
 * {@link org.mtl4j.core.eval.TaskSetEvaluator} that accumulates every task's metrics over an
 * evaluation set, and the two incompatible multi-task scores of the literature against user-supplied
 * single-task baselines: {@link org.mtl4j.core.eval.DeltaP} (LibMTL, higher is better, averaged per
 * task first) and {@link org.mtl4j.core.eval.DeltaM} (Nash-MTL/CAGrad, lower is better, flat over
 * metrics).
 */
package org.mtl4j.core.eval;
