package dev.mesh.stack.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Type 2 history of a day's numbers (ids n..n+2, value 10n+id for day n of the month): an id whose value changed gets
 * its open version closed on the day and a new one opened; the whole history is written back (mode overwrite), built
 * from the table as published.
 */
public final class Scd2Numbers implements Transform {
  static final StructType SNAPSHOT =
      new StructType().add("id", DataTypes.LongType, false).add("value", DataTypes.LongType, false);

  @Override
  public Dataset<Row> apply(TransformContext ctx) {
    int n = ctx.logicalDate().getDayOfMonth();
    List<Row> rows = new ArrayList<>();
    for (long id = n; id < n + 3; id++) {
      rows.add(RowFactory.create(id, n * 10L + id));
    }
    Column day = lit(Date.valueOf(ctx.logicalDate()));
    Dataset<Row> today = ctx.spark().createDataFrame(rows, SNAPSHOT);
    if (ctx.published().isEmpty()) {
      return today.withColumn("valid_from", day).withColumn("valid_to", lit(null).cast("date"));
    }
    Dataset<Row> history = ctx.published().get();
    Dataset<Row> open = history.where(col("valid_to").isNull());
    Dataset<Row> changed =
        today.join(open, today.col("id").equalTo(open.col("id")).and(today.col("value").equalTo(open.col("value"))), "left_anti");
    Dataset<Row> changedIds = changed.select(col("id").as("changed_id"));
    Dataset<Row> closed =
        history.join(changedIds, history.col("id").equalTo(col("changed_id")), "left")
            .withColumn(
                "valid_to",
                org.apache.spark.sql.functions.when(col("changed_id").isNotNull().and(col("valid_to").isNull()), day)
                    .otherwise(col("valid_to")))
            .drop("changed_id");
    return closed.unionByName(changed.withColumn("valid_from", day).withColumn("valid_to", lit(null).cast("date")));
  }
}
