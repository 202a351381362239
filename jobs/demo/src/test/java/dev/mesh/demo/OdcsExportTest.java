package dev.mesh.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.export.odcs.OdcsContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.model.ProductDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every demo product's ODCS export validates against the official v3.1.0 JSON Schema. */
class OdcsExportTest {
  private static final LocalDate TODAY = LocalDate.of(2024, 6, 1);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Schema odcs;
  private static MeshConfig demo;

  @BeforeAll
  static void load() throws IOException {
    // The official schema, copied into src/test/resources/schemas/odcs (see PROVENANCE.md there).
    try (InputStream in = OdcsExportTest.class.getResourceAsStream("/schemas/odcs/odcs-json-schema-v3.1.0.json")) {
      odcs = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(in);
    }
    demo = new MeshConfigLoader(Path.of(System.getProperty("mesh.project.dir")), Map.of(), new Properties()).load();
  }

  private static List<String> errors(JsonNode doc) {
    return odcs.validate(doc).stream().map(Error::toString).toList();
  }

  @Test
  void everyDemoProductExportsAValidContract() throws IOException {
    assertThat(demo.all()).hasSize(12);
    for (ProductDescriptor d : demo.all()) {
      JsonNode doc = YAML.readTree(OdcsContract.yaml(d, demo.platform(), TODAY));
      assertThat(errors(doc)).as("ODCS errors of %s", d.id()).isEmpty();
      assertThat(doc.get("apiVersion").asText()).isEqualTo("v3.1.0");
      assertThat(doc.get("id").asText()).isEqualTo(d.id().toString());
      assertThat(doc.at("/schema/0/properties")).hasSize(d.schema().columns().size());
      assertThat(doc.at("/team/name").asText()).isEqualTo(d.owner().team());
      assertThat(doc.at("/servers/0/format").asText()).isEqualTo(d.output().format().label());
    }
  }

  @Test
  void theExportCarriesRulesSlaPiiAndAccess() throws IOException {
    ProductDescriptor d = demo.product("customers.profile_history");
    JsonNode doc = YAML.readTree(OdcsContract.yaml(d, demo.platform(), TODAY));
    assertThat(doc.at("/slaProperties/0/property").asText()).isEqualTo("latency");
    assertThat(doc.at("/slaProperties/0/value").asInt()).isEqualTo(26);
    assertThat(doc.at("/slaProperties/0/unit").asText()).isEqualTo("h");
    assertThat(doc.at("/schema/0/properties/1/name").asText()).isEqualTo("name");
    assertThat(doc.at("/schema/0/properties/1/classification").asText()).isEqualTo("restricted");
    assertThat(doc.at("/schema/0/properties/1/customProperties/1/value").asText()).isEqualTo("hash");
    assertThat(doc.at("/schema/0/quality/0/metric").asText()).isEqualTo("duplicateValues");
    assertThat(doc.at("/schema/0/quality/0/arguments/properties").toString()).isEqualTo("[\"customer_key\",\"valid_from\"]");
    assertThat(doc.at("/customProperties/0/value").asText()).isEqualTo("internal");
    assertThat(doc.at("/customProperties/1/value").toString()).isEqualTo("[\"sales\"]");
  }

  @Test
  void theSchemaCheckRejectsABrokenContract() throws IOException {
    ObjectNode doc = (ObjectNode) YAML.readTree(OdcsContract.yaml(demo.product("sales.orders"), demo.platform(), TODAY));
    doc.remove("status");
    doc.put("kind", "Contract");
    assertThat(errors(doc)).anyMatch(e -> e.contains("status")).anyMatch(e -> e.contains("kind"));
  }
}
