/**
 * Native ND4J modules: dense stacks ({@link org.mtl4j.core.model.nd4j.DenseStack}), convolution
 * stacks of the LeNet family ({@link org.mtl4j.core.model.nd4j.ConvStack}) and fused linear task heads
 * ({@link org.mtl4j.core.model.nd4j.FusedLinearHeads}) written directly on ND4J operations, behind the same {@link org.mtl4j.core.model.Module} /
 * {@link org.mtl4j.core.model.TaskHeads} interfaces as the DL4J adapter, and several times faster
 * on small networks.
 *
 * <p>What makes them fast (measured on 2-core machines, see the README's performance section):
 * <ul>
 *   <li>every activation and gradient buffer is preallocated (per batch size) and reused: after the
 *       first step of a given batch size no ND4J array is allocated;</li>
 *   <li>matrix products run as {@code Nd4j.gemm} into c-order buffers ({@code INDArray.mmul} with a
 *       c-order result computes into an f-order temporary and copies);</li>
 *   <li>the backward pass never recomputes the forward, skips {@code ∂L/∂x} of the first layer
 *       unless asked, and forms bias gradients as {@code 1ᵀδ} GEMMs;</li>
 *   <li>one forward serves any number of backward passes (the per-task Jacobian): backward passes
 *       only read the forward's buffers;</li>
 *   <li>all task heads run as one GEMM {@code [B, D] × [D, Σ C_i]}; task outputs are column views;
 *       the heads' blocks of the flat vector are packed and their gradients scattered back by bulk
 *       row copies ({@link org.mtl4j.core.model.nd4j.HostCopy#copyRows}), not strided ND4J assigns;</li>
 *   <li>biases are added by prebuilt {@code biasadd} ops ({@code RowBiasAdd}), about
 *       half the cost of a new broadcast op per call;</li>
 *   <li>with two {@link org.mtl4j.core.model.nd4j.ComputeLanes lanes} (one per model, shared by its
 *       modules), the large pieces run on the stepping thread and one worker thread at once, on
 *       disjoint views (batch rows, output units, groups of tasks), with the same results as one lane.</li>
 * </ul>
 *
 * <p>Parameter layout: a dense layer {@code n_in → n_out} stores its weight as an
 * {@code [n_out, n_in]} row-major matrix followed by its bias {@code [n_out]}, layer after layer.
 * This is PyTorch's {@code nn.Linear} layout and exactly the flat layout of DL4J's
 * {@code DenseLayer} (whose {@code W} is an f-order {@code [n_in, n_out]} matrix), so parameter
 * vectors move between a DL4J {@code MultiLayerNetwork} of dense layers and these modules by a
 * plain copy. A convolution block stores its bias {@code [C_out]} first and then its weight
 * {@code [C_out, C_in, k, k]} row-major, as DL4J's {@code ConvolutionLayer}.
 */
package org.mtl4j.core.model.nd4j;
