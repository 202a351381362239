package dev.mesh.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.governance.PublishedContract;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The last published contract of each product, read from {@code mesh.products}. */
public final class PublishedContracts {
  private PublishedContracts() {}

  /** Empty when the catalog has no products table yet. */
  public static Map<ProductId, PublishedContract> read(CatalogStore catalog) {
    Map<ProductId, PublishedContract> out = new HashMap<>();
    if (!catalog.exists(CatalogTable.PRODUCTS)) {
      return out;
    }
    List<Row> rows =
        catalog.read(CatalogTable.PRODUCTS).orderBy("updated").select("id", "version", "schema_json").collectAsList();
    // Ordered by time: the last row of an id is its latest published contract.
    for (Row r : rows) {
      if (r.getString(2) != null) {
        out.put(ProductId.parse(r.getString(0)), new PublishedContract(r.getString(1), columns(r.getString(2))));
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
