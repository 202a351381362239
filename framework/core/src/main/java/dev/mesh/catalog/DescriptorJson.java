package dev.mesh.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.model.ColumnSpec;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.SchemaContract;
import dev.mesh.model.SlaSpec;
import dev.mesh.quality.Rule;
import dev.mesh.render.Durations;
import dev.mesh.render.RuleText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The JSON forms of a descriptor's parts stored in {@code mesh.products}; field names are written here only. */
public final class DescriptorJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private DescriptorJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ArrayNode schema(SchemaContract schema) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (ColumnSpec c : schema.columns()) {
      arr.addObject()
          .put("name", c.name())
          .put("type", c.type())
          .put("nullable", c.nullable())
          .put("description", c.description())
          .put("pii", c.pii());
    }
    return arr;
  }

  public static ObjectNode sla(SlaSpec sla) {
    ObjectNode o = MAPPER.createObjectNode();
    if (sla.freshness().maxAge() != null) {
      o.put("freshness", Durations.declared(sla.freshness().maxAge()));
    }
    ArrayNode inputs = o.putArray("input_freshness");
    sla.freshness().inputs().forEach(
        f -> inputs.addObject().put("input", f.alias()).put("column", f.column()).put("max_age", Durations.declared(f.maxAge())));
    ArrayNode rules = o.putArray("rules");
    for (Rule r : sla.rules()) {
      ObjectNode n = rules.addObject().put("name", r.name()).put("rule", r.kind()).put("severity", r.severity().label());
      n.put("definition", RuleText.withoutSeverity(r));
    }
    return o;
  }

  public static String hash(ProductDescriptor d) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", d.id().toString()).put("version", d.version()).put("description", d.description());
    o.put("owner", d.owner() == null ? "" : d.owner().team() + "/" + d.owner().contact());
    o.set("schema", schema(d.schema()));
    o.set("sla", sla(d.sla()));
    o.put("output", d.output().toString());
    o.put("inputs", d.inputs().stream().map(InputSpec::toString).toList().toString());
    o.put("tags", d.tags().toString());
    o.put("schedule", String.valueOf(d.schedule()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(MAPPER.writeValueAsString(o).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
