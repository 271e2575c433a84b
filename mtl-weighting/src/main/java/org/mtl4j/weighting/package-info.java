/**
 * Weighting strategies beyond EW, grouped by what they read: {@code .loss} (losses),
 * {@code .gradient} (Gram matrices and Jacobians), {@code .stochastic}, {@code .bilevel},
 * {@code .blackbox}, and the shared numerical kernels in {@code .solver}. The providers in this
 * package register the strategies by name for the CLI (via {@code META-INF/services}).
 */
package org.mtl4j.weighting;
