package dev.mesh.stack;

/**
 * The stack's object store as a client reaches it: an S3 endpoint (path-style), the warehouse's bucket, and the
 * credentials, which a client takes from its environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}).
 *
 * @param endpoint e.g. {@code http://127.0.0.1:<port>}
 * @param bucket the bucket the warehouse is in
 * @param accessKey the access key id
 * @param secretKey the secret key: never printed ({@link #toString()} leaves it out)
 */
public record S3Endpoint(String endpoint, String bucket, String accessKey, String secretKey) {
  /** The warehouse on the store: {@code s3a://<bucket>/warehouse}. */
  public String warehouse() {
    return "s3a://" + bucket + "/warehouse";
  }

  @Override
  public String toString() {
    return "S3Endpoint[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKey=" + accessKey + ", secretKey=****]";
  }
}
