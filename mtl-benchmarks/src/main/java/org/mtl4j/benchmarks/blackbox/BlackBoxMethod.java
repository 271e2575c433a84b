package org.mtl4j.benchmarks.blackbox;

/** The methods compared in the black-box MTL benchmark. */
public enum BlackBoxMethod {
    /** The frozen network without prompt ({@code v = 0}); no queries. */
    ZERO_SHOT("zero-shot"),
    /** Plain fixed-σ evolution strategy on the mean of the task losses. */
    ES("es"),
    /** Separable (diagonal) Commons Math CMA-ES on the mean of the task losses, population {@code N + 1}. */
    CMA_ES("cmaes"),
    /** ASMG with {@code λ = 1/m}. */
    ASMG_EW("asmg-ew"),
    /** ASMG with adaptive {@code λ} (thesis Algorithm 3, rescaled update). */
    ASMG("asmg");

    private final String cliName;

    BlackBoxMethod(String cliName) {
        this.cliName = cliName;
    }

    /** Command-line and file name. */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a command-line name ({@code cma-es} is accepted for {@code cmaes}).
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static BlackBoxMethod fromCliName(String name) {
        String key = "cma-es".equals(name) ? "cmaes" : name;
        for (BlackBoxMethod m : values()) {
            if (m.cliName.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("method '" + name + "' unknown; available: zero-shot, es, cmaes, asmg-ew, asmg");
    }
}
