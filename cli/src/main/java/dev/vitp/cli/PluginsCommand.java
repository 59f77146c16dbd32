package dev.vitp.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.BackendChoice;
import dev.vitp.api.PluginInfo;
import dev.vitp.api.Vitp;
import dev.vitp.api.AutoBackendConfig;
import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp plugins [--json]}: the discovered plugins and what each contributes. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = "List the discovered plugins and the components each contributes.")
final class PluginsCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    Vitp vitp = parent.vitp();
    List<PluginInfo> plugins = vitp.plugins();
    List<BackendChoice> auto = new ArrayList<>();
    for (Capability needed : List.of(Capability.TRAINING, Capability.INFERENCE)) {
      try {
        auto.add(vitp.autoBackend(needed));
      } catch (VitpException none) {
        // no backend has it: nothing to show for it
      }
    }
    List<BackendRow> backends = backendRows(vitp);
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? toJson(plugins, backends, auto) : toTable(plugins) + System.lineSeparator()
        + System.lineSeparator() + backendTable(backends) + System.lineSeparator() + autoLines(auto));
    out.flush();
    return 0;
  }

  /** A backend as its factory declares it: what {@code auto} ranks it by and what it can do. */
  record BackendRow(String name, int rank, List<String> capabilities, String description) {}

  static List<BackendRow> backendRows(Vitp vitp) {
    List<BackendRow> rows = new ArrayList<>();
    for (String name : vitp.componentNames(ComponentKind.BACKEND)) {
      if (name.equals(AutoBackendConfig.NAME)) {
        continue;
      }
      BackendFactory factory = (BackendFactory) vitp.factory(ComponentKind.BACKEND, name);
      List<String> capabilities = new ArrayList<>();
      for (Capability c : new TreeSet<>(factory.capabilities())) {
        capabilities.add(c.name().toLowerCase(Locale.ROOT));
      }
      rows.add(new BackendRow(name, factory.rank(), capabilities, factory.description()));
    }
    return rows;
  }

  /** {@code BACKEND  RANK  CAPABILITIES  DESCRIPTION}, one row per backend. */
  static String backendTable(List<BackendRow> backends) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"BACKEND", "RANK", "CAPABILITIES", "DESCRIPTION"});
    for (BackendRow b : backends) {
      rows.add(new String[] {b.name(), String.valueOf(b.rank()), String.join(", ",
          b.capabilities()), b.description()});
    }
    return format(rows).stripTrailing();
  }

  /** {@code Backend auto: jvm for training (highest rank of …)}, one line per capability. */
  static String autoLines(List<BackendChoice> auto) {
    StringBuilder text = new StringBuilder();
    for (BackendChoice choice : auto) {
      text.append(System.lineSeparator()).append("Backend auto: ").append(choice.name())
          .append(" for ").append(choice.needed().name().toLowerCase(Locale.ROOT))
          .append(" (").append(choice.reason()).append(')');
    }
    return text.toString();
  }

  /**
   * {@code {"plugins":[{"id","class","location","components":{"backend":[…],"tokenDrop":[…],
   * "instructionSource":[…]}}], "backends":[{"name","rank","capabilities":["inference",…],
   * "description"}], "autoBackend":{"training":{"name","reason"},"inference":…}}: every kind key
   * present, names sorted.
   */
  static String toJson(List<PluginInfo> plugins, List<BackendRow> backends,
      List<BackendChoice> auto) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (PluginInfo plugin : plugins) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", plugin.id());
      entry.put("class", plugin.className());
      entry.put("location", plugin.location());
      Map<String, List<String>> components = new LinkedHashMap<>();
      for (ComponentKind kind : ComponentKind.values()) {
        components.put(kind.key(), plugin.components(kind));
      }
      entry.put("components", components);
      list.add(entry);
    }
    try {
      Map<String, Object> choices = new LinkedHashMap<>();
      for (BackendChoice choice : auto) {
        choices.put(choice.needed().name().toLowerCase(Locale.ROOT),
            Map.of("name", choice.name(), "reason", choice.reason()));
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("plugins", list);
      root.put("backends", backends);
      root.put("autoBackend", choices);
      return new ObjectMapper().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw VitpException.internal("Expected plugin listings to serialize. Received: " + e);
    }
  }

  /** One row per plugin and kind it contributes to, then where each plugin was loaded from. */
  static String toTable(List<PluginInfo> plugins) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PLUGIN", "KIND", "COMPONENTS"});
    for (PluginInfo plugin : plugins) {
      boolean any = false;
      for (ComponentKind kind : ComponentKind.values()) {
        List<String> names = plugin.components(kind);
        if (!names.isEmpty()) {
          rows.add(new String[] {plugin.id(), kind.key(), String.join(", ", names)});
          any = true;
        }
      }
      if (!any) {
        rows.add(new String[] {plugin.id(), "-", "(contributes nothing)"});
      }
    }
    List<String[]> origins = new ArrayList<>();
    origins.add(new String[] {"PLUGIN", "CLASS", "LOCATION"});
    for (PluginInfo plugin : plugins) {
      origins.add(new String[] {plugin.id(), plugin.className(), plugin.location()});
    }
    if (plugins.isEmpty()) {
      return "No plugins found on the class path.";
    }
    return (format(rows) + System.lineSeparator() + format(origins)).stripTrailing();
  }

  private static String format(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return text.toString();
  }
}
