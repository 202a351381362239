package dev.mesh.governance;

import dev.mesh.model.ColumnSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares a declared schema with the last published one, column by column; pure logic. */
public final class SchemaCompatibility {
  private static final List<String> INTEGRALS = List.of("tinyint", "smallint", "int", "bigint");
  private static final Map<String, List<String>> WIDER =
      Map.of("float", List.of("double"), "date", List.of("timestamp"));
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");
  private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

  private SchemaCompatibility() {}

  /** Every change from {@code published} to {@code declared}, in the declared order (drops and renames first). */
  public static List<SchemaChange> changes(List<ColumnSpec> published, List<ColumnSpec> declared) {
    List<SchemaChange> out = new ArrayList<>();
    List<ColumnSpec> added = new ArrayList<>(declared.stream().filter(d -> find(published, d.name()).isEmpty()).toList());
    for (int i = 0; i < published.size(); i++) {
      ColumnSpec old = published.get(i);
      Optional<ColumnSpec> now = find(declared, old.name());
      if (now.isEmpty()) {
        // A column gone, with a new column of the same type in its place, reads as a rename.
        ColumnSpec renamedTo =
            i < declared.size() && added.contains(declared.get(i)) && declared.get(i).type().equals(old.type())
                ? declared.get(i)
                : null;
        if (renamedTo != null) {
          added.remove(renamedTo);
          out.add(new SchemaChange(SchemaChange.Kind.RENAMED, old.name(), "renamed to " + renamedTo.name()));
        } else {
          out.add(new SchemaChange(SchemaChange.Kind.DROPPED, old.name(), "dropped"));
        }
        continue;
      }
      ColumnSpec c = now.get();
      if (!c.type().equals(old.type())) {
        boolean wider = widens(old.type(), c.type());
        out.add(
            new SchemaChange(
                wider ? SchemaChange.Kind.TYPE_WIDENED : SchemaChange.Kind.TYPE_NARROWED,
                old.name(),
                "type " + old.type() + " -> " + c.type() + (wider ? " (widened)" : " (narrowed or incompatible)")));
      }
      if (c.nullable() && !old.nullable()) {
        out.add(new SchemaChange(SchemaChange.Kind.BECAME_NULLABLE, old.name(), "became nullable"));
      } else if (!c.nullable() && old.nullable()) {
        out.add(new SchemaChange(SchemaChange.Kind.BECAME_REQUIRED, old.name(), "became not nullable"));
      }
    }
    for (ColumnSpec a : added) {
      out.add(new SchemaChange(SchemaChange.Kind.ADDED, a.name(), "added (" + a.type() + ")"));
    }
    return out;
  }

  /** Whether every value of type {@code from} fits in type {@code to} without loss. */
  static boolean widens(String from, String to) {
    int a = INTEGRALS.indexOf(from);
    int b = INTEGRALS.indexOf(to);
    if (a >= 0 && b >= 0) {
      return b > a;
    }
    if (WIDER.getOrDefault(from, List.of()).contains(to)) {
      return true;
    }
    Matcher f = DECIMAL.matcher(from);
    Matcher t = DECIMAL.matcher(to);
    if (f.matches() && t.matches()) {
      int p1 = Integer.parseInt(f.group(1));
      int s1 = Integer.parseInt(f.group(2));
      int p2 = Integer.parseInt(t.group(1));
      int s2 = Integer.parseInt(t.group(2));
      return s2 >= s1 && p2 - s2 >= p1 - s1;
    }
    return false;
  }

  /** The major part of a semantic version, or -1 when it is not one. */
  public static int major(String version) {
    Matcher m = SEMVER.matcher(version == null ? "" : version);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static Optional<ColumnSpec> find(List<ColumnSpec> columns, String name) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }
}
