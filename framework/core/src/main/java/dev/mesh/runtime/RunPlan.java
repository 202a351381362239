package dev.mesh.runtime;

import dev.mesh.governance.Violation;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.model.WriteMode;
import dev.mesh.quality.Rule;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one run of one product will do, decided before any data is read: the governance verdict, every input with
 * the exact version it will be read at, the transform, the rules the candidate must pass and the table it will be
 * published to. {@code mesh plan --date} prints it; {@link ProductRunner} executes it, and every read of the run —
 * inputs, the product's own published table, the products referential-integrity rules look into — uses the
 * versions pinned here.
 *
 * @param warnings governance warnings (a plan exists only for a product no {@code error} policy refuses)
 * @param referenced the pinned version of every product a referential-integrity rule reads, by id
 */
public record RunPlan(
    ProductDescriptor product,
    LocalDate logicalDate,
    List<Violation> warnings,
    List<Input> inputs,
    Transform transform,
    List<Rule> rules,
    Target target,
    Map<ProductId, Long> referenced) {

  public RunPlan {
    warnings = List.copyOf(warnings);
    inputs = List.copyOf(inputs);
    rules = List.copyOf(rules);
    referenced = Map.copyOf(referenced);
  }

  /**
   * One input as the run will read it.
   *
   * @param product the upstream product, or null for a source
   * @param version the version (Delta) or snapshot (Iceberg) pinned; null for a source, or when the product is
   *     produced earlier in the same invocation ({@code pending}) and its version is not known yet
   * @param stored the table read: the upstream's output port, or its clear table when the reader is its own domain
   *     (or granted {@code pii-clear-access}); null for a source
   * @param table the name Spark resolves {@code stored} by, or the source type
   * @param options a source's options (after the platform defaults); empty for a product
   * @param pending produced earlier in the same invocation: pinned when this product's turn comes
   */
  public record Input(
      String alias,
      ProductId product,
      ProductId stored,
      Long version,
      String table,
      Map<String, String> options,
      boolean pending) {
    public Input {
      options = Map.copyOf(options);
    }

    public boolean isSource() {
      return product == null;
    }
  }

  /**
   * The transform: a Java class or a SQL file, loaded and ready ({@code prepared} is not part of what is printed).
   *
   * @param kind {@code class} or {@code sql}
   * @param source the class name, or the SQL file's path
   */
  public record Transform(String kind, String source, TransformRunner.Prepared prepared) {}

  /**
   * Where the run publishes.
   *
   * @param table the table of the product's clear data, written first
   * @param port the output port written after {@code table} with PII handled, when it is a table of its own (a product
   *     with PII that is not private); null when the product publishes one table
   * @param currentVersion the version readers see before the run (the transform's {@code ctx.published()}); null when
   *     never published
   * @param quarantine where rows failing an {@code on-failure = quarantine} rule go; null when no rule quarantines
   */
  public record Target(
      ProductId table,
      TableFormat format,
      WriteMode mode,
      String name,
      Long currentVersion,
      ProductId quarantine,
      ProductId port) {}
}
