package org.mtl4j.models.ode;

/** Fixed-step explicit integration methods offered by {@link OdeSolverConfig}. */
public enum OdeMethod {
    /**
     * Explicit (forward) Euler, first order: {@code y_{k+1} = y_k + h F(y_k)}. The method of
     * NORMAL (thesis ch. 5: "Euler's method").
     */
    EXPLICIT_EULER(1, 1),
    /**
     * Classical fourth-order Runge–Kutta:
     * <pre>
     *   k1 = F(y), k2 = F(y + h/2 k1), k3 = F(y + h/2 k2), k4 = F(y + h k3)
     *   y_{k+1} = y_k + h/6 (k1 + 2 k2 + 2 k3 + k4)
     * </pre>
     */
    RK4(4, 4);

    private final int stages;
    private final int order;

    OdeMethod(int stages, int order) {
        this.stages = stages;
        this.order = order;
    }

    /** @return evaluations of F per step */
    public int stages() {
        return stages;
    }

    /** @return order of accuracy (global error O(h^order)) */
    public int order() {
        return order;
    }
}
