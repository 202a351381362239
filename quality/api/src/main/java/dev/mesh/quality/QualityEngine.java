package dev.mesh.quality;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Checks a candidate output against its rules. Implementations evaluate every rule (never stopping at the first
 * failure) and fuse the rules into as few scans of the data as they can.
 *
 * <p>The caller lends the candidate's session to the verification: an engine may set that session's SQL options while
 * it verifies (restoring them before it returns), so a candidate's session is not one other threads use meanwhile.
 * mesh runs each product in a session of its own.
 */
public interface QualityEngine {

  QualityReport verify(Dataset<Row> candidate, List<Rule> rules, VerificationContext context);
}
