package org.mtl4j.benchmarks.bilevel;

import java.util.Locale;

/** The bi-level method an experiment runs (the CLI names are {@code moml} and {@code forum}). */
public enum BilevelMethod {
    /** MOML: hypergradients through the unrolled lower level, combined by MGDA. */
    MOML,
    /** FORUM: first-order value-function constraint and the (λ, γ) QP. */
    FORUM;

    /** @return the method named {@code name} (case-insensitive); IllegalArgumentException listing the names otherwise */
    public static BilevelMethod fromCliName(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (BilevelMethod m : values()) {
            if (m.name().equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; available: moml, forum");
    }

    /** @return the CLI name */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
