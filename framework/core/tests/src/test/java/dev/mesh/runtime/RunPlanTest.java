package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run plan as a value: built before any data is read, and every read of the run at the versions it pinned. */
class RunPlanTest {
  private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
  private static final LocalDate D2 = LocalDate.of(2024, 3, 2);

  @TempDir Path home;

  /** {@code <domain>.keys} and {@code <domain>.facts} (which reads keys and references its ids): one domain a test. */
  private static MeshContext keysAndFacts(TestMesh mesh, String domain) {
    mesh.write("conf/" + domain + "/keys.conf", Products.numbers(domain + ".keys", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write("conf/" + domain + "/facts.conf", Products.numbers(domain + ".facts", Transforms.Numbers.class.getName(), "iceberg", "",
        "inputs { keys = " + domain + ".keys }\n"
            + "sla.rules = [ { rule = referential-integrity, column = id, references = " + domain + ".keys.id } ]"));
    return mesh.context();
  }

  @Test
  void aPlanPinsInputsTheTargetAndReferencedProductsBeforeAnythingIsRead() {
    MeshContext ctx = keysAndFacts(new TestMesh(home), "pin_plan");
    assertThat(new ProductRunner(ctx).run(ctx.config().product("pin_plan.keys"), D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    long keys = ctx.tables().forFormat(TableFormat.DELTA).currentVersion(ProductId.parse("pin_plan.keys")).orElseThrow();

    RunPlan plan = new RunPlanner(ctx).plan(ctx.config().product("pin_plan.facts"), D1);

    assertThat(plan.inputs()).singleElement().satisfies(in -> {
      assertThat(in.alias()).isEqualTo("keys");
      assertThat(in.product()).isEqualTo(ProductId.parse("pin_plan.keys"));
      assertThat(in.version()).isEqualTo(keys);
      assertThat(in.pending()).isFalse();
    });
    assertThat(plan.referenced()).containsEntry(ProductId.parse("pin_plan.keys"), keys);
    assertThat(plan.transform().kind()).isEqualTo("class");
    assertThat(plan.transform().source()).isEqualTo(Transforms.Numbers.class.getName());
    assertThat(plan.rules()).extracting(r -> r.kind())
        .containsExactly("not-null", "not-null", "not-null", "referential-integrity");
    assertThat(plan.target().format()).isEqualTo(TableFormat.ICEBERG);
    assertThat(plan.target().currentVersion()).isNull();
    assertThat(plan.target().quarantine()).isNull();

    RunPlan ahead = new RunPlanner(ctx).plan(ctx.config().product("pin_plan.facts"), D1, Set.of(ProductId.parse("pin_plan.keys")));
    assertThat(ahead.inputs().get(0).pending()).isTrue();
    assertThat(ahead.inputs().get(0).version()).isNull();
  }

  @Test
  void referentialIntegrityReadsTheReferencedProductAtThePinnedVersion() {
    MeshContext ctx = keysAndFacts(new TestMesh(home), "pin_ri");
    assertThat(new ProductRunner(ctx).run(ctx.config().product("pin_ri.keys"), D1).status()).isEqualTo(RunStatus.SUCCEEDED);
    RunPlan plan = new RunPlanner(ctx).plan(ctx.config().product("pin_ri.facts"), D1); // keys pinned at ids 1, 2, 3
    // keys moves on (ids 2, 3, 4) after the plan was made: facts' id 1 exists only in the pinned version.
    assertThat(new ProductRunner(ctx).run(ctx.config().product("pin_ri.keys"), D2).status()).isEqualTo(RunStatus.SUCCEEDED);

    RunResult pinned = new ProductRunner(ctx).run(plan);
    RunResult current = new ProductRunner(ctx).run(ctx.config().product("pin_ri.facts"), D1);

    assertThat(pinned.status()).as(pinned.error()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(current.status()).as("planned now, against keys 2, 3, 4").isEqualTo(RunStatus.BLOCKED);
    assertThat(current.error()).contains("referential_integrity_id");
  }

  @Test
  void anInputNeverPublishedStopsThePlanWithItsKind() {
    MeshContext ctx = keysAndFacts(new TestMesh(home), "pin_missing");

    assertThatThrownBy(() -> new RunPlanner(ctx).plan(ctx.config().product("pin_missing.facts"), D1))
        .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT_MISSING))
        .hasMessageContaining("pin_missing.keys");
  }
}
