package dev.mesh.model;

import java.util.Map;

/**
 * One input of a product, known to its transform by {@code alias}: either another data product or a source.
 */
public sealed interface InputSpec {
  String alias();

  /** Another data product, read at its current published version. */
  record ProductInput(String alias, ProductId product) implements InputSpec {}

  /**
   * A source outside the mesh, read by the {@link dev.mesh.api.SourceConnector} registered for {@code type}.
   *
   * @param options connector options as plain strings, e.g. {@code table = orders}
   */
  record SourceInput(String alias, String type, Map<String, String> options) implements InputSpec {
    public SourceInput {
      options = Map.copyOf(options);
    }
  }
}
