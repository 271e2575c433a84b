package org.mtl4j.benchmarks.data.mnist;

/**
 * How the bottom-right partner j of a top-left source item i is drawn from the partner pool Q.
 *
 * <pre>
 * ANY              j ~ Uniform(Q)                                   (Sener &amp; Koltun; may be i itself)
 * DIFFERENT_CLASS  j ~ Uniform({ q ∈ Q : class(q) ≠ class(i) })     (ParetoMTL: "different classes",
 *                  drawn by rejection: redraw from Uniform(Q) until the class differs)
 * </pre>
 */
public enum PartnerRule {
    /** Any item of the partner pool, uniformly. */
    ANY,
    /** Any item of the partner pool whose class differs from the top-left item's, uniformly. */
    DIFFERENT_CLASS
}
