package dev.mesh.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.governance.PublishedContract;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The last published contract of each product, read from {@code mesh.products}. */
public final class PublishedContracts {
  private PublishedContracts() {}

  /**
   * Empty when the catalog has no products table yet. Read with the metadata commands' reader: where the catalog is
   * local Delta tables or an Iceberg catalog service, no Spark session starts ({@code mesh validate} in seconds).
   */
  public static Map<ProductId, PublishedContract> read(CatalogReader catalog) {
    List<CatalogRow> rows =
        new ArrayList<>(catalog.read(CatalogTable.PRODUCTS, List.of("id", "version", "schema_json", "updated")));
    // Ordered by time: the last row of an id is its latest published contract.
    rows.sort(Comparator.comparing(r -> r.instant("updated"), Comparator.nullsFirst(Comparator.naturalOrder())));
    Map<ProductId, PublishedContract> out = new HashMap<>();
    for (CatalogRow r : rows) {
      if (r.string("schema_json") != null) {
        out.put(ProductId.parse(r.string("id")), new PublishedContract(r.string("version"), columns(r.string("schema_json"))));
      }
    }
    return out;
  }

  /** The columns of a {@code schema_json} value, as written by {@link DescriptorJson#schema}. */
  public static List<ColumnSpec> columns(String schemaJson) {
    try {
      List<ColumnSpec> out = new ArrayList<>();
      for (JsonNode c : DescriptorJson.mapper().readTree(schemaJson)) {
        out.add(
            new ColumnSpec(
                c.path("name").asText(), c.path("type").asText(), c.path("nullable").asBoolean(true),
                c.path("description").asText(""), c.path("pii").asBoolean(false)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable schema_json in mesh.products: " + schemaJson, e);
    }
  }
}
