package dev.mesh.governance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.api.java.UDF1;

/**
 * HMAC-SHA-256 as a Spark function: what {@code pii-handling = hash} writes into a port. Serializable, so executors
 * hash too; its key is part of the task, never of the plan's text ({@link #toString()} hides it).
 */
final class HmacSha256 implements UDF1<String, String> {
  private static final long serialVersionUID = 1L;

  private final byte[] key;
  private transient Mac mac;

  HmacSha256(byte[] key) {
    this.key = key.clone();
  }

  @Override
  public String call(String value) {
    if (value == null) {
      return null;
    }
    if (mac == null) {
      mac = mac(key);
    }
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  static String hex(byte[] key, String value) {
    return HexFormat.of().formatHex(mac(key).doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static Mac mac(byte[] key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "hmac_sha256";
  }
}
