package dev.mesh.model;

import java.util.List;
import java.util.Optional;

/** The columns a product promises its consumers, in order. */
public record SchemaContract(List<ColumnSpec> columns) {
  public SchemaContract {
    columns = List.copyOf(columns);
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  public List<String> names() {
    return columns.stream().map(ColumnSpec::name).toList();
  }
}
