package dev.mesh.runtime;

import dev.mesh.model.ProductId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An input as read by one run.
 *
 * @param product the upstream product, or null for a source
 * @param table the table read (an output port, or the product's clear table); null for a source
 * @param version the exact version (Delta) or snapshot (Iceberg) read; null for a source
 * @param source the source type, or null for a product
 */
public record ResolvedInput(String alias, ProductId product, ProductId table, Long version, String source, Dataset<Row> data) {}
