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

/** {@code mesh sql} reads; a statement that would change a product is refused unless --allow-writes. */
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
}
