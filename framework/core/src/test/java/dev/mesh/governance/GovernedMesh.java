package dev.mesh.governance;

import dev.mesh.config.MeshConfig;
import dev.mesh.config.MeshConfigLoader;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A mesh in a temporary directory governed by the demo's real {@code conf/governance.conf}, loaded without Spark:
 * the cheapest fixture for policy tests.
 */
public final class GovernedMesh {
  static final LocalDate TODAY = LocalDate.of(2024, 6, 1);
  private final Path home;

  GovernedMesh(Path home) {
    this.home = home;
    write("conf/mesh.conf", "mesh { warehouse = \"" + home.resolve("warehouse") + "\" }\n");
    write("conf/governance.conf", fixture("governance.conf"));
  }

  GovernedMesh write(String relative, String content) {
    Path p = home.resolve(relative);
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Declares {@code conf/<domain>/<name>.conf} with a compliant product, its body changed by {@code extra}. */
  GovernedMesh product(String id, String extra) {
    ProductId pid = ProductId.parse(id);
    return write("conf/" + pid.domain() + "/" + pid.name() + ".conf", compliant(id, extra));
  }

  MeshConfig load() {
    return new MeshConfigLoader(home, Map.of(), new Properties()).load();
  }

  List<Violation> violations(String id) {
    return violations(id, Map.of());
  }

  List<Violation> violations(String id, Map<ProductId, PublishedContract> published) {
    MeshConfig config = load();
    ProductDescriptor d = config.product(id);
    return new Governance(config.governance()).check(d, new GovernanceContext(config.products(), TODAY, published));
  }

  /**
   * A product that follows every policy of the demo's governance.conf. HOCON merges duplicate keys, so
   * {@code extra} overrides any of them (e.g. {@code description = short}).
   */
  static String compliant(String id, String extra) {
    return """
        product {
          id = %s
          description = "A compliant test product with a long enough description."
          version = "1.0.0"
          owner { team = test-team, contact = "test@example.com" }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema {
            id    { type = bigint, nullable = false }
            day   { type = date, nullable = false }
            value { type = bigint, nullable = false }
          }
          sla {
            freshness = 26h
            rules = [ { rule = unique, columns = [id] } ]
          }
          %s
        }
        """
        .formatted(id, extra);
  }

  /** A fixture file of the test resources ({@code fixtures/<name>}), as text. */
  public static String fixture(String name) {
    try (java.io.InputStream in = GovernedMesh.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test fixture fixtures/" + name + " missing");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
