/**
 * ASMG synthetic benchmark (thesis §4.6.1, eqs. 4.21–4.23; spec §21.5/§21.7): ASMG against
 * ASMG-EW, plain ES and CMA-ES at the same evaluation budget, with per-run CSV traces, PNG
 * plots of the distance to the Pareto set, and the {@code asmg-synthetic} command.
 */
package org.mtl4j.benchmarks.asmg;
