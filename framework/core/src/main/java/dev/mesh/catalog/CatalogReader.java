package dev.mesh.catalog;

import dev.mesh.config.Locations;
import dev.mesh.config.PlatformConfig;
import dev.mesh.model.TableFormat;
import dev.mesh.storage.StoreEndpoint;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads whole catalog tables (the columns asked for) into plain rows, for the questions the metadata commands ask
 * ({@code mesh status}, {@code mesh catalog}, {@code mesh lineage}, {@code mesh quality}). A table that does not exist
 * yet reads as no rows: reading never creates anything.
 */
public interface CatalogReader {

  /** The current rows of {@code table}, with {@code columns} only (a column the table lacks reads as null). */
  default List<CatalogRow> read(CatalogTable table, List<String> columns) {
    return read(table, columns, r -> true);
  }

  /** The current rows of {@code table} that {@code keep} accepts, the others dropped as they are read. */
  List<CatalogRow> read(CatalogTable table, List<String> columns, Predicate<CatalogRow> keep);

  /**
   * The current rows of {@code table} whose {@code column} (one of {@code columns}) holds one of {@code values}. A
   * reader whose engine filters in the scan does ({@link SparkCatalogReader}: its driver collects those rows only, not
   * the whole table); the others drop the rest as they read.
   */
  default List<CatalogRow> readWhereIn(CatalogTable table, List<String> columns, String column, Set<String> values) {
    return read(table, columns, r -> values.contains(r.string(column)));
  }

  /**
   * The reader for this platform, without a Spark session where it can (about a second instead of Spark's start):
   * Delta Kernel when the catalog tables are Delta tables on a local file system (the embedded default), Iceberg's core
   * API when they are Iceberg tables in a hadoop, REST or JDBC catalog (a shared deployment's catalog service, on any
   * storage); otherwise (Delta tables on object storage, a Hive metastore's Iceberg catalog) the catalog store's own
   * Spark reads, started only when first asked. On object storage with an endpoint of its own, each read first asks
   * the endpoint whether it answers ({@link StoreEndpoint#check}): a store that is down fails the read at once, where
   * a catalog service's retries of it take minutes.
   */
  static CatalogReader of(PlatformConfig platform, Supplier<CatalogStore> spark) {
    CatalogReader reader;
    if (platform.catalogTables() == TableFormat.ICEBERG
        && platform.iceberg() != null
        && IcebergCatalogReader.TYPES.contains(platform.iceberg().type())) {
      reader = IcebergCatalogReader.of(platform);
    } else {
      reader = of(platform.catalogTables(), platform::catalogRoot, spark);
    }
    return StoreEndpoint.of(platform).<CatalogReader>map(store -> new Checked(store, reader)).orElse(reader);
  }

  /** A reader that first asks its object store's endpoint whether it answers. */
  final class Checked implements CatalogReader {
    private final StoreEndpoint store;
    private final CatalogReader reader;

    Checked(StoreEndpoint store, CatalogReader reader) {
      this.store = store;
      this.reader = reader;
    }

    @Override
    public List<CatalogRow> read(CatalogTable table, List<String> columns, Predicate<CatalogRow> keep) {
      store.check(store.warehouse());
      return reader.read(table, columns, keep);
    }

    @Override
    public List<CatalogRow> readWhereIn(CatalogTable table, List<String> columns, String column, Set<String> values) {
      store.check(store.warehouse());
      return reader.readWhereIn(table, columns, column, values);
    }
  }

  /**
   * {@link #of(PlatformConfig, Supplier)} for catalog tables of {@code format}; {@code deltaRoot} (the folder of the
   * Delta catalog tables) is asked only for Delta.
   */
  static CatalogReader of(TableFormat format, Supplier<String> deltaRoot, Supplier<CatalogStore> spark) {
    if (format == TableFormat.DELTA && Locations.isLocal(deltaRoot.get())) {
      return new DeltaKernelCatalogReader(deltaRoot.get());
    }
    return new SparkCatalogReader(spark);
  }
}
