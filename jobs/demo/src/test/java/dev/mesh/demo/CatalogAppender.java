package dev.mesh.demo;

import dev.mesh.catalog.CatalogTable;
import dev.mesh.core.Mesh;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A driver process that appends to {@code mesh.runs} the way every run's driver does (through the mesh's catalog
 * store, in the deployment MESH_ENV names): {@code <appends>} commits of {@code <rows>} rows, run ids
 * {@code <prefix>-<commit>-<row>}. The shared catalog test starts several at once.
 */
public final class CatalogAppender {
  private CatalogAppender() {}

  public static void main(String[] args) {
    String prefix = args[0];
    int appends = Integer.parseInt(args[1]);
    int rows = Integer.parseInt(args[2]);
    try (Mesh mesh = Mesh.open().withoutLineage()) {
      var catalog = mesh.context().catalog();
      for (int a = 0; a < appends; a++) {
        List<Row> batch = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
          Timestamp now = new Timestamp(System.currentTimeMillis());
          batch.add(RowFactory.create(prefix + "-" + a + "-" + r, "appender.test", "v1", Date.valueOf("2024-01-01"),
              "succeeded", now, now, 1L, 1L, 1L, null, null,
              scala.collection.JavaConverters.mapAsScalaMap(new java.util.HashMap<String, Long>()),
              scala.collection.JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq(), false, null));
        }
        catalog.append(CatalogTable.RUNS, batch);
      }
    }
    System.out.println("appended " + appends * rows);
  }
}
