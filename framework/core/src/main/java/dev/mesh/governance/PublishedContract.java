package dev.mesh.governance;

import dev.mesh.model.ColumnSpec;
import java.util.List;

/** The version and schema of a product as last recorded in {@code mesh.products}. */
public record PublishedContract(String version, List<ColumnSpec> columns) {
  public PublishedContract {
    columns = List.copyOf(columns);
  }
}
