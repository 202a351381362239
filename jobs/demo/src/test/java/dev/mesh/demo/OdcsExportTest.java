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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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
    assertThat(demo.all()).hasSize(13);
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
    // How long superseded versions stay readable: mesh.storage.retention, as this product declares none.
    assertThat(doc.at("/slaProperties/1/property").asText()).isEqualTo("retention");
    assertThat(doc.at("/slaProperties/1/value").asInt()).isEqualTo(30);
    assertThat(doc.at("/slaProperties/1/unit").asText()).isEqualTo("d");
    assertThat(doc.at("/schema/0/properties/1/name").asText()).isEqualTo("name");
    assertThat(doc.at("/schema/0/properties/1/classification").asText()).isEqualTo("restricted");
    assertThat(doc.at("/schema/0/properties/1/customProperties/1/value").asText()).isEqualTo("hash");
    assertThat(doc.at("/schema/0/quality/0/metric").asText()).isEqualTo("duplicateValues");
    assertThat(doc.at("/schema/0/quality/0/arguments/properties").toString()).isEqualTo("[\"customer_key\",\"valid_from\"]");
    assertThat(doc.at("/customProperties/0/value").asText()).isEqualTo("internal");
    assertThat(doc.at("/customProperties/1/value").toString()).isEqualTo("[\"sales\"]");
  }

  /** Every quality rule of a contract, table- and column-level, by name: its severity and description. */
  private static Map<String, String> rules(JsonNode doc) {
    Map<String, String> out = new TreeMap<>();
    List<JsonNode> lists = new ArrayList<>();
    lists.add(doc.at("/schema/0/quality"));
    doc.at("/schema/0/properties").forEach(p -> lists.add(p.path("quality")));
    for (JsonNode list : lists) {
      list.forEach(q -> out.put(q.get("name").asText(), q.get("severity").asText() + ": " + q.get("description").asText()));
    }
    return out;
  }

  @Test
  void ruleDescriptionsAreTheRulesAsDeclared() throws IOException {
    Map<String, Map<String, String>> byProduct = new TreeMap<>();
    for (ProductDescriptor d : demo.all()) {
      Map<String, String> rules = rules(YAML.readTree(OdcsContract.yaml(d, demo.platform(), TODAY)));
      assertThat(rules).as("rules of %s", d.id()).hasSize(d.sla().rules().size());
      for (String rule : rules.values()) {
        assertThat(rule).as("a rule of %s", d.id())
            .matches("(error|warning): [a-z-]+\\(.+\\)( → quarantine)?")
            .doesNotContain("[name=").doesNotContain("onFailure=").doesNotContain("BLOCK").doesNotContain("severity=");
      }
      byProduct.put(d.id().toString(), rules);
    }
    assertThat(byProduct.get("sales.orders")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "allowed_values_status", "error: allowed-values(status in F, O, P)",
        "range_total_price", "warning: range(total_price ≥ 0)",
        "row_count", "error: row-count(rows ≥ 1)",
        "unique_order_key", "error: unique(order_key)")));
    assertThat(byProduct.get("sales.daily_revenue")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "range_revenue", "error: range(revenue ≥ 0)",
        "row_count", "warning: row-count(rows ≤ 25)",
        "unique_order_date_nation", "error: unique(order_date, nation)")));
    assertThat(byProduct.get("sales.order_lines")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "range_discount", "error: range(0 ≤ discount ≤ 0.1)",
        "range_quantity", "warning: range(1 ≤ quantity ≤ 50)",
        "referential_integrity_order_key", "error: referential-integrity(order_key → sales.orders.order_key)",
        "unique_order_key_line_number", "error: unique(order_key, line_number)")));
    assertThat(byProduct.get("sales.customer_value"))
        .containsEntry("completeness_market_segment", "warning: completeness(market_segment ≥ 99%)")
        .containsEntry("first_before_last", "error: predicate(first_before_last: first_order_date <= last_order_date)");
    assertThat(byProduct.get("customers.profile"))
        .containsEntry("allowed_values_market_segment",
            "error: allowed-values(market_segment in AUTOMOBILE, BUILDING, FURNITURE, HOUSEHOLD, MACHINERY)")
        .containsEntry("pattern_phone", "warning: pattern(phone ~ ^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{4}$)")
        .containsEntry("anomaly_row_count", "warning: anomaly(row-count changes ≤ 20% vs last 5 runs)");
  }

  @Test
  void theFreshnessSlaIsTheDeclaredDuration() throws IOException {
    JsonNode doc = YAML.readTree(OdcsContract.yaml(demo.product("sales.orders"), demo.platform(), TODAY));
    assertThat(doc.at("/slaProperties/0/value").asInt()).isEqualTo(26);
    assertThat(doc.at("/slaProperties/0/unit").asText()).isEqualTo("h");
    assertThat(doc.at("/slaProperties/0/description").asText())
        .isEqualTo("The product is at most 26h old after its last successful run");
  }

  @Test
  void theSchemaCheckRejectsABrokenContract() throws IOException {
    ObjectNode doc = (ObjectNode) YAML.readTree(OdcsContract.yaml(demo.product("sales.orders"), demo.platform(), TODAY));
    doc.remove("status");
    doc.put("kind", "Contract");
    assertThat(errors(doc)).anyMatch(e -> e.contains("status")).anyMatch(e -> e.contains("kind"));
  }
}
