package dev.mesh.jobs.finance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** finance.payments: the payments due for the orders placed on the logical date. */
public final class Payments implements Transform {
  static final int TERMS_DAYS = 30;

  @Override
  public Dataset<Row> apply(TransformContext ctx) {
    return ctx.input("orders")
        .where(col("order_date").equalTo(lit(Date.valueOf(ctx.logicalDate()))))
        .select(
            col("order_key").as("payment_id"),
            col("order_key"),
            col("customer_key"),
            col("order_date"),
            date_add(col("order_date"), TERMS_DAYS).as("due_date"),
            col("total_price").as("amount"),
            when(col("status").equalTo("F"), lit("settled")).otherwise(lit("open")).as("status"));
  }
}
