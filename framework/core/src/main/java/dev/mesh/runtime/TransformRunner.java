package dev.mesh.runtime;

import dev.mesh.api.Transform;
import dev.mesh.api.TransformContext;
import dev.mesh.config.ConfigFiles;
import dev.mesh.config.SqlLocator;
import dev.mesh.config.SqlVariables;
import dev.mesh.config.TransformChecks;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.errors.ErrorKind;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.TransformSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;

/**
 * Runs a product's transform: a Java {@link Transform}, or a SQL file that reads inputs as views named by their
 * aliases. In SQL, {@code ${logical_date}} stands for the run's logical date (a DATE literal) and {@code ${run_id}}
 * for its id (a string literal).
 */
final class TransformRunner {
  /** Checks, before any work, that the transform can be found; returns it ready to apply. */
  Prepared prepare(ProductDescriptor product, SqlLocator locator) {
    TransformSpec spec = product.transform();
    if (spec instanceof TransformSpec.JavaClass j) {
      Class<?> cls;
      try {
        cls = Class.forName(j.className(), true, Thread.currentThread().getContextClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw MeshErrors.transformClassNotFound(product.id(), j.className());
      }
      if (!Transform.class.isAssignableFrom(cls)) {
        throw MeshErrors.notATransform(product.id(), j.className());
      }
      try {
        Transform t = (Transform) cls.getDeclaredConstructor().newInstance();
        return new Prepared(t, null, null);
      } catch (ReflectiveOperationException e) {
        throw MeshErrors.notATransform(product.id(), j.className());
      }
    }
    TransformSpec.SqlFile sql = (TransformSpec.SqlFile) spec;
    String text = readSql(product, sql, locator);
    String where =
        sql.resolved() != null
            ? ConfigFiles.display(sql.resolved().toString())
            : "classpath:" + SqlLocator.classpathResource(product.domain(), sql.file());
    // Checked when the config was loaded, unless sql-check = run (job jars): then here, before any data is read.
    String problem = TransformChecks.sqlProblem(text);
    if (problem != null) {
      throw new MeshException(ErrorKind.INVALID, "SQL transform " + where + " of " + product.id() + " " + problem);
    }
    return new Prepared(null, text, where);
  }

  private static String readSql(ProductDescriptor product, TransformSpec.SqlFile sql, SqlLocator locator) {
    try {
      if (sql.resolved() != null && Files.isRegularFile(sql.resolved())) {
        return Files.readString(sql.resolved(), StandardCharsets.UTF_8);
      }
      String resource = SqlLocator.classpathResource(product.domain(), sql.file());
      try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          SqlLocator.Located where =
              locator.locate(product.domain(), sql.file(), null);
          throw MeshErrors.sqlFileNotFound(product.id(), sql.file(), where.searched());
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read SQL transform " + sql.file() + " of " + product.id(), e);
    }
  }

  /**
   * A transform ready to run: exactly one of {@code java} and {@code sql} is set.
   *
   * @param sqlSource where the SQL comes from, as messages name it (its file, or its classpath resource)
   */
  public record Prepared(Transform java, String sql, String sqlSource) {

    Dataset<Row> apply(
        SparkSession session,
        ProductDescriptor product,
        Map<String, ResolvedInput> inputs,
        LocalDate logicalDate,
        String runId,
        java.util.function.Supplier<java.util.Optional<Dataset<Row>>> published) {
      if (java != null) {
        return java.apply(new Context(session, product, inputs, logicalDate, runId, published));
      }
      for (ResolvedInput in : inputs.values()) {
        // The view must live in the run's own session (inputs are read through the shared one): bind the input's
        // plan to it, so concurrent runs never see each other's views.
        Dataset.ofRows(session, in.data().logicalPlan()).createOrReplaceTempView(in.alias());
      }
      String substituted = substitute(product, sql, logicalDate, runId);
      try {
        return session.sql(substituted);
      } catch (Exception e) {
        // Spark's AnalysisException is checked but thrown undeclared from Scala. Its ParseException cannot come
        // here (prepare parsed the same SQL), and is not a resolution error if it does.
        if (e instanceof AnalysisException a && !(e instanceof ParseException)) {
          throw doesNotResolve(product, a);
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }

    /** Spark's analysis error, named by the SQL file and placed in the SQL as written. */
    private MeshException doesNotResolve(ProductDescriptor product, AnalysisException a) {
      return MeshErrors.sqlTransformDoesNotResolve(product.id(), resolutionProblem(a), a);
    }

    /**
     * What Spark could not resolve in this SQL, e.g. {@code SQL transform jobs/x.sql does not resolve:
     * [UNRESOLVED_COLUMN...] ... (line 6, pos 2)}, the position being that of the SQL as written.
     */
    String resolutionProblem(AnalysisException a) {
      String position =
          a.line().isDefined() && a.startPosition().isDefined()
              ? TransformChecks.positionAsWritten(sql, (Integer) a.line().get(), (Integer) a.startPosition().get())
              : null;
      return "SQL transform " + sqlSource + " does not resolve: " + a.message()
          + (position == null ? "" : " " + position);
    }
  }

  static String substitute(ProductDescriptor product, String sql, LocalDate logicalDate, String runId) {
    SqlVariables.Substituted done = SqlVariables.substitute(sql, logicalDate, runId);
    if (!done.unknown().isEmpty()) {
      throw new MeshException(
          ErrorKind.INVALID,
          "SQL transform of " + product.id() + " uses unknown variables " + done.unknown() + "; available: " + SqlVariables.AVAILABLE);
    }
    return done.sql();
  }

  private record Context(
      SparkSession spark,
      ProductDescriptor product,
      Map<String, ResolvedInput> inputs,
      LocalDate logicalDate,
      String runId,
      java.util.function.Supplier<java.util.Optional<Dataset<Row>>> publishedTable)
      implements TransformContext {

    @Override
    public java.util.Optional<Dataset<Row>> published() {
      return publishedTable.get();
    }

    @Override
    public Dataset<Row> input(String alias) {
      ResolvedInput in = inputs.get(alias);
      if (in == null) {
        throw new IllegalArgumentException(
            "Transform of " + product.id() + " asked for input '" + alias + "'; declared inputs: " + inputs.keySet());
      }
      return in.data();
    }

    @Override
    public String productId() {
      return product.id().toString();
    }
  }
}
