package dev.mesh.storage;

import org.apache.spark.sql.SparkSession;

/** Creating a domain's namespace in a catalog that several drivers share. */
final class Namespaces {
  private Namespaces() {}

  /**
   * {@code CREATE <kind> IF NOT EXISTS <qualified>}, where another driver may be creating the same namespace at the
   * same moment: the catalog then refuses one of the two ("already exists", or a unique-key violation in the
   * metastore's database), which is a success if the namespace exists now.
   *
   * @param exists whether the namespace exists, asked after a refusal
   */
  static void createIfMissing(SparkSession spark, String statement, java.util.function.BooleanSupplier exists) {
    try {
      spark.sql(statement);
    } catch (RuntimeException e) {
      boolean there;
      try {
        there = exists.getAsBoolean();
      } catch (RuntimeException lookup) {
        e.addSuppressed(lookup);
        throw e;
      }
      if (!there) {
        throw e;
      }
    }
  }
}
