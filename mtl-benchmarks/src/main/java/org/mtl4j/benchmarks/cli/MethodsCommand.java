package org.mtl4j.benchmarks.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mtl4j.core.io.Json;
import org.mtl4j.core.weighting.WeightingProvider;
import org.mtl4j.core.weighting.WeightingRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtl4j methods [--json]}: every registered strategy with its family and hyperparameters. */
@Command(name = "methods", description = "List the registered weighting strategies and their hyperparameters.")
public final class MethodsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        WeightingRegistry reg = WeightingRegistry.load();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WeightingProvider.Entry e : reg.entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", e.name());
            row.put("family", Families.familyOf(e.configType()));
            row.put("description", e.description());
            row.put("config", e.configType().getName());
            List<Map<String, Object>> ps = new ArrayList<>();
            for (WeightingRegistry.ParamSpec p : reg.params(e.name())) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("name", p.name());
                pm.put("type", p.type());
                pm.put("default", p.defaultValue());
                if (!p.allowedValues().isEmpty()) {
                    pm.put("allowed", p.allowedValues());
                }
                ps.add(pm);
            }
            row.put("params", ps);
            rows.add(row);
        }
        if (json) {
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } else {
            System.out.printf("%-14s %-22s %s%n", "name", "family", "parameters (default)");
            for (Map<String, Object> r : rows) {
                StringBuilder sb = new StringBuilder();
                for (Object o : (List<?>) r.get("params")) {
                    Map<?, ?> pm = (Map<?, ?>) o;
                    sb.append(sb.length() == 0 ? "" : ", ").append(pm.get("name")).append('=').append(pm.get("default"));
                }
                System.out.printf("%-14s %-22s %s%n", r.get("name"), r.get("family"), sb);
            }
        }
        return 0;
    }
}
