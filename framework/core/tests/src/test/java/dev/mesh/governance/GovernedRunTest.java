package dev.mesh.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.runtime.MeshContext;
import dev.mesh.runtime.ProductRunner;
import dev.mesh.runtime.RunResult;
import dev.mesh.runtime.RunStatus;
import dev.mesh.testing.TestMesh;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Governance in the real runtime: PII as an outside domain reads it, and a refused read at plan time. */
class GovernedRunTest {
  private static final LocalDate DAY = LocalDate.of(2024, 6, 1);

  @TempDir Path home;

  private static String people(String id, String extra) {
    return dev.mesh.governance.People.conf(id, extra);
  }

  private static String reader(String id, String input, boolean clear) {
    return """
        product {
          id = %s
          version = "1.0.0"
          owner { team = readers, contact = "readers@example.com" }
          inputs { p = %s }
          transform.sql = reader.sql
          output { format = delta }
          schema {
            id = bigint
            name = string
            email = string
            %s
          }
        }
        """.formatted(id, input, clear ? "phone = string" : "");
  }

  private static List<String> rows(MeshContext ctx, String id) {
    return ctx.spark().sql("SELECT * FROM " + id + " ORDER BY id").collectAsList().stream().map(Row::toString).toList();
  }

  private static RunResult run(MeshContext ctx, String id) {
    return new ProductRunner(ctx).run(ctx.config().product(id), DAY);
  }

  @Test
  void piiReachesAnOutsideDomainOnlyInItsHandledForm() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/gov_owner/people.conf", people("gov_owner.people", "pii-clear-access = [gov_trusted]"));
    mesh.write("conf/gov_owner/same.conf", reader("gov_owner.same", "gov_owner.people", true));
    mesh.write("conf/gov_owner/reader.sql", "SELECT * FROM p");
    mesh.write("conf/gov_outside/reader.conf", reader("gov_outside.reader", "gov_owner.people", false));
    mesh.write("conf/gov_outside/reader.sql", "SELECT * FROM p");
    mesh.write("conf/gov_trusted/reader.conf", reader("gov_trusted.reader", "gov_owner.people", true));
    mesh.write("conf/gov_trusted/reader.sql", "SELECT * FROM p");
    MeshContext ctx = mesh.context();
    for (String id : List.of("gov_owner.people", "gov_owner.same", "gov_outside.reader", "gov_trusted.reader")) {
      assertThat(run(ctx, id).status()).as(id).isEqualTo(RunStatus.SUCCEEDED);
    }
    List<String> clear = List.of("[1,Ada,ada@example.com,555-0101]", "[2,Bob,null,555-0102]");
    assertThat(rows(ctx, "gov_owner.same")).isEqualTo(clear);
    assertThat(rows(ctx, "gov_trusted.reader")).isEqualTo(clear);
    PiiKey key = ctx.piiKey().get();
    String adaHash = key.hash("Ada");
    String bobHash = key.hash("Bob");
    // Keyed: not the plain SHA-256 anyone could compute from a list of names.
    assertThat(adaHash).hasSize(64).isNotEqualTo(ctx.spark().sql("SELECT sha2('Ada', 256)").head().getString(0));
    // name hashed, email masked (null stays null), phone dropped.
    List<String> handled = List.of("[1," + adaHash + ",***]", "[2," + bobHash + ",null]");
    assertThat(rows(ctx, "gov_outside.reader")).isEqualTo(handled);
    // The port is a table of its own, in the domain's public namespace; the clear rows only in gov_owner_internal.
    assertThat(rows(ctx, "gov_owner.people")).isEqualTo(handled);
    assertThat(ctx.tables().delta().readCurrent(ctx.spark(), dev.mesh.model.ProductId.parse("gov_owner.people")).orderBy("id")
            .collectAsList().stream().map(Row::toString).toList())
        .isEqualTo(handled);
    assertThat(ctx.tables().delta().readCurrent(ctx.spark(), dev.mesh.model.ProductId.parse("gov_owner_internal.people")).orderBy("id")
            .collectAsList().stream().map(Row::toString).toList())
        .isEqualTo(clear);
    // A session opened as gov_owner reads its own product in clear by id; without a domain, the clear table is refused.
    org.apache.spark.sql.SparkSession asOwner = ctx.spark().newSession();
    dev.mesh.spark.ReaderRoutes.of(ctx.config().all(), "gov_owner").applyTo(asOwner);
    assertThat(asOwner.sql("SELECT * FROM gov_owner.people ORDER BY id").collectAsList().stream().map(Row::toString).toList())
        .isEqualTo(clear);
    org.apache.spark.sql.SparkSession asNobody = ctx.spark().newSession();
    dev.mesh.spark.ReaderRoutes.of(ctx.config().all(), null).applyTo(asNobody);
    assertThat(asNobody.sql("SELECT * FROM gov_owner.people ORDER BY id").collectAsList().stream().map(Row::toString).toList())
        .isEqualTo(handled);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> asNobody.sql("SELECT * FROM gov_owner_internal.people").count())
        .isInstanceOf(SecurityException.class)
        .hasMessageContaining("gov_owner_internal.people is not readable without a domain")
        .hasMessageContaining("--domain gov_owner");

    // The run published the contract validate compares against: dropping a column now needs 2.0.0.
    PublishedContract published =
        dev.mesh.catalog.PublishedContracts.read(ctx.catalog().reader()).get(dev.mesh.model.ProductId.parse("gov_owner.people"));
    assertThat(published.version()).isEqualTo("1.0.0");
    assertThat(published.columns()).extracting(c -> c.name() + ":" + c.type() + ":" + c.pii())
        .containsExactly("id:bigint:false", "name:string:true", "email:string:true", "phone:string:true");
    assertThat(SchemaCompatibility.changes(published.columns(), published.columns().subList(0, 3)))
        .extracting(SchemaChange::toString)
        .containsExactly("breaking: phone dropped");
  }

  @Test
  void readingAPrivateProductOfAnotherDomainIsRefusedAtPlanTime() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/gov_vault/secrets.conf", people("gov_vault.secrets", "visibility = private"));
    mesh.write("conf/gov_spy/reader.conf", reader("gov_spy.reader", "gov_vault.secrets", false));
    mesh.write("conf/gov_spy/reader.sql", "SELECT * FROM p");
    MeshContext ctx = mesh.context();
    // The input is never published: the refusal comes before the availability check and before any read.
    RunResult r = run(ctx, "gov_spy.reader");
    assertThat(r.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(r.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(r.error())
        .startsWith("Cannot run gov_spy.reader: it breaks 1 governance policy of severity error:")
        .contains("error [access] gov_spy.reader: input 'p' (gov_vault.secrets) is private to domain gov_vault; "
            + "gov_spy may not read it. Fix: ask its owner people-team (people@example.com) to make it internal and "
            + "list gov_spy in consumers");
    assertThat(r.timingsMs()).doesNotContainKey("read");
    assertThat(ctx.tables().delta().exists(dev.mesh.model.ProductId.parse("gov_spy.reader"))).isFalse();
  }
}
