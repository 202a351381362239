package dev.mesh.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.testing.TestSpark;
import java.util.List;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.codegen.GenerateUnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * A mesh session keeps more compiled classes than Spark's default 100: a class compiled once is reused after more than
 * a hundred others were compiled (a mesh's runs repeat the same few kinds of query for every product and date).
 */
class CodegenCacheTest {
  private static final int DISTINCT = 130;

  /** A projection of one integer literal: Spark inlines the value in the generated code, one class per value. */
  private static void compile(int value) {
    List<Expression> literal = List.of(Literal.create(value, DataTypes.IntegerType));
    GenerateUnsafeProjection.generate(JavaConverters.asScalaBuffer(literal).toSeq(), false);
  }

  private static long compilations() {
    return CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
  }

  @Test
  void aClassCompiledBeforeMoreThanAHundredOthersIsNotCompiledAgain() {
    SparkSession spark = TestSpark.session();
    SparkSession.setActiveSession(spark);
    assertThat(spark.conf().get(SparkSessions.CODEGEN_CACHE_ENTRIES)).isEqualTo("2000");
    // Values no other test compiles.
    int first = 740_000_001;
    long before = compilations();
    for (int i = 0; i < DISTINCT; i++) {
      compile(first + i);
    }
    assertThat(compilations() - before).as("classes compiled, one per value").isEqualTo(DISTINCT);

    compile(first);

    assertThat(compilations() - before).as("the first class again, from the cache").isEqualTo(DISTINCT);
  }
}
