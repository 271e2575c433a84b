package org.mtl4j.core.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Ordered, immutable set of {@code m >= 1} tasks with distinct ids. The order fixes the row order
 * of the per-task Jacobian, of loss vectors and of task weights everywhere in the library.
 */
public final class TaskSet implements Iterable<Task> {
    private final List<Task> tasks;

    private TaskSet(List<Task> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("a task set needs at least one task, found " + tasks);
        }
        Set<TaskId> seen = new HashSet<>();
        for (Task t : tasks) {
            if (!seen.add(t.id())) {
                throw new IllegalArgumentException("duplicate task id '" + t.id() + "' in " + ids(tasks));
            }
        }
        this.tasks = List.copyOf(tasks);
    }

    /** @return a task set of the given tasks, in that order */
    public static TaskSet of(Task... tasks) {
        return new TaskSet(List.of(tasks));
    }

    /** @return a task set of the given tasks, in that order */
    public static TaskSet of(List<Task> tasks) {
        return new TaskSet(tasks);
    }

    /** @return number of tasks m */
    public int size() {
        return tasks.size();
    }

    /** @return task at position {@code i} */
    public Task get(int i) {
        if (i < 0 || i >= tasks.size()) {
            throw new IndexOutOfBoundsException("task index " + i + " outside [0, " + tasks.size() + ")");
        }
        return tasks.get(i);
    }

    /** @return position of the task with id {@code id} */
    public int indexOf(TaskId id) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown task '" + id + "'; tasks are " + ids(tasks));
    }

    /** @return task ids in order */
    public List<TaskId> ids() {
        return ids(tasks);
    }

    /** @return task names in order */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Task t : tasks) {
            out.add(t.id().name());
        }
        return out;
    }

    /** @return the tasks in order (unmodifiable) */
    public List<Task> asList() {
        return tasks;
    }

    /** @return the task set made of this set's task at position {@code i} alone (single-task baselines) */
    public TaskSet single(int i) {
        return new TaskSet(List.of(get(i)));
    }

    private static List<TaskId> ids(List<Task> tasks) {
        List<TaskId> out = new ArrayList<>();
        for (Task t : tasks) {
            out.add(t.id());
        }
        return out;
    }

    @Override
    public Iterator<Task> iterator() {
        return tasks.iterator();
    }

    @Override
    public String toString() {
        return "TaskSet" + ids(tasks);
    }
}
