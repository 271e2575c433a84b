/**
 * NORMAL, the time-aware neural-ODE multi-task model (Ye et al., IJCAI 2023; thesis ch. 5):
 * a heavy-ball neural ODE block ({@link org.mtl4j.models.normal.NormalTransform}) between the
 * shared encoder and the task heads, where every task reads the feature at its own learnable
 * time {@code p_i}. Configuration: {@link org.mtl4j.models.normal.NormalConfig} (with the
 * ablations of thesis Table 5.4 in {@link org.mtl4j.models.normal.NormalAblation}); the
 * positions over training are recorded by {@link org.mtl4j.models.normal.PositionHistory}.
 *
 * <pre>{@code
 * TaskSet tasks = ...;                       // m tasks
 * Module encoder = ...;                      // f_θ: x → [B, 64]
 * NormalTransform block = NormalConfig.defaults(tasks.size(), 64).create(tasks);
 * HpsModel model = new HpsModel(tasks, encoder, block, new SeparateHeads(heads));
 * PositionHistory positions = PositionHistory.perEpoch(block);
 * new MtlTrainer(model, EqualWeighting.Config.defaults(), TrainerConfig.of(20, Adam.of(1e-3)), null,
 *         List.of(positions)).fit(train, validation, test);
 * }</pre>
 * Spec: algorithms.md §22.
 */
package org.mtl4j.models.normal;
