package dev.mesh.source;

import dev.mesh.api.SourceConnector;
import dev.mesh.errors.MeshErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Files Spark can read: {@code { source = files, path = "landing/orders/*.csv", format = csv, header = true }}.
 * {@code {date}} in the path stands for the logical date (yyyy-MM-dd); other options go to Spark's reader. A path
 * that matches no files for the date ends the run as input-missing (exit 4), naming the path it looked for.
 */
public final class FilesSource implements SourceConnector {
  /** Formats whose data are plain files: a match holding none of them (only hidden or marker files) has no data. */
  private static final Set<String> FILE_FORMATS = Set.of("csv", "json", "parquet", "orc", "text", "avro", "xml");

  @Override
  public String type() {
    return "files";
  }

  @Override
  public Dataset<Row> read(SourceRequest request) {
    String declared = request.option("path");
    String path = declared.replace("{date}", request.logicalDate().toString());
    String format = request.option("format", "parquet");
    checkFilesExist(request, declared, path, format);
    DataFrameReader reader = request.spark().read().format(format);
    for (Map.Entry<String, String> e : request.options().entrySet()) {
      if (!e.getKey().equals("path") && !e.getKey().equals("format")) {
        reader = reader.option(e.getKey(), e.getValue());
      }
    }
    return reader.load(path);
  }

  /** Fails as input-missing when the path (a glob, a file or a directory) matches no data file. */
  private static void checkFilesExist(SourceRequest request, String declared, String path, String format) {
    Configuration hadoop = request.spark().sessionState().newHadoopConf();
    Path pattern = new Path(path);
    String looked;
    try {
      FileSystem fs = pattern.getFileSystem(hadoop);
      looked = fs.makeQualified(pattern).toString();
      FileStatus[] matches = fs.globStatus(pattern);
      boolean found = matches != null && matches.length > 0;
      if (found && FILE_FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
        found = false;
        for (FileStatus m : matches) {
          if (holdsDataFile(fs, m)) {
            found = true;
            break;
          }
        }
      }
      if (found) {
        return;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + path + " for input '" + request.alias() + "' of " + request.productId(), e);
    }
    throw MeshErrors.sourceFilesMissing(request.productId(), request.alias(), request.logicalDate(), declared, looked);
  }

  /** A data file, or a directory with one below it. */
  private static boolean holdsDataFile(FileSystem fs, FileStatus status) throws IOException {
    if (!status.isDirectory()) {
      return !hidden(status.getPath());
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), true);
    while (files.hasNext()) {
      Path p = files.next().getPath();
      if (!hidden(p) && !belowHidden(p, status.getPath())) {
        return true;
      }
    }
    return false;
  }

  private static boolean belowHidden(Path file, Path root) {
    for (Path p = file.getParent(); p != null && !p.equals(root); p = p.getParent()) {
      if (hidden(p)) {
        return true;
      }
    }
    return false;
  }

  /** As Spark's file index: {@code _} and {@code .} names but partition directories ({@code _c=1}), files being copied. */
  private static boolean hidden(Path p) {
    String name = p.getName();
    return (name.startsWith("_") && !name.contains("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
  }
}
