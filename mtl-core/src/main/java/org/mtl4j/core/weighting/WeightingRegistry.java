package org.mtl4j.core.weighting;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Name → configuration lookup for the edges of the library (CLI, config files, the
 * {@code aggregate} tool), built from the {@link WeightingProvider}s on the class path.
 *
 * <p>Parameters are the components of the strategy's config record; the defaults come from its
 * static {@code defaults()} factory; values are parsed from strings by component type
 * ({@code double}, {@code int}, {@code long}, {@code boolean}, enums by constant name
 * case-insensitively with '-' for '_', {@code double[]} as comma-separated numbers).
 */
public final class WeightingRegistry {
    private final Map<String, WeightingProvider.Entry> entries;

    private WeightingRegistry(Map<String, WeightingProvider.Entry> entries) {
        this.entries = entries;
    }

    /** @return a registry of all providers visible to this class's class loader */
    public static WeightingRegistry load() {
        Map<String, WeightingProvider.Entry> map = new TreeMap<>();
        for (WeightingProvider p : ServiceLoader.load(WeightingProvider.class, WeightingRegistry.class.getClassLoader())) {
            for (WeightingProvider.Entry e : p.entries()) {
                WeightingProvider.Entry old = map.put(e.name(), e);
                if (old != null && !old.configType().equals(e.configType())) {
                    throw new IllegalStateException("strategy name '" + e.name() + "' registered twice: "
                            + old.configType().getName() + " and " + e.configType().getName());
                }
            }
        }
        return new WeightingRegistry(map);
    }

    /** @return all entries sorted by name */
    public List<WeightingProvider.Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** @return the entry named {@code name}; IllegalArgumentException listing the known names otherwise */
    public WeightingProvider.Entry find(String name) {
        WeightingProvider.Entry e = entries.get(name == null ? "" : name.toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown weighting method '" + name + "'; available: " + entries.keySet());
        }
        return e;
    }

    /** Description of one hyperparameter. */
    public record ParamSpec(String name, String type, Object defaultValue, List<String> allowedValues) {
    }

    /** @return the hyperparameters of strategy {@code name} */
    public List<ParamSpec> params(String name) {
        Class<? extends WeightingConfig> type = find(name).configType();
        WeightingConfig defaults = defaults(type);
        List<ParamSpec> out = new ArrayList<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            Object def = read(rc, defaults);
            List<String> allowed = List.of();
            if (rc.getType().isEnum()) {
                allowed = new ArrayList<>();
                for (Object c : rc.getType().getEnumConstants()) {
                    allowed.add(((Enum<?>) c).name());
                }
            }
            out.add(new ParamSpec(rc.getName(), typeName(rc.getType()), displayValue(def), allowed));
        }
        return out;
    }

    /**
     * @param name   strategy name
     * @param params parameter overrides as strings (unknown names are rejected)
     * @return the validated config
     */
    public WeightingConfig configure(String name, Map<String, String> params) {
        Class<? extends WeightingConfig> type = find(name).configType();
        WeightingConfig defaults = defaults(type);
        RecordComponent[] rcs = type.getRecordComponents();
        Object[] values = new Object[rcs.length];
        Map<String, String> left = new LinkedHashMap<>(params == null ? Map.of() : params);
        for (int i = 0; i < rcs.length; i++) {
            values[i] = read(rcs[i], defaults);
            String key = findKey(left, rcs[i].getName());
            if (key != null) {
                values[i] = parse(name, rcs[i], left.remove(key));
            }
        }
        if (!left.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (RecordComponent rc : rcs) {
                known.add(rc.getName());
            }
            throw new IllegalArgumentException("unknown parameter(s) " + left.keySet() + " for method '" + name
                    + "'; its parameters are " + known);
        }
        try {
            Class<?>[] types = Arrays.stream(rcs).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<? extends WeightingConfig> c = type.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalArgumentException("invalid parameters for '" + name + "': " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /** @return the resolved parameters of a config as name → value (enums by name, arrays as lists) */
    public static Map<String, Object> resolvedParams(WeightingConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (config.getClass().isRecord()) {
            for (RecordComponent rc : config.getClass().getRecordComponents()) {
                out.put(rc.getName(), displayValue(read(rc, config)));
            }
        }
        return out;
    }

    /** @return the name under which a config type is registered */
    public String nameOf(WeightingConfig config) {
        for (WeightingProvider.Entry e : entries.values()) {
            if (e.configType().equals(config.getClass())) {
                return e.name();
            }
        }
        throw new IllegalArgumentException("config type " + config.getClass().getName() + " is not registered");
    }

    private static String findKey(Map<String, String> map, String component) {
        for (String k : map.keySet()) {
            if (k.equalsIgnoreCase(component) || k.replace("-", "").equalsIgnoreCase(component)) {
                return k;
            }
        }
        return null;
    }

    private static WeightingConfig defaults(Class<? extends WeightingConfig> type) {
        try {
            Method m = type.getMethod("defaults");
            return type.cast(m.invoke(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " needs a public static defaults() factory", e);
        }
    }

    private static Object read(RecordComponent rc, Object record) {
        try {
            Method acc = rc.getAccessor();
            acc.setAccessible(true);
            return acc.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + rc.getName(), e);
        }
    }

    private static Object displayValue(Object v) {
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof double[] a) {
            List<Double> l = new ArrayList<>();
            for (double d : a) {
                l.add(d);
            }
            return l;
        }
        return v;
    }

    private static String typeName(Class<?> t) {
        if (t.isEnum()) {
            return "enum";
        }
        if (t == double[].class) {
            return "double[]";
        }
        return t.getSimpleName();
    }

    private static Object parse(String method, RecordComponent rc, String raw) {
        Class<?> t = rc.getType();
        String s = raw == null ? "" : raw.trim();
        try {
            if (t == double.class || t == Double.class) {
                return Double.parseDouble(s);
            } else if (t == float.class) {
                return Float.parseFloat(s);
            } else if (t == int.class || t == Integer.class) {
                return Integer.parseInt(s);
            } else if (t == long.class || t == Long.class) {
                return Long.parseLong(s);
            } else if (t == boolean.class || t == Boolean.class) {
                if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("expected true or false");
                }
                return Boolean.parseBoolean(s);
            } else if (t.isEnum()) {
                String norm = s.replace('-', '_').toUpperCase(Locale.ROOT);
                for (Object c : t.getEnumConstants()) {
                    if (((Enum<?>) c).name().equals(norm)) {
                        return c;
                    }
                }
                List<String> names = new ArrayList<>();
                for (Object c : t.getEnumConstants()) {
                    names.add(((Enum<?>) c).name());
                }
                throw new IllegalArgumentException("allowed values are " + names);
            } else if (t == double[].class) {
                String[] parts = s.isEmpty() ? new String[0] : s.split(",");
                double[] out = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    out[i] = Double.parseDouble(parts[i].trim());
                }
                return out;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + rc.getName() + "' of method '" + method + "' has invalid value '"
                    + raw + "' (" + typeName(t) + "): " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("parameter '" + rc.getName() + "' of method '" + method + "' has type "
                + t.getSimpleName() + ", which cannot be set from text");
    }
}
