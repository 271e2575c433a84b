package org.mtl4j.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Optional interface of a model component (the encoder, the {@link TaskTransform} or the
 * {@link TaskHeads}) that owns training state worth recording once per epoch besides its
 * parameters, e.g. NORMAL's learned task positions {@code p_i}. The trainer asks every component
 * of the {@link HpsModel} that implements it after each epoch ({@link #collect}); the result is
 * carried by the epoch event to the listeners and written into that epoch's entry of the run
 * record, under the key {@code modelState}, one sub-map per reporting component:
 * <pre>
 *   "modelState": { "transform": { "taskPositions": { "task0": 1.07, "task1": 0.98 }, ... } }
 * </pre>
 * Components that do not implement it (the identity transform, plain encoders and heads) add
 * nothing, and neither does a component whose report is empty.
 *
 * <p>The returned map must be a snapshot (later training must not change it) made of values
 * JSON can hold: numbers, strings, booleans, arrays of numbers, lists and maps with string keys.
 * No null keys or values.
 */
public interface ReportsState {

    /** Key of the state of {@link HpsModel#encoder()} in {@link #collect}'s result. */
    String ENCODER = "encoder";
    /** Key of the state of {@link HpsModel#transform()} in {@link #collect}'s result. */
    String TRANSFORM = "transform";
    /** Key of the state of {@link HpsModel#heads()} in {@link #collect}'s result. */
    String HEADS = "heads";

    /**
     * @return a snapshot of the component's current state, keyed by names chosen by the
     *         component (empty when there is nothing to report)
     */
    Map<String, Object> reportState();

    /**
     * Collects the reports of the model's components that implement this interface.
     *
     * @param model the model
     * @return {@code {"encoder"|"transform"|"heads" → report}} for the reporting components
     *         with non-empty reports, in that order; empty (unmodifiable) when none reports
     * @throws IllegalStateException if a component reports null or a null key or value
     */
    static Map<String, Object> collect(HpsModel model) {
        Objects.requireNonNull(model, "model");
        Map<String, Object> out = new LinkedHashMap<>();
        add(out, ENCODER, model.encoder());
        add(out, TRANSFORM, model.transform());
        add(out, HEADS, model.heads());
        return out.isEmpty() ? Map.of() : Collections.unmodifiableMap(out);
    }

    private static void add(Map<String, Object> out, String key, Object component) {
        if (!(component instanceof ReportsState r)) {
            return;
        }
        Map<String, Object> state = r.reportState();
        if (state == null) {
            throw new IllegalStateException(component.getClass().getName() + ".reportState() returned null, expected a map "
                    + "(empty when there is nothing to report)");
        }
        if (state.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Object> e : state.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalStateException(component.getClass().getName() + ".reportState() returned a null key or value "
                        + "(entry " + e.getKey() + " = " + e.getValue() + "), expected neither");
            }
        }
        out.put(key, Collections.unmodifiableMap(new LinkedHashMap<>(state)));
    }
}
