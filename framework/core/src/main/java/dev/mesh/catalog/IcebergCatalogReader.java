package dev.mesh.catalog;

import dev.mesh.config.IcebergCatalogConfig;
import dev.mesh.config.PlatformConfig;
import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.storage.TableLayout;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads Iceberg catalog tables (a shared deployment's, held by its catalog service) with Iceberg's core API: the
 * table's metadata from the catalog, its Parquet files through the table's {@code FileIO}, in this JVM with no Spark
 * session (whose start is most of a metadata command's time). The catalog is built from the same settings Spark's
 * Iceberg catalog gets ({@code mesh.iceberg}, the object store's), so it sees what Spark sees.
 */
public final class IcebergCatalogReader implements CatalogReader {
  /** The catalog types read this way; a Hive metastore's ({@code hive}) is read through Spark and its Hive client. */
  static final Set<String> TYPES = Set.of("hadoop", "rest", "jdbc");

  private final IcebergCatalogConfig iceberg;
  private final Map<String, String> hadoopSettings;
  private Catalog catalog;

  /** @param hadoopSettings the Hadoop settings Spark would pass (its {@code spark.hadoop.*} settings, unprefixed) */
  IcebergCatalogReader(IcebergCatalogConfig iceberg, Map<String, String> hadoopSettings) {
    this.iceberg = iceberg;
    this.hadoopSettings = Map.copyOf(hadoopSettings);
  }

  /** The reader of this platform's Iceberg catalog tables, with the Hadoop settings of its object store. */
  static IcebergCatalogReader of(PlatformConfig platform) {
    Map<String, String> hadoop = new LinkedHashMap<>();
    Map<String, String> spark = new LinkedHashMap<>(platform.s3().sparkConf());
    spark.putAll(platform.sparkConf());
    spark.forEach(
        (k, v) -> {
          if (k.startsWith("spark.hadoop.")) {
            hadoop.put(k.substring("spark.hadoop.".length()), v);
          }
        });
    return new IcebergCatalogReader(platform.iceberg(), hadoop);
  }

  private synchronized Catalog catalog() {
    if (catalog == null) {
      Map<String, String> options = new HashMap<>(iceberg.properties());
      options.put(CatalogUtil.ICEBERG_CATALOG_TYPE, iceberg.type());
      options.put("warehouse", iceberg.warehouse());
      if (!iceberg.uri().isBlank()) {
        options.put("uri", iceberg.uri());
      }
      // As Spark's catalog is set up (SparkSessions): one file system layer, Hadoop's, for s3a:// and local paths.
      options.putIfAbsent("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO");
      Configuration conf = new Configuration();
      hadoopSettings.forEach(conf::set);
      catalog = CatalogUtil.buildIcebergCatalog(iceberg.name(), options, conf);
    }
    return catalog;
  }

  @Override
  public List<CatalogRow> read(CatalogTable table, List<String> columns, Predicate<CatalogRow> keep) {
    Table t;
    try {
      t = catalog().loadTable(TableIdentifier.of(TableLayout.CATALOG_NAMESPACE, table.tableName()));
    } catch (NoSuchTableException | NoSuchNamespaceException notYet) {
      return List.of();
    } catch (RuntimeException failed) {
      // The service answered the probe but not this table (its metadata unreadable, the store behind it down...):
      // one line naming the table and the catalog, as a failure while reading its rows gets.
      throw new MeshException(
          ErrorKind.FAILED, "could not load " + table.qualifiedName() + " from the Iceberg catalog " + iceberg.name() + ": "
              + failed.getMessage(), failed);
    }
    Schema schema = t.schema();
    List<String> kept = columns.stream().filter(c -> schema.findField(c) != null).toList();
    if (kept.isEmpty()) {
      return List.of();
    }
    List<CatalogRow> out = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(t).select(kept).build()) {
      for (Record r : records) {
        Map<String, Object> values = new HashMap<>();
        for (String c : kept) {
          values.put(c, value(r.getField(c), schema.findType(c)));
        }
        CatalogRow row = new CatalogRow(values);
        if (keep.test(row)) {
          out.add(row);
        }
      }
    } catch (IOException | RuntimeException failed) {
      throw new MeshException(
          ErrorKind.FAILED, "could not read " + table.qualifiedName() + " in the Iceberg catalog " + iceberg.name() + ": "
              + failed.getMessage(), failed);
    }
    return out;
  }

  /** Iceberg's generic value as {@link CatalogRow} holds it (an instant for a timestamp, Java lists and maps). */
  private static Object value(Object v, Type type) {
    if (v == null) {
      return null;
    }
    switch (type.typeId()) {
      case TIMESTAMP -> {
        return v instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
      }
      case STRING -> {
        return v.toString();
      }
      case LIST -> {
        Type element = type.asListType().elementType();
        List<Object> out = new ArrayList<>();
        for (Object item : (List<?>) v) {
          out.add(value(item, element));
        }
        return out;
      }
      case MAP -> {
        Types.MapType m = type.asMapType();
        Map<Object, Object> out = new HashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          out.put(value(e.getKey(), m.keyType()), value(e.getValue(), m.valueType()));
        }
        return out;
      }
      default -> {
        return v;
      }
    }
  }
}
