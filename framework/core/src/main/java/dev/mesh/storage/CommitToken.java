package dev.mesh.storage;

import java.util.UUID;

/** A unique mark written into one commit's metadata, to find the version that commit produced. */
final class CommitToken {
  /** The Iceberg snapshot-summary property that carries it (Delta carries it as the commit's userMetadata). */
  static final String PROPERTY = "mesh.commit-token";

  private CommitToken() {}

  static String next() {
    return "mesh-commit-" + UUID.randomUUID();
  }
}
