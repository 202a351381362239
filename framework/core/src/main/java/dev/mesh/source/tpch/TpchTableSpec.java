package dev.mesh.source.tpch;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchTable;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A TPC-H table's Spark schema: identifiers as bigint, money as decimal(15,2), dates as date. */
record TpchTableSpec(String name, StructType schema, boolean small) {

  static TpchTableSpec of(String table, String productId, String alias) {
    TpchTable<?> t;
    try {
      t = TpchTable.getTable(table.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Input '" + alias + "' of " + productId + ": unknown TPC-H table '" + table + "'; known: "
              + TpchTable.getTables().stream().map(TpchTable::getTableName).collect(Collectors.joining(", ")));
    }
    StructType schema = new StructType();
    for (TpchColumn<?> c : t.getColumns()) {
      schema = schema.add(c.getColumnName(), sparkType(c.getType()), false);
    }
    boolean small = t == TpchTable.NATION || t == TpchTable.REGION;
    return new TpchTableSpec(t.getTableName(), schema, small);
  }

  static DataType sparkType(TpchColumnType type) {
    return switch (type.getBase()) {
      case IDENTIFIER -> DataTypes.LongType;
      case INTEGER -> DataTypes.IntegerType;
      case DATE -> DataTypes.DateType;
      case DOUBLE -> DataTypes.createDecimalType(15, 2);
      case VARCHAR -> DataTypes.StringType;
    };
  }
}
