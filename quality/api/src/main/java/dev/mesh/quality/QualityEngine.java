package dev.mesh.quality;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Checks a candidate output against its rules. Implementations evaluate every rule (never stopping at the first
 * failure) and fuse the rules into as few scans of the data as they can.
 */
public interface QualityEngine {

  QualityReport verify(Dataset<Row> candidate, List<Rule> rules, VerificationContext context);
}
