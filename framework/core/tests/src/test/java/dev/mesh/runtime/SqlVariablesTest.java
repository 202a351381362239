package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.config.SqlVariables;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The configuration check parses SQL with its variables replaced exactly as the runtime replaces them. */
class SqlVariablesTest {
  private static final LocalDate DAY = LocalDate.of(2024, 5, 7);

  @Test
  void substitutesAsTheRuntimeDoes() {
    String sql = "SELECT ${run_id} AS run, * FROM t WHERE day = ${logical_date} AND note <> '$' AND x = ${logical_date}";
    SqlVariables.Substituted s = SqlVariables.substitute(sql, DAY, "r-1");
    assertThat(s.sql())
        .isEqualTo("SELECT 'r-1' AS run, * FROM t WHERE day = DATE'2024-05-07' AND note <> '$' AND x = DATE'2024-05-07'")
        .isEqualTo(TransformRunner.substitute(null, sql, DAY, "r-1"));
    assertThat(s.unknown()).isEmpty();
  }

  @Test
  void listsUnknownVariablesAndLeavesThemInPlace() {
    SqlVariables.Substituted s = SqlVariables.substitute("SELECT ${day}, ${run_id}, ${x1}", DAY, "r");
    assertThat(s.sql()).isEqualTo("SELECT ${day}, 'r', ${x1}");
    assertThat(s.unknown()).containsExactly("${day}", "${x1}");
  }
}
