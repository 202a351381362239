package dev.mesh.runtime;

import dev.mesh.config.MeshConfig;
import dev.mesh.config.SqlLocator;
import dev.mesh.errors.MeshErrors;
import dev.mesh.errors.MeshException;
import dev.mesh.model.InputSpec;
import dev.mesh.model.Origin;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.TransformSpec;
import dev.mesh.source.SourceConnectors;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Plans a product's SQL transform against what it reads, with no data, as {@code mesh validate --analyze} does: each
 * input that is a product is an empty view of that product's contract (of its port's columns where the port is what
 * this product's domain reads), each source is the Dataset its connector returns (Spark reads no row of it), and the
 * columns the SQL produces are compared with the product's own contract. A misspelt column or function, or an output
 * that breaks the contract, is found before any run instead of at the run's transform stage.
 */
public final class TransformAnalysis {
  /** What the analysis of one product found. */
  public sealed interface Outcome {
    /** The SQL resolves against its inputs and produces the contract's columns. */
    record Resolved() implements Outcome {}

    /**
     * What a run would fail with, in words naming the SQL file (or the contract's differences).
     *
     * @param at where to look: the {@code transform.sql} line for SQL that does not resolve, the product's block
     *     (its schema) for a broken contract
     */
    record Problem(String message, Origin at) implements Outcome {}

    /** Why the product was not analyzed (a Java transform, an input it may not read, a source with no data yet). */
    record NotAnalyzed(String reason) implements Outcome {}
  }


  private final SparkSession spark;
  private final InputShapes shapes;
  private final SqlLocator sqlLocator;
  private final TransformRunner transforms = new TransformRunner();

  /** Needs no store or catalog: an analysis reads and writes no table (see {@code Mesh.transformAnalysis}). */
  public TransformAnalysis(SparkSession spark, MeshConfig config, SourceConnectors sources) {
    this.spark = spark;
    this.shapes = new InputShapes(config, sources);
    this.sqlLocator = new SqlLocator(config.platform().home(), config.platform().sqlPath());
  }

  /** Analyzes {@code product} as if it ran for {@code logicalDate} (the date sources are asked for). */
  public Outcome analyze(ProductDescriptor product, LocalDate logicalDate) {
    if (!(product.transform() instanceof TransformSpec.SqlFile sql)) {
      return new Outcome.NotAnalyzed("a Java transform: its columns are known when it runs");
    }
    // A session of its own, as a run has: the input views of one product never meet another's.
    SparkSession session = spark.newSession();
    TransformRunner.Prepared prepared;
    Map<String, ResolvedInput> inputs = new LinkedHashMap<>();
    try {
      prepared = transforms.prepare(product, sqlLocator);
      for (InputSpec in : product.inputs()) {
        if (in instanceof InputSpec.SourceInput source) {
          inputs.put(in.alias(), shapes.source(session, product, source, logicalDate));
          continue;
        }
        Optional<ResolvedInput> upstream = shapes.product(session, product, (InputSpec.ProductInput) in);
        if (upstream.isEmpty()) {
          return new Outcome.NotAnalyzed(
              "input '" + in.alias() + "' is not one it may read (see the governance checks)");
        }
        inputs.put(in.alias(), upstream.get());
      }
    } catch (MeshException e) {
      return new Outcome.NotAnalyzed(e.getMessage());
    } catch (RuntimeException e) {
      return new Outcome.NotAnalyzed(MeshErrors.rootMessage(e));
    }
    Dataset<Row> output;
    try {
      output = prepared.apply(session, product, inputs, logicalDate, InputShapes.NO_RUN_ID, Optional::empty);
    } catch (MeshException e) {
      return new Outcome.Problem(
          e.getCause() instanceof AnalysisException a ? prepared.resolutionProblem(a) : e.getMessage(),
          sql.declaredAt());
    }
    List<String> differences = ContractCheck.differences(output.schema(), product.schema());
    if (!differences.isEmpty()) {
      return new Outcome.Problem(
          "SQL transform " + prepared.sqlSource() + " breaks the schema contract of " + product.id() + ": "
              + String.join("; ", differences),
          product.originOf("schema"));
    }
    return new Outcome.Resolved();
  }
}
