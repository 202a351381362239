package dev.mesh.storage;

import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A table store on object storage that first asks the store's endpoint whether it answers, before each operation that
 * reaches the store (itself, or through a catalog service that reads from it): a store that is down fails the
 * operation at once, in one line naming the location, the bucket and the endpoint ({@link StoreEndpoint#failure}),
 * instead of after minutes of the clients' and the catalog server's retries. Nothing is read or written then, so a
 * failed publish leaves the previous version as it was. A store that answers costs one TCP connection per operation,
 * next to the several requests each operation makes of it.
 */
final class EndpointCheckedStore implements TableStore {
  private final TableStore store;
  private final StoreEndpoint endpoint;
  private final Function<ProductId, String> location;

  /**
   * @param location where a table is named in the error without asking the store (a Delta table's path; the
   *     warehouse, for an Iceberg table, whose location only its catalog knows)
   */
  EndpointCheckedStore(TableStore store, StoreEndpoint endpoint, Function<ProductId, String> location) {
    this.store = store;
    this.endpoint = endpoint;
    this.location = location;
  }

  private void check(ProductId table) {
    endpoint.check(location.apply(table));
  }

  @Override
  public TableFormat format() {
    return store.format();
  }

  @Override
  public String location(ProductId id) {
    // A Delta table's path is the layout's; an Iceberg table's is its catalog's answer, read from the store.
    if (store.format() == TableFormat.ICEBERG) {
      check(id);
    }
    return store.location(id);
  }

  @Override
  public String qualifiedName(ProductId id) {
    return store.qualifiedName(id);
  }

  @Override
  public boolean exists(ProductId id) {
    check(id);
    return store.exists(id);
  }

  @Override
  public Optional<Long> currentVersion(ProductId id) {
    check(id);
    return store.currentVersion(id);
  }

  @Override
  public Dataset<Row> read(SparkSession session, ProductId id, long version) {
    check(id);
    return store.read(session, id, version);
  }

  @Override
  public long write(ProductId id, Dataset<Row> data, OutputSpec output, CommitRetry retry) {
    check(id);
    return store.write(id, data, output, retry);
  }

  @Override
  public long append(ProductId table, Dataset<Row> data, boolean evolveSchema) {
    check(table);
    return store.append(table, data, evolveSchema);
  }

  @Override
  public void appendBlind(ProductId table, Dataset<Row> data, boolean evolveSchema) {
    check(table);
    store.appendBlind(table, data, evolveSchema);
  }

  @Override
  public boolean appendRows(ProductId table, StructType schema, List<Row> rows) {
    check(table);
    return store.appendRows(table, schema, rows);
  }

  @Override
  public Dataset<Row> readCurrent(SparkSession session, ProductId table) {
    check(table);
    return store.readCurrent(session, table);
  }

  @Override
  public long fileCount(ProductId table) {
    check(table);
    return store.fileCount(table);
  }

  @Override
  public long restore(SparkSession session, ProductId table, long version) {
    check(table);
    return store.restore(session, table, version);
  }

  @Override
  public void rollback(ProductId table, Long previous) {
    check(table);
    store.rollback(table, previous);
  }

  @Override
  public void compact(ProductId table) {
    check(table);
    store.compact(table);
  }

  @Override
  public long expire(ProductId table, java.time.Duration retention) {
    check(table);
    return store.expire(table, retention);
  }
}
