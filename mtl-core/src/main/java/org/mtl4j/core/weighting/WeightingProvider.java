package org.mtl4j.core.weighting;

import java.util.List;

/**
 * Service-provider interface that makes strategies known by name at the edges of the library
 * (CLI, config files). Modules list their providers in
 * {@code META-INF/services/org.mtl4j.core.weighting.WeightingProvider}. Inside the library
 * everything is typed; names are never used for dispatch.
 */
public interface WeightingProvider {

    /** One named strategy: its CLI name, its config record type and a one-line description. */
    record Entry(String name, Class<? extends WeightingConfig> configType, String description) {
        /** Validates. */
        public Entry {
            if (name == null || !name.matches("[a-z0-9][a-z0-9\\-]*")) {
                throw new IllegalArgumentException("strategy names are lower-case words with '-', found '" + name + "'");
            }
            if (configType == null || !configType.isRecord()) {
                throw new IllegalArgumentException("config type of '" + name + "' must be a record, found " + configType);
            }
        }
    }

    /** @return the strategies this provider contributes */
    List<Entry> entries();
}
