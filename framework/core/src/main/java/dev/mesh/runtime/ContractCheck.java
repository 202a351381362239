package dev.mesh.runtime;

import dev.mesh.model.ColumnSpec;
import dev.mesh.model.SchemaContract;
import dev.mesh.quality.OnFailure;
import dev.mesh.quality.Rule;
import dev.mesh.quality.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares a transform's output schema with the product's contract (no data is read), and turns the contract's
 * non-nullable columns into not-null rules checked with the quality rules, in the same scan.
 */
public final class ContractCheck {
  private ContractCheck() {}

  /** Prefix of the rules that come from the schema contract rather than the SLA section. */
  public static final String RULE_PREFIX = "contract_not_null_";

  /** Every difference between {@code actual} and the contract, in words; empty when they agree. */
  public static List<String> differences(StructType actual, SchemaContract contract) {
    List<String> out = new ArrayList<>();
    Map<String, StructField> byName = new HashMap<>();
    for (StructField f : actual.fields()) {
      byName.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    for (ColumnSpec c : contract.columns()) {
      StructField f = byName.remove(c.name().toLowerCase(Locale.ROOT));
      if (f == null) {
        out.add("missing column '" + c.name() + "' (contract: " + c.type() + (c.nullable() ? "" : " not null") + ")");
        continue;
      }
      String actualType = f.dataType().sql().toLowerCase(Locale.ROOT);
      if (!actualType.equals(c.type())) {
        out.add("column '" + c.name() + "' is " + actualType + ", the contract says " + c.type());
      }
    }
    for (StructField f : actual.fields()) {
      if (byName.containsKey(f.name().toLowerCase(Locale.ROOT))) {
        out.add(
            "extra column '" + f.name() + "' (" + f.dataType().sql().toLowerCase(Locale.ROOT) + ") is not in the contract");
      }
    }
    return out;
  }

  /** The output with the contract's column order and spelling. */
  public static Dataset<Row> conform(Dataset<Row> data, SchemaContract contract) {
    Column[] cols = contract.columns().stream().map(c -> functions.col(c.name()).as(c.name())).toArray(Column[]::new);
    return data.select(cols);
  }

  /** One not-null rule (severity error) per non-nullable column of the contract. */
  public static List<Rule> notNullRules(SchemaContract contract) {
    return contract.columns().stream()
        .filter(c -> !c.nullable())
        .map(c -> (Rule) new Rule.NotNull(RULE_PREFIX + c.name(), Severity.ERROR, c.name(), OnFailure.BLOCK))
        .toList();
  }
}
