package dev.mesh.governance;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Two people per logical date (ids 2n-1 and 2n on the n-th of the month), with personal data: for the port tests. */
public final class DatedPeople implements Transform {
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("name", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("day", DataTypes.DateType, false);

  @Override
  public Dataset<Row> apply(TransformContext ctx) {
    long n = ctx.logicalDate().getDayOfMonth();
    Date day = Date.valueOf(ctx.logicalDate());
    return ctx.spark()
        .createDataFrame(
            List.of(
                RowFactory.create(2 * n - 1, "Ada " + n, "ada" + n + "@example.com", day),
                RowFactory.create(2 * n, "Bob " + n, null, day)),
            SCHEMA);
  }
}
