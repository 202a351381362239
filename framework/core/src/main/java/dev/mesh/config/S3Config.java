package dev.mesh.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How mesh reaches object storage through Hadoop's s3a ({@code mesh.storage.s3} in mesh.conf): the settings every
 * table format uses alike (Delta through Hadoop, Iceberg through its HadoopFileIO). Credentials are not among them:
 * s3a takes them from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} or the rest of its standard provider
 * chain, so no key is ever in mesh's configuration, a plan, the Spark settings or a log.
 *
 * @param endpoint an S3-compatible store's endpoint ({@code http://127.0.0.1:9000}); empty for s3a's default (AWS)
 * @param pathStyleAccess {@code http://host/bucket/key} requests instead of {@code http://bucket.host/key}: what local
 *     stores (S3Proxy, MinIO) serve
 */
public record S3Config(String endpoint, boolean pathStyleAccess) {
  /** No endpoint: s3a as Hadoop configures it. */
  public static final S3Config DEFAULT = new S3Config("", true);

  /** The Spark settings ({@code spark.hadoop.fs.s3a.*}) of this store; empty without an endpoint. */
  public Map<String, String> sparkConf() {
    Map<String, String> s = new LinkedHashMap<>();
    if (endpoint.isBlank()) {
      return s;
    }
    s.put("spark.hadoop.fs.s3a.endpoint", endpoint);
    s.put("spark.hadoop.fs.s3a.path.style.access", String.valueOf(pathStyleAccess));
    s.put("spark.hadoop.fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https:")));
    // Keep directory markers (Hadoop 3.3.1+ clients only, as every Spark 3.5 is): s3a otherwise deletes the parent
    // "directory" keys after each write, which stores backed by a file system (S3Proxy's) refuse for a non-empty
    // directory, and which costs a request per write anywhere.
    s.put("spark.hadoop.fs.s3a.directory.marker.retention", "keep");
    return s;
  }
}
