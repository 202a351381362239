package dev.mesh.source;

import dev.mesh.api.SourceConnector;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Files Spark can read: {@code { source = files, path = "landing/orders/*.csv", format = csv, header = true }}.
 * {@code {date}} in the path stands for the logical date (yyyy-MM-dd); other options go to Spark's reader.
 */
public final class FilesSource implements SourceConnector {
  @Override
  public String type() {
    return "files";
  }

  @Override
  public Dataset<Row> read(SourceRequest request) {
    String path = request.option("path").replace("{date}", request.logicalDate().toString());
    DataFrameReader reader = request.spark().read().format(request.option("format", "parquet"));
    for (Map.Entry<String, String> e : request.options().entrySet()) {
      if (!e.getKey().equals("path") && !e.getKey().equals("format")) {
        reader = reader.option(e.getKey(), e.getValue());
      }
    }
    return reader.load(path);
  }
}
