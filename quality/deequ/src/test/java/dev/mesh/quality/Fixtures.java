package dev.mesh.quality;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small, hand-countable tables for the Spark tests. */
public final class Fixtures {
  private Fixtures() {}

  public static final StructType ORDERS = new StructType()
      .add("id", DataTypes.LongType)
      .add("email", DataTypes.StringType)
      .add("status", DataTypes.StringType)
      .add("price", DataTypes.DoubleType)
      .add("code", DataTypes.StringType)
      .add("customer_id", DataTypes.LongType);

  /** Ten clean orders: every rule of the tests holds on them. */
  public static Dataset<Row> cleanOrders(SparkSession spark) {
    return orders(spark,
        row(1, "a@x.io", "NEW", 10.0, "ABC-001", 1L),
        row(2, "b@x.io", "PAID", 20.0, "ABC-002", 2L),
        row(3, "c@x.io", "PAID", 30.0, "ABC-003", 3L),
        row(4, "d@x.io", "SHIPPED", 40.0, "ABC-004", 4L),
        row(5, "e@x.io", "SHIPPED", 50.0, "ABC-005", 5L),
        row(6, "f@x.io", "NEW", 60.0, "ABC-006", 1L),
        row(7, "g@x.io", "PAID", 70.0, "ABC-007", 2L),
        row(8, "h@x.io", "PAID", 80.0, "ABC-008", 3L),
        row(9, "i@x.io", "NEW", 90.0, "ABC-009", null),
        row(10, "j@x.io", "NEW", 100.0, "ABC-010", 4L));
  }

  /**
   * Ten orders with one flaw per column: email null in row 2, status LOST in row 3, price -5 in row 4, code "bad" in
   * row 5, customer 99 (unknown) in row 6, id 7 twice.
   */
  public static Dataset<Row> dirtyOrders(SparkSession spark) {
    return orders(spark,
        row(1, "a@x.io", "NEW", 10.0, "ABC-001", 1L),
        row(2, null, "PAID", 20.0, "ABC-002", 2L),
        row(3, "c@x.io", "LOST", 30.0, "ABC-003", 3L),
        row(4, "d@x.io", "SHIPPED", -5.0, "ABC-004", 4L),
        row(5, "e@x.io", "SHIPPED", 50.0, "bad", 5L),
        row(6, "f@x.io", "NEW", 60.0, "ABC-006", 99L),
        row(7, "g@x.io", "PAID", 70.0, "ABC-007", 2L),
        row(7, "h@x.io", "PAID", 80.0, "ABC-008", 3L),
        row(9, "i@x.io", "NEW", 90.0, "ABC-009", null),
        row(10, "j@x.io", "NEW", 100.0, "ABC-010", 4L));
  }

  /** Customers 1 to 5, customer 3 listed twice. */
  public static Dataset<Row> customers(SparkSession spark) {
    StructType schema = new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);
    List<Row> rows = Arrays.asList(
        RowFactory.create(1L, "Ada"), RowFactory.create(2L, "Bob"), RowFactory.create(3L, "Cy"),
        RowFactory.create(3L, "Cy"), RowFactory.create(4L, "Di"), RowFactory.create(5L, "Ed"));
    return spark.createDataFrame(rows, schema);
  }

  public static Dataset<Row> orders(SparkSession spark, Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), ORDERS);
  }

  public static Row row(long id, String email, String status, Double price, String code, Long customerId) {
    return RowFactory.create(id, email, status, price, code, customerId);
  }
}
