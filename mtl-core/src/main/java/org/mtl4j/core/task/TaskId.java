package org.mtl4j.core.task;

import java.util.regex.Pattern;

/**
 * Typed identifier of a task: a short name such as {@code "segmentation"} or {@code "left-digit"}.
 *
 * @param name non-blank name made of letters, digits, '-', '_' and '.'
 */
public record TaskId(String name) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /** Validates the name. */
    public TaskId {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "task name must be non-empty and use only letters, digits, '-', '_' or '.', found '" + name + "'");
        }
    }

    /** @return a task id named {@code name} */
    public static TaskId of(String name) {
        return new TaskId(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
