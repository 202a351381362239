package dev.mesh.governance;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Two people with personal data, for the PII tests. */
public final class People implements Transform {
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("name", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("phone", DataTypes.StringType);

  /**
   * The declaration of a product of these people: id (bigint), name (hashed), email (masked) and phone (dropped) in
   * its port; {@code extra} adds keys (visibility, consumers, pii-clear-access).
   */
  public static String conf(String id, String extra) {
    return """
        product {
          id = %s
          version = "1.0.0"
          owner { team = people-team, contact = "people@example.com" }
          transform.class = "dev.mesh.governance.People"
          output { format = delta }
          schema {
            id    { type = bigint, nullable = false }
            name  { type = string, pii = true, pii-handling = hash }
            email { type = string, pii = true, pii-handling = mask }
            phone { type = string, pii = true, pii-handling = drop }
          }
          %s
        }
        """.formatted(id, extra);
  }

  @Override
  public Dataset<Row> apply(TransformContext ctx) {
    return ctx.spark()
        .createDataFrame(
            List.of(
                RowFactory.create(1L, "Ada", "ada@example.com", "555-0101"),
                RowFactory.create(2L, "Bob", null, "555-0102")),
            SCHEMA);
  }
}
