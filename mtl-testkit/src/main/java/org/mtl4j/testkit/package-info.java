/**
 * Test kit for weighting strategies (add it with test scope): {@link org.mtl4j.testkit.WeightingContract},
 * the abstract JUnit 5 contract every strategy must pass, its checks as static methods in
 * {@link org.mtl4j.testkit.WeightingChecks}, seeded structured Jacobians in
 * {@link org.mtl4j.testkit.JacobianGenerators}, and {@link org.mtl4j.testkit.StepInfos} for
 * step information with reproducible RNGs.
 */
package org.mtl4j.testkit;
