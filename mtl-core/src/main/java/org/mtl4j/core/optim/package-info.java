/**
 * Optimisers over one flat parameter vector ({@link org.mtl4j.core.optim.OptimizerConfig}:
 * {@link org.mtl4j.core.optim.Sgd}, {@link org.mtl4j.core.optim.Adam}), in PyTorch's conventions.
 * On the CPU backend the update runs as one Java loop over primitive arrays with bulk copies
 * (several times faster than ND4J's element-wise ops or fused updater ops for one flat vector);
 * on other backends (CUDA) as ND4J operations, since a host loop would copy the whole vector
 * between device and host every step. Both implementations give the same results up to float
 * rounding.
 */
package org.mtl4j.core.optim;
