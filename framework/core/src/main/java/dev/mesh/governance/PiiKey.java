package dev.mesh.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The platform secret PII columns are hashed with ({@code pii-handling = hash}): HMAC-SHA-256 keyed with it, so that a
 * hashed e-mail cannot be found by hashing a list of known e-mails, while equal values still hash equal in every
 * domain's port and cross-domain joins keep working.
 *
 * <p>Taken from {@code MESH_PII_SECRET}. Without it, a warehouse on the local disk (the embedded default, the local
 * stack) keeps a generated key in {@code <warehouse>/_mesh/pii.key}, readable by its owner only, so hashes stay equal
 * across runs; a warehouse elsewhere (object storage) must be given the secret. The key never appears in
 * {@link #toString()}, a plan or a log.
 */
public final class PiiKey {
  /** The environment variable the secret is read from. */
  public static final String ENV = "MESH_PII_SECRET";

  /** The folder of a local warehouse that holds its key file ({@code pii.key}) when no secret is set. */
  public static final String WAREHOUSE_DIRECTORY = "_mesh";

  private final byte[] key;
  private final String origin;

  private PiiKey(byte[] key, String origin) {
    this.key = key.clone();
    this.origin = origin;
  }

  /** A key of these bytes (tests). */
  public static PiiKey of(String secret) {
    return new PiiKey(secret.getBytes(StandardCharsets.UTF_8), "given");
  }

  /**
   * The key of this process, resolved on first use: {@code MESH_PII_SECRET}, else the warehouse's key file. Its
   * {@code get} throws {@link IllegalStateException} with the fix when neither is possible.
   */
  public static Resolver resolver(Map<String, String> env, String warehouse) {
    return new Resolver(env, warehouse);
  }

  /** The key of a process, resolved once, on first use; what would stop it can be asked beforehand. */
  public static final class Resolver implements Supplier<PiiKey> {
    private final Map<String, String> env;
    private final String warehouse;
    private PiiKey resolved;

    private Resolver(Map<String, String> env, String warehouse) {
      this.env = env;
      this.warehouse = warehouse;
    }

    @Override
    public synchronized PiiKey get() {
      if (resolved == null) {
        resolved = resolve(env, warehouse);
      }
      return resolved;
    }

    /**
     * Why this process can have no key, found without creating one: a secret too short, or none for a warehouse that
     * is not on a local disk (where a key file would be kept). Empty when {@link #get()} can answer.
     */
    public Optional<String> problem() {
      return PiiKey.problem(env, warehouse);
    }
  }

  static Optional<String> problem(Map<String, String> env, String warehouse) {
    String secret = env.get(ENV);
    if (secret != null && !secret.isBlank()) {
      return secret.length() < 16
          ? Optional.of(ENV + " is too short (" + secret.length() + " characters): use at least 16 random characters")
          : Optional.empty();
    }
    if (localDirectory(warehouse).isEmpty()) {
      return Optional.of(
          ENV + " is not set: PII columns with pii-handling = hash are hashed with a platform secret, and the warehouse "
              + warehouse + " is not on a local disk to keep one in. Set " + ENV + " (the same value for every driver of the mesh).");
    }
    return Optional.empty();
  }

  static PiiKey resolve(Map<String, String> env, String warehouse) {
    Optional<String> problem = problem(env, warehouse);
    if (problem.isPresent()) {
      throw new IllegalStateException(problem.get());
    }
    String secret = env.get(ENV);
    if (secret != null && !secret.isBlank()) {
      return new PiiKey(secret.getBytes(StandardCharsets.UTF_8), ENV);
    }
    return new PiiKey(keyFile(localDirectory(warehouse).orElseThrow().resolve(WAREHOUSE_DIRECTORY).resolve("pii.key")), "warehouse key file");
  }

  /** HMAC-SHA-256 of {@code value}'s UTF-8 bytes under this key, as lower-case hex; null for null. */
  public String hash(String value) {
    return value == null ? null : HmacSha256.hex(key, value);
  }

  /** The Spark function hashing a column with this key. */
  HmacSha256 function() {
    return new HmacSha256(key);
  }

  @Override
  public String toString() {
    return "PiiKey(" + origin + ", secret not shown)";
  }

  private static Optional<Path> localDirectory(String warehouse) {
    if (warehouse.startsWith("file:")) {
      return Optional.of(Path.of(java.net.URI.create(warehouse)));
    }
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(warehouse).toAbsolutePath());
  }

  private static byte[] keyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path tmp = Files.createTempFile(file.getParent(), "pii", ".key");
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // Not a POSIX file system: the directory's permissions apply.
        }
        Files.writeString(tmp, HexFormat.of().formatHex(fresh));
        try {
          // link(2) is atomic and never replaces: of two drivers creating the key at once, both use the one that landed.
          Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
          // Another driver created it first.
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create the PII key file " + file + ": " + e.getMessage(), e);
    }
  }
}
