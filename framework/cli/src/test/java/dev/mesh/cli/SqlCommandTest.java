package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh sql} reads; a statement that would change a product is refused unless --allow-writes; a table that is not
 * there is named, with the close names or the run that would publish it.
 */
class SqlCommandTest {
  @TempDir Path home;

  @Test
  void writesAreRefusedAndLeaveTheProductAsItsRunPublishedIt() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/sqlro/nums.conf", Products.numbers("sqlro.nums", Transforms.Numbers.class.getName(), "delta", "", ""));
    assertThat(Cli.run(home, "run", "sqlro.nums", "--date", "2024-03-01").exitCode()).isZero();
    ProductId id = ProductId.parse("sqlro.nums");
    long published = mesh.context().tables().forFormat(TableFormat.DELTA).currentVersion(id).orElseThrow();

    for (String write : new String[] {
      "delete from sqlro.nums where id = 1", "insert into sqlro.nums values (9, date'2024-03-09', 99)",
      "drop table sqlro.nums", "create table sqlro.copy using delta as select * from sqlro.nums",
      "truncate table sqlro.nums"}) {
      Cli.Result r = Cli.run(home, "sql", write);
      assertThat(r.exitCode()).as(write).isEqualTo(2);
      assertThat(r.err()).as(write)
          .contains("Not run: mesh sql is read-only")
          .contains("would change the mesh without its contract check, quality gate and run record")
          .contains("--allow-writes")
          .doesNotContain("\tat ");
    }
    assertThat(mesh.context().tables().forFormat(TableFormat.DELTA).currentVersion(id)).contains(published);

    Cli.Result read = Cli.run(home, "sql", "select count(*) as n from sqlro.nums", "--format", "csv");
    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(read.out()).isEqualTo("n\n3\n");
    Cli.Result temp = Cli.run(home, "sql", "create temporary view t as select 1 as x");
    assertThat(temp.exitCode()).as(temp.err()).isZero();

    Cli.Result allowed = Cli.run(home, "sql", "delete from sqlro.nums where id = 1", "--allow-writes");
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    assertThat(mesh.context().tables().forFormat(TableFormat.DELTA).currentVersion(id)).contains(published + 1);
  }

  @Test
  void aTableThatIsNotThereIsNamedWithTheCloseNamesOrTheRunThatPublishesIt() {
    TestMesh mesh = new TestMesh(home);
    mesh.write("conf/sqlnf/nums.conf", Products.numbers("sqlnf.nums", Transforms.Numbers.class.getName(), "delta", "", ""));
    mesh.write("conf/sqlnf/never.conf", Products.numbers("sqlnf.never", Transforms.Numbers.class.getName(), "delta", "", ""));
    assertThat(Cli.run(home, "run", "sqlnf.nums", "--date", "2024-03-01").exitCode()).isZero();

    Cli.Result typo = Cli.run(home, "sql", "select * from sqlnf.nmus");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err())
        .contains("Query failed: no table or product named sqlnf.nmus (line 1, position 14). Did you mean sqlnf.nums?")
        .doesNotContain("DROP VIEW IF EXISTS").doesNotContain("\tat ");
    assertThat(Cli.run(home, "sql", "select count(*) from mesh.run").err())
        .contains("no table or product named mesh.run (line 1, position 21). Did you mean mesh.runs?");
    assertThat(Cli.run(home, "sql", "select * from sqlnf.never").err())
        .contains("Query failed: product sqlnf.never (line 1, position 14) has no table here yet: it is declared but has not"
            + " been published in this warehouse. Run it first: bin/mesh run sqlnf.never --date YYYY-MM-DD.");
    assertThat(Cli.run(home, "sql", "select * from elsewhere.nums").err())
        .as("the same table name in another namespace").contains("Did you mean sqlnf.nums?");
    assertThat(Cli.run(home, "sql", "select * from nowhere.at_all").err())
        .contains("no table or product named nowhere.at_all (line 1, position 14).\nProducts are tables named by id");
  }
}
