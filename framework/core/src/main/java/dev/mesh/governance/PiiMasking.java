package dev.mesh.governance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import dev.mesh.model.ColumnSpec;
import dev.mesh.model.PiiHandling;
import dev.mesh.model.ProductDescriptor;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a reader outside a product's domain sees of its personal data: each PII column in its declared handled
 * form (masked, hashed or dropped), unless the reader's domain is granted clear access.
 */
public final class PiiMasking {
  /** What a masked value reads as. */
  public static final String MASK = "***";

  private PiiMasking() {}

  /** {@code data} of {@code owner} as a product of {@code readerDomain} may see it. */
  public static Dataset<Row> forReader(Dataset<Row> data, ProductDescriptor owner, String readerDomain) {
    if (owner.access().seesPiiInClear(owner.domain(), readerDomain)) {
      return data;
    }
    Dataset<Row> out = data;
    for (ColumnSpec c : owner.schema().columns()) {
      if (!c.pii() || Arrays.stream(out.columns()).noneMatch(n -> n.equalsIgnoreCase(c.name()))) {
        continue;
      }
      // Unhandled PII (a policy violation when governance is configured) is dropped: never leak it in clear.
      PiiHandling h = c.piiHandling() == null ? PiiHandling.DROP : c.piiHandling();
      Column value = col(quote(c.name()));
      out =
          switch (h) {
            case DROP -> out.drop(c.name());
            case HASH -> out.withColumn(c.name(), sha2(value.cast("string"), 256));
            case MASK -> out.withColumn(c.name(), when(value.isNull(), lit(null).cast("string")).otherwise(lit(MASK)));
          };
    }
    return out;
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
