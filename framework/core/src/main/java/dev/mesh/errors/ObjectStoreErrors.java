package dev.mesh.errors;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line for a failure of object storage: Hadoop's s3a names the path in its own exception ({@code getFileStatus on
 * s3a://bucket/key: ...}) and the cause at its end ({@code Connection refused}, {@code Access Denied}), with SDK text
 * between them that repeats both at length; a failed Spark task carries the same text inside its own message. This
 * keeps the path, its bucket, the endpoint that did not answer and the cause. Messages of s3a and the AWS SDK never
 * hold credentials.
 */
final class ObjectStoreErrors {
  private static final Pattern S3A_PATH = Pattern.compile("s3a://([^/\\s:;,)'\"]+)(/[^\\s:;,)'\"]*)?");
  private static final Pattern CONNECT = Pattern.compile("Connect to (\\S+:\\d+)");

  private ObjectStoreErrors() {}

  /** The line for {@code t} when s3a failed somewhere in its chain; empty otherwise. */
  static Optional<String> describe(Throwable t) {
    String path = null;
    String bucket = null;
    String last = null;
    String endpoint = "";
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m == null || m.isBlank()) {
        continue;
      }
      String line = m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m.strip());
      boolean fromS3a = c.getClass().getName().startsWith("org.apache.hadoop.fs.s3a.") || line.contains("org.apache.hadoop.fs.s3a.");
      if (path == null && fromS3a) {
        Matcher matcher = S3A_PATH.matcher(line);
        if (matcher.find()) {
          path = matcher.group();
          bucket = matcher.group(1);
        }
      }
      Matcher connect = CONNECT.matcher(line);
      if (endpoint.isEmpty() && connect.find()) {
        endpoint = " at " + connect.group(1);
      }
      last = line;
    }
    if (path == null) {
      return Optional.empty();
    }
    String text = last.replaceAll("\\s*\\(Service: Amazon S3;.*$", "");
    String cause = text.substring(text.lastIndexOf(": ") + 1).strip();
    if (cause.length() > 200) {
      cause = cause.substring(0, 200) + "…";
    }
    return Optional.of("object storage failed at " + path + " (bucket " + bucket + endpoint + "): " + cause);
  }
}
