package dev.mesh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Validates OpenLineage events against the official schemas in {@code {@code src/test/resources/schemas/openlineage/} (copies), served
 * offline: the core schema (which does not look inside facets), then every facet against its own schema (the
 * {@code _schemaURL} it names must be one of those files), then where it sits: a facet derived from
 * {@code InputDatasetFacet} only in {@code inputFacets}, and so on.
 */
public final class OpenLineageSchemas {
  /** The official schemas, copied into src/test/resources/schemas/openlineage (see PROVENANCE.md there). */
  private static final List<String> FILES =
      List.of(
          "OpenLineage.json", "ColumnLineageDatasetFacet.json", "DataQualityAssertionsDatasetFacet.json",
          "DataQualityMetricsDatasetFacet.json", "DataQualityMetricsInputDatasetFacet.json",
          "DatasetTypeDatasetFacet.json", "DatasetVersionDatasetFacet.json", "DocumentationDatasetFacet.json",
          "DocumentationJobFacet.json", "ErrorMessageRunFacet.json", "InputStatisticsInputDatasetFacet.json",
          "JobTypeJobFacet.json", "LifecycleStateChangeDatasetFacet.json", "NominalTimeRunFacet.json",
          "OutputStatisticsOutputDatasetFacet.json", "OwnershipDatasetFacet.json", "OwnershipJobFacet.json",
          "ParentRunFacet.json", "ProcessingEngineRunFacet.json", "SchemaDatasetFacet.json",
          "SymlinksDatasetFacet.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static OpenLineageSchemas instance;

  private final SchemaRegistry registry;
  private final Map<String, JsonNode> byId = new HashMap<>();
  private final Schema core;

  private OpenLineageSchemas(List<String> resources) throws IOException {
    Map<String, String> texts = new HashMap<>();
    for (String resource : resources) {
      try (java.io.InputStream in = OpenLineageSchemas.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("OpenLineage schema " + resource + " missing from the test resources");
        }
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode node = MAPPER.readTree(text);
        String id = node.path("$id").asText();
        texts.put(id, text);
        byId.put(id, node);
      }
    }
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemas(texts).schemaRegistryConfig(config));
    core = registry.getSchema(SchemaLocation.of("https://openlineage.io/spec/2-0-2/OpenLineage.json"));
  }

  public static synchronized OpenLineageSchemas load() {
    if (instance == null) {
      try {
        List<String> resources = new ArrayList<>(FILES.stream().map(f -> "/schemas/openlineage/" + f).toList());
        // mesh's own facet, whose schema ships with the core (main resources).
        resources.add("/openlineage/MeshWarningsRunFacet.json");
        instance = new OpenLineageSchemas(resources);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** Every problem of one event, in words; empty when it is valid. */
  public List<String> problems(JsonNode event) {
    List<String> out = new ArrayList<>();
    core.validate(event).forEach(e -> out.add("core: " + e));
    facets(event.path("run").path("facets"), "RunFacet", "run.facets", out);
    facets(event.path("job").path("facets"), "JobFacet", "job.facets", out);
    for (String side : List.of("inputs", "outputs")) {
      int i = 0;
      for (JsonNode d : event.path(side)) {
        facets(d.path("facets"), "DatasetFacet", side + "[" + i + "].facets", out);
        if (side.equals("inputs")) {
          facets(d.path("inputFacets"), "InputDatasetFacet", side + "[" + i + "].inputFacets", out);
        } else {
          facets(d.path("outputFacets"), "OutputDatasetFacet", side + "[" + i + "].outputFacets", out);
        }
        i++;
      }
    }
    return out;
  }

  private void facets(JsonNode facets, String base, String where, List<String> out) {
    Iterator<Map.Entry<String, JsonNode>> it = facets.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      String url = f.getValue().path("_schemaURL").asText();
      String file = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
      JsonNode schema = byId.get(file);
      if (schema == null) {
        out.add(where + "." + f.getKey() + ": _schemaURL " + url + " is none of the official schema files");
        continue;
      }
      String def = url.contains("#/$defs/") ? url.substring(url.indexOf("#/$defs/") + 8) : null;
      if (def == null) {
        out.add(where + "." + f.getKey() + ": _schemaURL " + url + " does not point to a $defs entry");
        continue;
      }
      // The facet's property name must be the one its schema file declares.
      if (!schema.path("properties").has(f.getKey())) {
        out.add(where + "." + f.getKey() + ": the schema " + file + " names this facet " + schema.path("properties").fieldNames().next());
      }
      String parent = schema.path("$defs").path(def).path("allOf").path(0).path("$ref").asText();
      if (!parent.endsWith("/$defs/" + base)) {
        out.add(where + "." + f.getKey() + ": a " + parent.substring(parent.lastIndexOf('/') + 1) + " may not sit in " + where);
      }
      registry.getSchema(SchemaLocation.of(url)).validate(f.getValue())
          .forEach(e -> out.add(where + "." + f.getKey() + ": " + e));
    }
  }
}
