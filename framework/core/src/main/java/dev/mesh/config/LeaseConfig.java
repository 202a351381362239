package dev.mesh.config;

/**
 * Where the product leases live ({@code mesh.storage.leases} in mesh.conf): what keeps two runs of one product from
 * running at once (README "One run of a product at a time").
 *
 * @param type {@link Type#AUTO}: lock files under a warehouse on a local disk, none for any other warehouse; {@link
 *     Type#FILE}: lock files, refused for a warehouse elsewhere; {@link Type#POSTGRES}: PostgreSQL advisory locks, for
 *     drivers on any number of machines (a warehouse on object storage); {@link Type#NONE}: no leases
 * @param url the JDBC URL of the PostgreSQL database ({@code jdbc:postgresql://host:port/db}); {@code MESH_PG_URL} sets
 *     it
 * @param user the PostgreSQL user; {@code MESH_PG_USER} sets it
 * @param passwordEnv the name of the environment variable that holds the user's password (the password itself is
 *     never in a file, a message or a log)
 */
public record LeaseConfig(Type type, String url, String user, String passwordEnv) {
  /** The kinds of lease. */
  public enum Type {
    AUTO,
    FILE,
    POSTGRES,
    NONE
  }

  public static final LeaseConfig DEFAULT = new LeaseConfig(Type.AUTO, "", "", "MESH_PG_PASSWORD");
}
