package dev.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.TestSpark;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The comparison under {@code mesh diff}, on rows alone: columns Spark cannot compare as they are, and multisets. */
class TableDiffTest {

  private static Dataset<Row> rows(SparkSession spark, String sql) {
    return spark.sql(sql);
  }

  @Test
  void mapsAndChangedTypesAreComparedAsTextAndWholeRowsAsMultisets() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> before = rows(spark,
        "SELECT id, map('a', n) AS tags, CAST(n AS INT) AS n FROM VALUES (1L, 1L), (2L, 2L), (3L, 3L) AS t(id, n)");
    Dataset<Row> after = rows(spark,
        "SELECT id, map('a', n) AS tags, CAST(n AS BIGINT) AS n FROM VALUES (1L, 1L), (2L, 5L), (4L, 4L) AS t(id, n)");

    TableDiff.Result keyed = TableDiff.compare(before, after, List.of("id"), 5, Set.of(), "");

    assertThat(List.of(keyed.added(), keyed.removed(), keyed.changed(), keyed.unchanged())).containsExactly(1L, 1L, 1L, 1L);
    assertThat(keyed.changedColumns()).containsOnlyKeys("tags", "n");
    assertThat(keyed.samples(TableDiff.Change.CHANGED)).singleElement()
        .satisfies(s -> assertThat(s.after()).containsExactly("2", "{a -> 5}", "5"));

    // No key: a row twice on one side and once on the other is one row added.
    Dataset<Row> once = rows(spark, "SELECT * FROM VALUES (1L, 'x'), (2L, 'y') AS t(id, v)");
    Dataset<Row> twice = rows(spark, "SELECT * FROM VALUES (1L, 'x'), (1L, 'x'), (2L, 'y') AS t(id, v)");
    TableDiff.Result whole = TableDiff.compare(once, twice, List.of(), 5, Set.of(), "");
    assertThat(List.of(whole.before(), whole.after(), whole.added(), whole.removed(), whole.unchanged()))
        .containsExactly(2L, 3L, 1L, 0L, 2L);
    assertThat(whole.key()).isEmpty();
    assertThat(whole.samples(TableDiff.Change.ADDED)).extracting(TableDiff.Sample::after).containsExactly(List.of("1", "x"));
  }
}
