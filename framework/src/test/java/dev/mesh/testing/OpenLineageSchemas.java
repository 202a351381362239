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
 * Validates OpenLineage events against the official schemas in {@code ../shared/schemas/openlineage/}, served
 * offline: the core schema (which does not look inside facets), then every facet against its own schema (the
 * {@code _schemaURL} it names must be one of those files), then where it sits: a facet derived from
 * {@code InputDatasetFacet} only in {@code inputFacets}, and so on.
 */
public final class OpenLineageSchemas {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static OpenLineageSchemas instance;

  private final SchemaRegistry registry;
  private final Map<String, JsonNode> byId = new HashMap<>();
  private final Schema core;

  private OpenLineageSchemas(Path dir) throws IOException {
    Map<String, String> texts = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        String text = Files.readString(f);
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
        instance = new OpenLineageSchemas(dir());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** {@code shared/schemas/openlineage} beside the repository (as CI lays it out), found from the working dir. */
  static Path dir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/schemas/openlineage");
      if (Files.isRegularFile(candidate.resolve("OpenLineage.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "OpenLineage schemas not found: expected shared/schemas/openlineage/OpenLineage.json beside the repository");
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
