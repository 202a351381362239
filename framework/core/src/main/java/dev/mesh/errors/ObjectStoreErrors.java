package dev.mesh.errors;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line for a failure of object storage: Hadoop's s3a names the path in its own exception ({@code getFileStatus on
 * s3a://bucket/key: ...}) and the cause at the bottom of the chain ({@code Connection refused}, {@code Access
 * Denied}), with an SDK message between them that repeats both at length. This keeps the path, its bucket and the
 * cause. Messages of s3a and the AWS SDK never hold credentials: only the access key id appears in some of them.
 */
final class ObjectStoreErrors {
  private static final Pattern S3A_PATH = Pattern.compile("s3a://([^/\\s:;,)]+)(/[^\\s:;,)]*)?");

  private ObjectStoreErrors() {}

  /** The line for {@code t} when an s3a exception is in its chain; empty otherwise. */
  static Optional<String> describe(Throwable t) {
    String path = null;
    String bucket = null;
    String cause = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m == null || m.isBlank()) {
        continue;
      }
      if (path == null && c.getClass().getName().startsWith("org.apache.hadoop.fs.s3a.")) {
        Matcher matcher = S3A_PATH.matcher(m);
        if (matcher.find()) {
          path = matcher.group();
          bucket = matcher.group(1);
        }
      }
      cause = firstLine(m);
    }
    if (path == null) {
      return Optional.empty();
    }
    return Optional.of("object storage failed at " + path + " (bucket " + bucket + "): " + shorten(cause));
  }

  private static String firstLine(String m) {
    return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m.strip());
  }

  /** The SDK's messages end in request ids and repeat themselves: the part before the first of those. */
  private static String shorten(String m) {
    String s = m.replaceAll("\\s*\\(Service: Amazon S3;.*$", "");
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
