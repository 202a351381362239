package dev.mesh.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.ProductId;
import dev.mesh.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A long-lived Spark session (a notebook's kernel, a driver that runs many products) sees what other writers have
 * committed to an Iceberg product since it last read it. Iceberg's Spark catalog caches the tables it loads and, while
 * a cached table is in use, reads its snapshots as they were when it was loaded: another process's runs stayed
 * invisible to a notebook that kept querying. A product read by its id (mesh's session catalog) or by mesh's store
 * brings the cached table up to date first.
 */
class IcebergFreshReadsTest {

  @Test
  void aSessionReadsWhatAnotherWriterCommittedSinceItsLastRead() {
    SparkSession base = TestSpark.session();
    String catalog = TestSpark.platform(TestSpark.warehouse()).iceberg().name();
    String table = catalog + ".fresh_reads.numbers";
    // Two sessions: each has its own catalog client, as two processes on one catalog have.
    SparkSession reader = base.newSession();
    SparkSession writer = base.newSession();
    reader.sql("CREATE TABLE " + table + " (id BIGINT) USING iceberg");
    try {
      reader.sql("INSERT INTO " + table + " VALUES (1)");
      assertThat(count(reader, "fresh_reads.numbers")).isEqualTo(1);

      writer.sql("INSERT INTO " + table + " VALUES (2), (3)");

      assertThat(count(reader, "fresh_reads.numbers")).as("the reader's query by id after the other writer's commit")
          .isEqualTo(3);
      writer.sql("INSERT INTO " + table + " VALUES (4)");
      assertThat(new IcebergTableStore(reader, catalog).readCurrent(reader, ProductId.parse("fresh_reads.numbers")).count())
          .as("mesh's read of the current version after another commit").isEqualTo(4);
    } finally {
      reader.sql("DROP TABLE IF EXISTS " + table + " PURGE");
    }
  }

  private static long count(SparkSession session, String table) {
    return session.sql("SELECT count(*) FROM " + table).first().getLong(0);
  }
}
