package dev.mesh.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Column lineage where the transform's first step above an input keeps the input's columns (a filter, a sort): that
 * step has the input's very attributes, and must not be taken for the input, or the columns it reads go unrecorded.
 */
class PlanLineageTest {

  private static List<String> lineage(Dataset<Row> output, Dataset<Row> input) {
    return PlanLineage.of(output, List.of(PlanLineage.Input.of("in", input))).stream()
        .map(c -> c.outputColumn() + " <- " + c.inputColumn() + " " + c.kind().name().toLowerCase() + " " + c.subtype())
        .toList();
  }

  @Test
  void aFilterOrSortRightAboveAnInputDecidesTheRowsOfEveryColumn() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> input = spark.sql("SELECT * FROM VALUES (1, 'a', 10), (2, 'b', 20) AS t(id, name, value)");

    assertThat(lineage(input.filter("value > 5").select("name"), input))
        .containsExactly("name <- name direct IDENTITY", "name <- value indirect FILTER");
    input.createOrReplaceTempView("plan_lineage_in");
    assertThat(lineage(spark.sql("SELECT name FROM plan_lineage_in WHERE value > 5"), input))
        .containsExactly("name <- name direct IDENTITY", "name <- value indirect FILTER");
    assertThat(lineage(input.orderBy("id").select("name"), input))
        .containsExactly("name <- name direct IDENTITY", "name <- id indirect SORT");
    // The input itself, projected: its columns and nothing else.
    assertThat(lineage(input.select("name"), input)).containsExactly("name <- name direct IDENTITY");
  }
}
