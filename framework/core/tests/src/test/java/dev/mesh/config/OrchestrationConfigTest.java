package dev.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ConfigException;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mesh.orchestration and product retries: typed, with every problem reported at its file and key (no Spark). */
class OrchestrationConfigTest {
  @TempDir Path home;

  @Test
  void defaultsComeFromReferenceConfAndOverridesAreTyped() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    assertThat(mesh.load().platform().orchestration()).isEqualTo(OrchestrationConfig.defaults());

    mesh.write(
        "conf/mesh.conf",
        "mesh { warehouse = w, orchestration { start-date = \"2023-05-01\", retries = 3, tags = [a, b], sensor { mode = poke, timeout = 1h } } }\n");
    OrchestrationConfig o = mesh.load().platform().orchestration();
    assertThat(o.startDate()).isEqualTo(LocalDate.of(2023, 5, 1));
    assertThat(o.retries()).isEqualTo(3);
    assertThat(o.tags()).containsExactly("a", "b");
    assertThat(o.sensorMode()).isEqualTo("poke");
    assertThat(o.sensorTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(o.jobJar("sales")).isEqualTo("/opt/mesh/jobs/mesh-jobs-sales.jar");
    assertThat(o.runtimeJar()).isEqualTo("/opt/mesh/jobs/mesh-runtime.jar");
  }

  @Test
  void everyMistakeIsReportedWithItsKey() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write(
        "conf/mesh.conf",
        "mesh { warehouse = w, orchestration { start-date = soon, retries = -1, sensor { mode = wait, timout = 1h }, conn = x } }\n");
    mesh.write(
        "conf/r/p.conf",
        Products.numbers("r.p", Transforms.Numbers.class.getName(), "delta", "", "retries = -2, deprecated-after = soon"));

    assertThatThrownBy(mesh::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.orchestration.start-date: must be a date YYYY-MM-DD, got 'soon'")
        .hasMessageContaining("mesh.orchestration.retries: must be a whole number from 0 to 100, got -1")
        .hasMessageContaining("mesh.orchestration.sensor.mode: must be reschedule or poke, got 'wait'")
        .hasMessageContaining("mesh.orchestration.sensor.timout: unknown key (did you mean 'timeout'?)")
        .hasMessageContaining("mesh.orchestration.conn: unknown key")
        .hasMessageContaining("product.retries: must be a whole number from 0 to 100 (retries of a failed run by the scheduler), got -2")
        .hasMessageContaining("product.deprecated-after: must be a date YYYY-MM-DD, got 'soon'");
  }

  @Test
  void productRetriesAreParsedAndInheritedFromTheDomain() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write("conf/r/domain.conf", "domain { retries = 4 }\n");
    mesh.write("conf/r/inherits.conf", Products.numbers("r.inherits", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write("conf/r/own.conf", Products.numbers("r.own", Transforms.Numbers.class.getName(), "delta", "", "retries = 1"));
    mesh.write("conf/s/none.conf", Products.numbers("s.none", Transforms.Numbers.class.getName(), "delta", "", ""));
    MeshConfig c = mesh.load();
    assertThat(c.product("r.inherits").retries()).isEqualTo(4);
    assertThat(c.product("r.own").retries()).isEqualTo(1);
    assertThat(c.product("s.none").retries()).isNull();

    mesh.write("conf/r/own.conf", Products.numbers("r.own", Transforms.Numbers.class.getName(), "delta", "", "retries = many"));
    assertThatThrownBy(mesh::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("product.retries: must be a whole number, got 'many'");
  }
}
