package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.TestMesh;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analysts through mesh are consumers too: {@code mesh sql} reads output ports unless given a domain, refuses other
 * domains' restricted tables by name; {@code mesh access plan} prints the grants that back it on a shared deployment.
 */
class AccessCommandTest {
  @TempDir Path home;

  private static String people(String id, String extra) {
    return dev.mesh.governance.People.conf(id, extra);
  }

  private void declare(TestMesh mesh) {
    mesh.write("conf/hr/people.conf", people("hr.people", "pii-clear-access = [payroll]"));
    mesh.write("conf/hr/staff.conf", people("hr.staff", "visibility = internal\nconsumers = [payroll]"));
    mesh.write("conf/hr/vault.conf", people("hr.vault", "visibility = private"));
    mesh.write("conf/payroll/ledger.conf", people("payroll.ledger", ""));
  }

  @Test
  void sqlReadsPortsByDefaultAndClearDataOnlyAsTheDomain() {
    TestMesh mesh = new TestMesh(home);
    declare(mesh);
    assertThat(Cli.run(home, "run", "hr.people", "--date", "2024-03-01").exitCode()).isZero();

    Cli.Result port = Cli.run(home, "sql", "select name, email from hr.people order by id", "--format", "csv");
    assertThat(port.exitCode()).as(port.err()).isZero();
    assertThat(port.out()).doesNotContain("Ada").doesNotContain("ada@example.com").contains("***").containsPattern("[0-9a-f]{64}");

    Cli.Result owner = Cli.run(home, "sql", "select name, email, phone from hr.people order by id", "--format", "csv", "--domain", "hr");
    assertThat(owner.exitCode()).as(owner.err()).isZero();
    assertThat(owner.out()).isEqualTo("name,email,phone\nAda,ada@example.com,555-0101\nBob,,555-0102\n");

    Cli.Result internal = Cli.run(home, "sql", "select * from hr_internal.people");
    assertThat(internal.exitCode()).isEqualTo(2);
    assertThat(internal.err())
        .contains("mesh: Not readable: hr_internal.people is not readable without a domain: it is hr's own data.")
        .contains("pass --domain hr (MESH_DOMAIN=hr)")
        .doesNotContain("\tat ");
    // A domain granted pii-clear-access reads the clear table by id.
    Cli.Result granted = Cli.run(home, "sql", "select name from hr.people order by id", "--format", "csv", "--domain", "payroll");
    assertThat(granted.out()).as(granted.err()).isEqualTo("name\nAda\nBob\n");

    Cli.Result unknown = Cli.run(home, "sql", "select 1", "--domain", "nosuch");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown domain 'nosuch' to read as (--domain or MESH_DOMAIN): declared domains are [hr, payroll]");
  }

  @Test
  void accessPlanPrintsEveryGrantDeterministically() {
    TestMesh mesh = new TestMesh(home);
    declare(mesh);
    Cli.Result plan = Cli.run(home, "access", "plan");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    // The test session's warehouse (outside the project, so printed absolute).
    String delta = dev.mesh.testing.TestSpark.warehouse().toAbsolutePath() + "/delta";
    assertThat(plan.out().lines().map(l -> l.replaceAll(" +", " ").trim()))
        .contains("* read namespace hr " + delta + "/hr/ iceberg.hr public output ports of hr (PII handled)")
        .contains("hr read,write namespace hr_internal " + delta + "/hr_internal/ iceberg.hr_internal hr's own data in clear, and its quarantined rows")
        .contains("payroll read table hr_shared.staff " + delta + "/hr_shared/staff/ - consumer of hr.staff (internal)")
        .contains("payroll read table hr_internal.people " + delta + "/hr_internal/people/ - pii-clear-access to hr.people")
        .noneMatch(l -> l.contains("hr.vault") && !l.startsWith("hr "));
    Cli.Result json = Cli.run(home, "access", "plan", "--format", "json");
    assertThat(json.exitCode()).isZero();
    assertThat(Cli.run(home, "access", "plan", "--format", "json").out()).isEqualTo(json.out());
    assertThat(json.out()).contains("\"principal\" : \"payroll\"").contains("\"name\" : \"hr_shared.staff\"");
  }
}
