package dev.mesh.api;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A product's transform written in Java: computes the output from the inputs. Implementations need a public
 * no-argument constructor, must not write anything themselves (the framework checks, writes and records), and
 * should read only the inputs the context offers.
 *
 * <pre>{@code
 * public final class OrdersDaily implements Transform {
 *   public Dataset<Row> apply(TransformContext ctx) {
 *     return ctx.input("orders").where(col("order_date").equalTo(lit(ctx.logicalDate())));
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Transform {
  Dataset<Row> apply(TransformContext context);
}
