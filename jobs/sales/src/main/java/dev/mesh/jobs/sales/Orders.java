package dev.mesh.jobs.sales;

import static org.apache.spark.sql.functions.col;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** sales.orders: the day's orders from the order system, with readable column names. */
public final class Orders implements Transform {
  @Override
  public Dataset<Row> apply(TransformContext ctx) {
    return ctx.input("orders")
        .select(
            col("o_orderkey").as("order_key"),
            col("o_custkey").as("customer_key"),
            col("o_orderdate").as("order_date"),
            col("o_orderstatus").as("status"),
            col("o_totalprice").as("total_price"),
            col("o_orderpriority").as("priority"),
            col("o_clerk").as("clerk"));
  }
}
