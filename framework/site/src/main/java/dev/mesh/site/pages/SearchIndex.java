package dev.mesh.site.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.site.model.SiteData;

/**
 * {@code assets/search-index.js}: one entry per product (id, description, owner, tags, columns), as a script that
 * sets {@code window.MESH_INDEX}. A script, not a JSON file to fetch: browsers refuse {@code fetch} on {@code file://}.
 */
public final class SearchIndex {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchIndex() {}

  public static String of(SiteData data) {
    ArrayNode all = JSON.createArrayNode();
    for (ProductDescriptor d : data.products()) {
      ObjectNode n = all.addObject();
      n.put("id", d.id().toString());
      n.put("domain", d.domain());
      n.put("description", d.description() == null ? "" : d.description());
      n.put("owner", d.owner() == null ? "" : d.owner().team() + " " + d.owner().contact());
      ArrayNode tags = n.putArray("tags");
      d.tags().stream().sorted().forEach(tags::add);
      ArrayNode columns = n.putArray("columns");
      for (ColumnSpec c : d.schema().columns()) {
        columns.add(c.name());
      }
      n.put("health", data.health(d).key());
    }
    try {
      return "window.MESH_INDEX = " + JSON.writeValueAsString(all) + ";\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the search index", e);
    }
  }
}
