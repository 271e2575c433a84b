package org.mtl4j.benchmarks.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where benchmark data lives when the user does not say: {@code $MTL4J_DATA} if set and not
 * blank, else {@code <user.home>/.mtl4j/data}. This is the same rule as
 * {@code scripts/fetch-data.sh}, which fills the directory.
 */
public final class DataDirectory {
    /** The environment variable that overrides the default location. */
    public static final String ENVIRONMENT_VARIABLE = "MTL4J_DATA";

    private DataDirectory() {
    }

    /**
     * @param environment the process environment (e.g. {@code System.getenv()})
     * @param userHome    the user's home directory (e.g. {@code System.getProperty("user.home")})
     * @return the data directory by the rule above
     */
    public static Path resolve(Map<String, String> environment, String userHome) {
        Objects.requireNonNull(environment, "environment");
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        if (userHome == null || userHome.isBlank()) {
            throw new IllegalArgumentException("userHome must be a directory when " + ENVIRONMENT_VARIABLE
                    + " is not set, found " + (userHome == null ? "null" : "'" + userHome + "'"));
        }
        return Path.of(userHome, ".mtl4j", "data");
    }

    /** @return the data directory for this process's environment and {@code user.home} */
    public static Path fromEnvironment() {
        return resolve(System.getenv(), System.getProperty("user.home"));
    }
}
