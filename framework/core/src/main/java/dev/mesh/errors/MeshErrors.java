package dev.mesh.errors;

import dev.mesh.model.ProductId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every user-facing error of mesh is built here, so they read alike: what, why, and the fix. */
public final class MeshErrors {
  private MeshErrors() {}

  public static MeshException unknownProduct(String id, Collection<ProductId> known) {
    return unknownProduct(id, known, "no conf file declares it");
  }

  /**
   * {@code id} names no product of {@code known} ({@code why} says where it was looked for): the close names, or, when
   * {@code id} is one of their domains, that domain's products.
   */
  public static MeshException unknownProduct(String id, Collection<ProductId> known, String why) {
    List<String> ofDomain =
        known.stream().filter(k -> k.domain().equals(id)).map(ProductId::toString).sorted().toList();
    if (!ofDomain.isEmpty()) {
      return new MeshException(
          ErrorKind.INVALID,
          "'" + id + "' is a domain, not a product: name one of its products: " + String.join(", ", ofDomain) + ".");
    }
    List<String> close = similarIds(id, known);
    String hint =
        close.isEmpty()
            ? " Run 'bin/mesh catalog' to list the products."
            : " Did you mean " + String.join(", ", close) + "?";
    return new MeshException(ErrorKind.INVALID, "Unknown data product '" + id + "': " + why + "." + hint);
  }

  /** Up to three ids of {@code known} that {@code id} is probably a typo or a part of, sorted. */
  public static List<String> similarIds(String id, Collection<ProductId> known) {
    return known.stream().map(ProductId::toString).filter(k -> similar(k, id)).sorted().limit(3).toList();
  }

  /**
   * A query that names a table which is not there (Spark's {@code TABLE_OR_VIEW_NOT_FOUND}), said in mesh's terms: a
   * declared product without a table yet, or the close names among what a query may name: the products by id and
   * {@code otherTables} (the catalog tables). Empty for any other failure, which keeps Spark's own message.
   */
  public static Optional<String> unknownTable(Throwable failure, Collection<ProductId> declared, Collection<String> otherTables) {
    if (!(failure instanceof org.apache.spark.sql.AnalysisException e) || !"TABLE_OR_VIEW_NOT_FOUND".equals(e.getErrorClass())) {
      return Optional.empty();
    }
    String relation = e.getMessageParameters().get("relationName");
    if (relation == null) {
      return Optional.empty();
    }
    String name = relation.replace("`", "");
    String at = e.line().isDefined() && e.startPosition().isDefined()
        ? " (line " + e.line().get() + ", position " + e.startPosition().get() + ")"
        : "";
    if (declared.stream().map(ProductId::toString).anyMatch(name::equals)) {
      return Optional.of(
          "product " + name + at + " has no table here yet: it is declared but has not been published in this warehouse."
              + " Run it first: bin/mesh run " + name + " --date YYYY-MM-DD.");
    }
    List<String> close =
        java.util.stream.Stream.concat(declared.stream().map(ProductId::toString), otherTables.stream())
            .filter(t -> similar(t, name) || sameTableName(t, name)).distinct().sorted().limit(3).toList();
    return Optional.of(
        "no table or product named " + name + at + "." + (close.isEmpty() ? "" : " Did you mean " + String.join(", ", close) + "?"));
  }

  /** Whether two qualified names end in the same table name: the same table asked of another namespace. */
  private static boolean sameTableName(String a, String b) {
    return a.substring(a.lastIndexOf('.') + 1).equals(b.substring(b.lastIndexOf('.') + 1));
  }

  public static MeshException inputMissing(ProductId product, String alias, ProductId input) {
    return new MeshException(
        ErrorKind.INPUT_MISSING,
        "Cannot run "
            + product
            + ": input '"
            + alias
            + "' ("
            + input
            + ") has never been published. Run it first: bin/mesh run "
            + input
            + " (or bin/mesh run +"
            + product
            + " to run everything upstream).");
  }

  public static MeshException transformClassNotFound(ProductId product, String className) {
    return new MeshException(
        ErrorKind.INVALID,
        "Cannot run "
            + product
            + ": transform class "
            + className
            + " is not on the classpath. Check the class name in its conf file and that its jobs module is built.");
  }

  public static MeshException notATransform(ProductId product, String className) {
    return new MeshException(
        ErrorKind.INVALID,
        "Cannot run "
            + product
            + ": "
            + className
            + " does not implement dev.mesh.api.Transform (or has no public no-argument constructor).");
  }

  public static MeshException sqlFileNotFound(ProductId product, String file, List<String> searched) {
    return new MeshException(
        ErrorKind.INVALID,
        "Cannot run "
            + product
            + ": SQL file '"
            + file
            + "' not found. Looked in: "
            + String.join(", ", searched));
  }

  public static MeshException contractViolation(ProductId product, List<String> differences) {
    return new MeshException(
        ErrorKind.FAILED,
        "Not published: the output of "
            + product
            + " breaks its schema contract:\n"
            + differences.stream().map(d -> "  - " + d).collect(Collectors.joining("\n"))
            + "\nFix the transform (e.g. CAST or rename columns) or change the contract in its conf file.");
  }

  public static MeshException qualityBlocked(ProductId product, String report) {
    return new MeshException(
        ErrorKind.QUALITY_BLOCKED,
        "Not published: " + product + " failed quality rules of severity error; its table is unchanged.\n" + report);
  }

  /**
   * The output port could not be written after the clear table was: the clear table was rolled back to {@code previous}
   * ({@code undone}), or could not be ({@code undoError} says why).
   */
  public static MeshException portNotWritten(
      ProductId product, ProductId port, ProductId internal, Long previous, Throwable cause, String undoError) {
    String back = previous == null ? "removed (it had never been published)" : "rolled back to version " + previous;
    return new MeshException(
        ErrorKind.FAILED,
        "Run of " + product + " failed: the output port " + port + " could not be written: " + sentence(rootMessage(cause)) + " "
            + (undoError == null
                ? internal + " was " + back + ", so both keep their previous version."
                : internal + " could NOT be " + back + " (" + undoError + "): it holds this run's rows while the port"
                    + " does not; rerun the product to publish both."),
        cause);
  }

  public static MeshException transformFailed(ProductId product, Throwable cause) {
    return new MeshException(
        ErrorKind.FAILED,
        "Run of " + product + " failed: " + rootMessage(cause) + ". The previous version stays published.",
        cause);
  }

  /**
   * A SQL transform that parses but that Spark cannot resolve against its inputs (an unknown column, function or
   * view).
   *
   * @param problem what was not resolved, naming the SQL file and the position as written
   */
  public static MeshException sqlTransformDoesNotResolve(ProductId product, String problem, Throwable cause) {
    return new MeshException(
        ErrorKind.FAILED, "Run of " + product + " failed: " + problem + ". The previous version stays published.", cause);
  }

  /**
   * A commit that lost to another writer of the same table on every attempt: nothing was committed.
   *
   * @param action e.g. {@code "publish sales.orders"}
   * @param conflict the conflict's exception name, e.g. {@code ConcurrentAppendException}
   * @param unchanged what stays as it was, e.g. {@code "the previous version stays published"}
   */
  public static MeshException commitConflicts(String action, String conflict, int attempts, String unchanged) {
    return new MeshException(
        ErrorKind.FAILED,
        "Cannot "
            + action
            + ": another writer committed to the table at the same time ("
            + conflict
            + ")"
            + (attempts == 1 ? "" : " " + attempts + " times")
            + "; "
            + unchanged
            + ". Run it again.");
  }

  /**
   * A run refused because {@code mesh maintain} holds the product's lease while it deletes old versions' files (run
   * status busy, exit 1).
   *
   * @param holder the maintenance, e.g. {@code maintenance (mesh maintain), on host h, pid 4242, since ...}
   * @param lease where the lease lives (a lock file, a PostgreSQL advisory lock)
   */
  public static MeshException maintenanceInProgress(ProductId product, String holder, String lease) {
    return new MeshException(
        ErrorKind.BUSY,
        "Not run: " + product + " is being maintained (" + holder + "): its old versions' files are being deleted. Run again"
            + " when it ends; its lease " + lease + " is released then, or when its process dies.");
  }

  /**
   * A run refused because {@code mesh rollback} holds the product's lease while it makes an earlier version current
   * again (run status busy, exit 1).
   */
  public static MeshException rollbackInProgress(ProductId product, String holder, String lease) {
    return new MeshException(
        ErrorKind.BUSY,
        "Not run: " + product + " is being rolled back (" + holder + "). Run again when it ends; its lease " + lease
            + " is released then, or when its process dies.");
  }

  /**
   * A run refused because another run of the same product holds its lease (run status busy, exit 1).
   *
   * @param holder the run that holds it, e.g. {@code run 6f1c... for 1995-06-04, on host h, pid 4242, since ...}
   * @param lease where the lease lives (a lock file)
   */
  public static MeshException runInProgress(ProductId product, String holder, String lease) {
    return new MeshException(
        ErrorKind.BUSY,
        "Not run: another run of "
            + product
            + " is in progress ("
            + holder
            + "). Wait for it to end (its outcome is then in mesh.runs) and run again if needed; its lease "
            + lease
            + " is released when that run ends or its process dies.");
  }

  /** The lease of a product could not be taken for another reason than another run holding it. */
  public static MeshException leaseFailed(ProductId product, String lease, Throwable cause) {
    return leaseFailed(product, lease, cause, "Check that the warehouse directory is writable.");
  }

  /** {@link #leaseFailed(ProductId, String, Throwable)} with what to check for this kind of lease. */
  public static MeshException leaseFailed(ProductId product, String lease, Throwable cause, String check) {
    return new MeshException(
        ErrorKind.FAILED,
        "Cannot run "
            + product
            + ": cannot take its lease "
            + lease
            + " ("
            + rootMessage(cause)
            + "). "
            + check,
        cause);
  }

  public static MeshException unknownSource(ProductId product, String alias, String type, Collection<String> known) {
    return new MeshException(
        ErrorKind.INVALID,
        "Cannot run "
            + product
            + ": input '"
            + alias
            + "' uses unknown source type '"
            + type
            + "'. Known source types: "
            + String.join(", ", known.stream().sorted().toList()));
  }

  /**
   * A product whose port hashes PII, on a platform without a usable secret ({@code MESH_PII_SECRET}): found when the
   * run is planned, before anything is read.
   */
  public static MeshException piiSecretMissing(ProductId product, List<String> hashed, String problem) {
    return new MeshException(
        ErrorKind.INVALID,
        "Cannot run " + product + ": its port hashes the PII column" + (hashed.size() == 1 ? " " : "s ") + String.join(", ", hashed)
            + ", and " + sentence(problem));
  }

  public static MeshException governanceRefused(ProductId product, List<String> violations) {
    return new PolicyRefusedException(
        "Cannot run "
            + product
            + ": it breaks "
            + violations.size()
            + (violations.size() == 1 ? " governance policy" : " governance policies")
            + " of severity error:\n"
            + violations.stream().map(v -> "  - " + v).collect(Collectors.joining("\n"))
            + "\nFix the declaration as each line says; bin/mesh validate lists every violation of the mesh.");
  }

  public static MeshException usage(String message) {
    return new MeshException(ErrorKind.INVALID, message);
  }

  /**
   * Why a connection to a service was not made, in a few words: {@code connection refused}, {@code no answer within
   * 5 s}, {@code unknown host}, or the exception's own message.
   *
   * @param timeout how long the connection was given, for a timeout's words
   */
  public static String unreachable(java.io.IOException e, java.time.Duration timeout) {
    String m = e.getMessage();
    if (e instanceof java.net.ConnectException || (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("connection refused"))) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException || e instanceof java.net.SocketTimeoutException) {
      return "no answer within " + timeout.toSeconds() + " s";
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** {@code message} ending in exactly one full stop, so that another sentence can follow it. */
  static String sentence(String message) {
    String m = message == null ? "" : message.strip();
    return m.endsWith(".") ? m : m + ".";
  }

  /**
   * The innermost message of a failure chain, which is usually the one that explains it ("Address already in use"),
   * after what mesh was doing when an {@link java.io.UncheckedIOException} on the way says so ("Cannot serve the site
   * on port 8000: Address already in use. Choose another with --port."): mesh wraps its file and socket work that way,
   * and the raw reason alone does not say which file or port.
   */
  public static String rootMessage(Throwable t) {
    java.util.Optional<String> store = ObjectStoreErrors.describe(t);
    if (store.isPresent()) {
      return store.get();
    }
    Throwable root = t;
    String message = t.getMessage();
    String doing = doing(t);
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root.getMessage() != null) {
        message = root.getMessage();
      }
      if (doing == null) {
        doing = doing(root);
      }
    }
    if (root instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
      message = fileMessage(fs, doing);
    }
    if (doing != null) {
      message = message == null || doing.contains(message.strip()) ? doing : doing + ": " + message;
    }
    if (message == null) {
      return root.getClass().getSimpleName();
    }
    // Spark's parser messages start with a line break: take the first line that says something.
    String firstLine = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(root.getClass().getSimpleName());
    return firstLine.length() > 500 ? firstLine.substring(0, 500) + "…" : firstLine;
  }

  /**
   * A file system failure as the shell says it ({@code x.yaml: No such file or directory}): the JDK's own exceptions
   * often carry the path alone, the reason only in their class. The path is left out when what mesh was doing ends
   * with it already ({@code Cannot write x.yaml: No such file or directory}).
   */
  private static String fileMessage(java.nio.file.FileSystemException e, String doing) {
    String reason = e.getReason() != null ? e.getReason()
        : e instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
        : e instanceof java.nio.file.AccessDeniedException ? "Permission denied"
        : e instanceof java.nio.file.FileAlreadyExistsException ? "File exists"
        : e instanceof java.nio.file.NotDirectoryException ? "Not a directory"
        : e instanceof java.nio.file.DirectoryNotEmptyException ? "Directory not empty"
        : e.getClass().getSimpleName();
    String file = e.getFile() + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile());
    boolean said = doing != null && (doing.strip().endsWith(file) || doing.contains(file + ":") || doing.contains(file + " "));
    return said ? reason : file + ": " + reason;
  }

  /** What an {@link java.io.UncheckedIOException} of mesh says it was doing; null for any other, or one with no words of its own. */
  private static String doing(Throwable t) {
    if (t instanceof java.io.UncheckedIOException u && u.getMessage() != null && u.getCause() != null
        && !u.getMessage().equals(u.getCause().toString())) {
      return u.getMessage();
    }
    return null;
  }

  /** The candidates close to {@code word} (a few edits apart), closest first: for "did you mean" hints. */
  public static List<String> closest(String word, Collection<String> candidates) {
    return candidates.stream()
        .filter(c -> distance(c, word) <= Math.max(2, word.length() / 4))
        .sorted(java.util.Comparator.comparingInt((String c) -> distance(c, word)).thenComparing(c -> c))
        .limit(3)
        .toList();
  }

  private static boolean similar(String a, String b) {
    return distance(a, b) <= Math.max(2, b.length() / 4) || a.endsWith("." + b) || a.contains(b);
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * A source input with no data for the logical date (exit 4, run status input-missing).
   *
   * @param declared the path as declared (with {@code {date}})
   * @param looked the exact path or pattern looked for, qualified (e.g. {@code file:/data/landing/2024-05-07/*.csv})
   */
  public static MeshException sourceFilesMissing(
      String product, String alias, java.time.LocalDate logicalDate, String declared, String looked) {
    return new MeshException(
        ErrorKind.INPUT_MISSING,
        "Cannot run "
            + product
            + " for "
            + logicalDate
            + ": input '"
            + alias
            + "' has no files: nothing matches "
            + looked
            + (declared.contains("{date}")
                ? " (path = \"" + declared + "\"). Land the files for that date first, or run another date."
                : ". Land the files first, or correct the input's path."));
  }
}
