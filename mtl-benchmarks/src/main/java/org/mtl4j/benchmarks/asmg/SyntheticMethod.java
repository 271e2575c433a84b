package org.mtl4j.benchmarks.asmg;

/** The methods compared on the synthetic problems. */
public enum SyntheticMethod {
    /** ASMG with adaptive λ (thesis Algorithm 3, rescaled update). */
    ASMG("asmg"),
    /** ASMG with λ fixed to 1/m. */
    ASMG_EW("asmg-ew"),
    /** Plain fixed-σ evolution strategy on the equally weighted objective. */
    ES("es"),
    /** Commons Math CMA-ES on the equally weighted objective, population N + 1. */
    CMA_ES("cma-es");

    private final String cliName;

    SyntheticMethod(String cliName) {
        this.cliName = cliName;
    }

    /** Command-line and file name of the method. */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a command-line name.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static SyntheticMethod fromCliName(String name) {
        for (SyntheticMethod m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("method '" + name + "' unknown; available: asmg, asmg-ew, es, cma-es");
    }
}
