package org.mtl4j.core.model.nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Per-batch-size buffer sets: a training batch size and an evaluation batch size alternate
 * without reallocating. Keeps the {@code capacity} most recently used sizes.
 *
 * @param <T> the buffer set type
 */
final class BatchCache<T> {
    private final LinkedHashMap<Long, T> entries;
    private long lastKey = -1;
    private T last;

    BatchCache(int capacity) {
        this.entries = new LinkedHashMap<>(8, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, T> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return the buffers for {@code batch}, created by {@code factory} on first use */
    T get(long batch, LongFunction<T> factory) {
        if (batch == lastKey) {
            return last;
        }
        T t = entries.computeIfAbsent(batch, factory::apply);
        lastKey = batch;
        last = t;
        return t;
    }
}
