package dev.mesh.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mesh.errors.ConfigException;
import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import dev.mesh.testing.OpenLineageSchemas;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import dev.mesh.testing.Transforms;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP transport against a local OpenLineage endpoint, and a failing transport that must not fail the run. */
class LineageTransportTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);

  @TempDir Path home;
  private HttpServer server;
  private final List<String> posted = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  private int serve(int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
          byte[] body = (status == 201 ? "" : "boom").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private MeshContext declare(String id, String lineage) {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/mesh.conf", "mesh { warehouse = \"" + TestSpark.warehouse() + "\"\n lineage { " + lineage + " } }\n");
    mesh.write("conf/" + id + ".conf", Products.numbers(id, Transforms.Numbers.class.getName(), "delta", "", ""));
    return mesh.context(c -> new LineageListener(c, LineageTransport.of(c.config().platform().lineage()), problems::add));
  }

  @Test
  void postsEveryEventToTheEndpoint() throws IOException {
    int port = serve(201);
    MeshContext ctx = declare("lin_http.posted", "transport = http, url = \"http://127.0.0.1:" + port + "/api/v1/lineage\"");

    RunResult r = new ProductRunner(ctx).run(ctx.config().product("lin_http.posted"), D1);

    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(problems).isEmpty();
    assertThat(paths).containsOnly("POST /api/v1/lineage application/json");
    List<JsonNode> events = posted.stream().map(LineageTransportTest::parse).toList();
    assertThat(events).extracting(e -> e.path("eventType").asText()).startsWith("START", "COMPLETE");
    assertThat(events).allSatisfy(e -> assertThat(e.path("job").path("name").asText()).startsWith("lin_http.posted"));
    for (JsonNode e : events) {
      assertThat(OpenLineageSchemas.load().problems(e)).as(e.toString()).isEmpty();
    }
  }

  @Test
  void aFailingEndpointIsReportedAndTheRunStillPublishes() throws IOException {
    int port = serve(500);
    MeshContext ctx = declare("lin_http.refused", "transport = http, url = \"http://127.0.0.1:" + port + "/api/v1/lineage\"");

    RunResult r = new ProductRunner(ctx).run(ctx.config().product("lin_http.refused"), D1);

    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.tableVersion()).isNotNull();
    assertThat(problems).isNotEmpty();
    assertThat(problems.get(0))
        .contains("could not send the START event of run " + r.runId() + " of lin_http.refused")
        .contains("HTTP 500: boom")
        .contains("The run is not affected");
  }

  @Test
  void anHttpTransportWithoutUrlIsAConfigProblemWithFileAndLine() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/mesh.conf", "mesh {\n  lineage {\n    transport = http\n    colour = red\n  }\n}\n");
    assertThatThrownBy(mesh::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.lineage.url")
        .hasMessageContaining("is required when the lineage transport is http")
        .hasMessageContaining("mesh.lineage.colour")
        .hasMessageContaining("mesh.conf:4");
  }

  private static JsonNode parse(String s) {
    try {
      return OpenLineageEvents.mapper().readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
