package dev.mesh.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Object-store failures come out as one line with the path, the bucket, the endpoint and the cause. */
class ObjectStoreErrorsTest {
  @Test
  void aFailedTaskThatCarriesAnS3aErrorIsOneLineWithPathBucketEndpointAndCause() {
    RuntimeException task =
        new RuntimeException(
            "Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times, most recent failure: Lost task 0.0:"
                + " org.apache.hadoop.fs.s3a.AWSClientIOException: PUT 0-byte object  on s3a://mesh/warehouse/delta/sales/orders/part-0.parquet:"
                + " com.amazonaws.SdkClientException: Unable to execute HTTP request: Connect to 127.0.0.1:40123 [/127.0.0.1]"
                + " failed: Connection refused (Connection refused)\n\tat org.apache.hadoop.fs.s3a.S3AUtils.translateException(S3AUtils.java:1)",
            new IOException("Connection refused (Connection refused)"));

    assertThat(MeshErrors.rootMessage(new IllegalStateException("publish sales.orders", task)))
        .isEqualTo("object storage failed at s3a://mesh/warehouse/delta/sales/orders/part-0.parquet (bucket mesh at 127.0.0.1:40123):"
            + " Connection refused (Connection refused)");
  }

  @Test
  void aDeniedWriteNamesTheCauseWithoutTheSdksRequestIds() {
    RuntimeException denied =
        new RuntimeException(
            "org.apache.hadoop.fs.s3a.AWSBadRequestException: PUT 0-byte object  on s3a://acme/mesh/x: "
                + "com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3; Status Code: 403;"
                + " Error Code: AccessDenied; Request ID: 4442587FB7D0A2F9; S3 Extended Request ID: abc; Proxy: null)");
    assertThat(ObjectStoreErrors.describe(denied)).contains("object storage failed at s3a://acme/mesh/x (bucket acme): Access Denied");
  }

  @Test
  void otherFailuresKeepTheirOwnMessage() {
    assertThat(ObjectStoreErrors.describe(new IllegalStateException("bad source row"))).isEmpty();
    assertThat(ObjectStoreErrors.describe(new IllegalStateException("cannot read s3a://b/k: not s3a's own words"))).isEmpty();
    assertThat(MeshErrors.rootMessage(new IllegalStateException("outer", new IOException("disk full")))).isEqualTo("disk full");
  }
}
