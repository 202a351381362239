package dev.mesh.jobs.customers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import java.sql.Date;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * customers.profile_history: type 2 history of the customer profile. A customer whose tracked attributes differ
 * from its version valid on the logical date gets that version closed (valid_to = the date) and a new version
 * opened. Rerunning a date whose snapshot the history already holds changes nothing.
 */
public final class ProfileHistory implements Transform {
  static final String KEY = "customer_key";
  static final List<String> TRACKED = List.of("name", "nation", "market_segment", "account_balance");

  @Override
  public Dataset<Row> apply(TransformContext ctx) {
    Column day = lit(Date.valueOf(ctx.logicalDate()));
    Dataset<Row> snapshot =
        ctx.input("profile").select(col(KEY), col("name"), col("nation"), col("market_segment"), col("account_balance"));
    Optional<Dataset<Row>> published = ctx.published();
    if (published.isEmpty()) {
      return opened(snapshot, day, lit(null).cast("date"));
    }
    Dataset<Row> history = published.get();
    Column validOnDay = col("valid_from").leq(day).and(col("valid_to").isNull().or(col("valid_to").gt(day)));
    Dataset<Row> asOf = history.where(validOnDay);

    // Customers whose snapshot has no identical version valid on the day: new or changed.
    Column same = snapshot.col(KEY).equalTo(asOf.col(KEY));
    for (String c : TRACKED) {
      same = same.and(snapshot.col(c).eqNullSafe(asOf.col(c)));
    }
    Dataset<Row> changed = snapshot.join(asOf, same, "left_anti");
    Dataset<Row> changedKeys = changed.select(col(KEY).as("_changed_key")).withColumn("_changed", lit(true));

    Dataset<Row> flagged =
        history.join(changedKeys, history.col(KEY).equalTo(col("_changed_key")), "left").drop("_changed_key");
    Column isChanged = col("_changed").isNotNull();
    Column replacedToday = isChanged.and(validOnDay).and(col("valid_from").equalTo(day));
    Column closedToday = isChanged.and(validOnDay).and(col("valid_from").lt(day));
    Dataset<Row> kept =
        flagged.where(replacedToday.unary_$bang())
            .withColumn("valid_to", when(closedToday, day).otherwise(col("valid_to")))
            .drop("_changed");

    // A new version ends where the version it replaces ended (normally still open).
    Dataset<Row> endings = asOf.select(col(KEY).as("_ending_key"), col("valid_to").as("_ends"));
    Dataset<Row> newVersions =
        changed.join(endings, changed.col(KEY).equalTo(col("_ending_key")), "left").drop("_ending_key");
    Dataset<Row> opened = newVersions.withColumn("valid_from", day).withColumn("valid_to", col("_ends")).drop("_ends");

    return kept.drop("is_current")
        .unionByName(opened)
        .withColumn("is_current", col("valid_to").isNull());
  }

  private static Dataset<Row> opened(Dataset<Row> rows, Column day, Column validTo) {
    return rows.withColumn("valid_from", day).withColumn("valid_to", validTo).withColumn("is_current", validTo.isNull());
  }
}
