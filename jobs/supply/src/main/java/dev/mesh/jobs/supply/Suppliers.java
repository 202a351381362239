package dev.mesh.jobs.supply;

import static org.apache.spark.sql.functions.col;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** supply.suppliers: suppliers with their nation's name. */
public final class Suppliers implements Transform {
  @Override
  public Dataset<Row> apply(TransformContext ctx) {
    Dataset<Row> s = ctx.input("supplier");
    Dataset<Row> n = ctx.input("nation");
    return s.join(n, s.col("s_nationkey").equalTo(n.col("n_nationkey")))
        .select(
            col("s_suppkey").as("supplier_key"),
            col("s_name").as("name"),
            col("n_name").as("nation"),
            col("s_phone").as("phone"),
            col("s_acctbal").as("account_balance"));
  }
}
