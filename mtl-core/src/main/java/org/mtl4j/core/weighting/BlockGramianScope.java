package org.mtl4j.core.weighting;

/**
 * Implemented by a {@link GramianWeighting} whose weights read the Gram matrix of one contiguous
 * block of the shared parameters θ instead of all of θ (GradNorm's last-shared-layer gradient
 * norms, Chen et al. 2018). With {@code J_B} the columns {@code [offset, offset + length)} of the
 * Jacobian J (rows {@code g_i}), the caller hands {@link GramianWeighting#weigh} the block's Gram
 * matrix
 * <pre>
 *   G^B = J_B J_Bᵀ,   G^B_ij = ⟨g_i|_B, g_j|_B⟩      (m×m, double)
 * </pre>
 * while the shared direction stays {@code d = Σ_i w_i g_i} over all of θ. {@code G^B} is a
 * product of a slice of J's existing rows: nothing model-sized beyond J is formed.
 *
 * <p>The block is declared per step by {@link #gramianBlock(long)}, right before {@code weigh}
 * (like {@link GradientSpace} declares which space G lives in). A caller that can only offer the
 * Gram matrix of all of θ must not drive a strategy whose {@code gramianBlock} returns non-null.
 */
public interface BlockGramianScope {
    /**
     * A contiguous block of θ's columns.
     *
     * @param offset first column (≥ 0)
     * @param length number of columns (≥ 1)
     */
    record Block(long offset, long length) {
        /** Validates. */
        public Block {
            if (offset < 0) {
                throw new IllegalArgumentException("block offset must be >= 0, found " + offset);
            }
            if (length < 1) {
                throw new IllegalArgumentException("block length must be >= 1, found " + length);
            }
        }
    }

    /**
     * @param p number of shared parameters (columns of J)
     * @return the block whose Gram matrix {@code weigh} reads ({@code offset + length ≤ p}), or null
     *         when it reads the Gram matrix of all of θ
     * @throws IllegalStateException when the block cannot be determined (e.g. the strategy needs
     *                               {@link ParameterBlocksAware} sizes and none were set)
     */
    Block gramianBlock(long p);
}
