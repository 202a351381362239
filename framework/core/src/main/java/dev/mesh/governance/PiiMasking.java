package dev.mesh.governance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.mesh.model.ColumnSpec;
import dev.mesh.model.PiiHandling;
import dev.mesh.model.ProductDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * What a product's output port holds of its personal data: each PII column in its declared handled form — masked,
 * hashed (HMAC-SHA-256 under the platform's {@link PiiKey}) or dropped. Readers outside the owning domain (and the
 * domains granted {@code pii-clear-access}) read the port, never the clear data ({@link OutputPorts}).
 */
public final class PiiMasking {
  /** What a masked value reads as. */
  public static final String MASK = "***";

  private PiiMasking() {}

  /** {@code data} of {@code product} as its port holds it; {@code key} is asked for only when a column is hashed. */
  public static Dataset<Row> forPort(Dataset<Row> data, ProductDescriptor product, java.util.function.Supplier<PiiKey> key) {
    Dataset<Row> out = data;
    UserDefinedFunction hmac = null;
    for (ColumnSpec c : product.schema().columns()) {
      if (!c.pii() || Arrays.stream(out.columns()).noneMatch(n -> n.equalsIgnoreCase(c.name()))) {
        continue;
      }
      PiiHandling h = handling(c);
      Column value = col(quote(c.name()));
      if (h == PiiHandling.HASH && hmac == null) {
        hmac = udf(key.get().function(), DataTypes.StringType).withName("mesh_pii_hash");
      }
      out =
          switch (h) {
            case DROP -> out.drop(c.name());
            case HASH -> out.withColumn(c.name(), hmac.apply(value.cast("string")));
            case MASK -> out.withColumn(c.name(), when(value.isNull(), lit(null).cast("string")).otherwise(lit(MASK)));
          };
    }
    return out;
  }

  /**
   * The columns of {@code product}'s port, from its contract alone (no Spark): what {@link #forPort} leaves of each
   * column. A hashed or masked column reads as a string; a dropped one, or unhandled PII, is not there.
   */
  public static List<ColumnSpec> portColumns(ProductDescriptor product) {
    List<ColumnSpec> out = new ArrayList<>();
    for (ColumnSpec c : product.schema().columns()) {
      if (!c.pii()) {
        out.add(c);
      } else if (handling(c) != PiiHandling.DROP) {
        out.add(new ColumnSpec(c.name(), "string", c.nullable(), c.description(), true, c.piiHandling()));
      }
    }
    return out;
  }

  /**
   * How the port holds a PII column: as declared, and dropped when undeclared (a policy violation when governance is
   * configured): never in clear.
   */
  private static PiiHandling handling(ColumnSpec piiColumn) {
    return piiColumn.piiHandling() == null ? PiiHandling.DROP : piiColumn.piiHandling();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
