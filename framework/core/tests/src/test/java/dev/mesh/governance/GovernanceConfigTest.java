package dev.mesh.governance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems in governance.conf and in domains' local policies, reported with file, line and key. */
class GovernanceConfigTest {
  @TempDir Path home;

  @Test
  void aDomainCannotSwitchOffAGlobalPolicy() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "");
    mesh.write("conf/shop/domain.conf", "domain {\n  policies {\n    naming { enabled = false }\n  }\n}\n");
    assertThatThrownBy(mesh::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("conf/shop/domain.conf:3: domain.policies.naming.enabled: a domain cannot switch off "
            + "the global policy 'naming' (declared at ")
        .hasMessageContaining("domains may only add or tighten policies");
  }

  @Test
  void aDomainCannotLowerSeverityOrWidenOptions() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "");
    mesh.write("conf/shop/domain.conf",
        "domain.policies {\n  pii-handling.severity = warn\n  output-format.allowed = [delta, parquet]\n"
            + "  description.min-length = 3\n}\n");
    assertThatThrownBy(mesh::load)
        .hasMessageContaining("domain.conf:2: domain.policies.pii-handling.severity: a domain cannot lower the global "
            + "policy 'pii-handling' from error to warn")
        .hasMessageContaining("domain.conf:3: domain.policies.output-format.allowed: a domain cannot allow what the "
            + "global policy 'output-format' forbids: parquet")
        .hasMessageContaining("domain.policies.description.min-length: a domain cannot lower the global policy's "
            + "min-length 20");
  }

  @Test
  void unknownAndBuiltInPolicyIdsAndBadValuesAreReported() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "schema.value.pii-handling = blur");
    mesh.write("conf/governance.conf",
        "governance.policies {\n  nmaing { severity = error }\n  access { severity = warn }\n"
            + "  freshness-sla { description = d, fix = f, severity = fatal }\n}\n");
    assertThatThrownBy(mesh::load)
        .hasMessageContaining("governance.conf:2: governance.policies.nmaing: unknown policy id; known: description,")
        .hasMessageContaining("governance.conf:3: governance.policies.access: is built in and always enforced")
        .hasMessageContaining("governance.policies.freshness-sla.severity: must be error or warn, got 'fatal'")
        .hasMessageContaining("product.schema.value.pii-handling: must be mask, hash or drop; got 'blur'");
  }

  @Test
  void theGlobalOutputFormatPolicyAllowsOnlyFormatsThePlatformWrites() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "");
    mesh.write("conf/governance.conf",
        "governance.policies {\n  output-format {\n    description = d, fix = f, severity = error\n    allowed = [delta, parquet]\n  }\n}\n");
    assertThatThrownBy(mesh::load)
        .hasMessageContaining("governance.conf:4: governance.policies.output-format.allowed: names a format the platform "
            + "does not write: parquet (it writes delta, iceberg)");
  }

  @Test
  void accessKeysAreChecked() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "visibility = secret\nconsumers = [Finance]");
    assertThatThrownBy(mesh::load)
        .hasMessageContaining("product.visibility: must be public, internal or private; got 'secret'")
        .hasMessageContaining("product.consumers: 'Finance' is not a domain name");
  }
}
