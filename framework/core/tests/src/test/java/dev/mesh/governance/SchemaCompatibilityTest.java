package dev.mesh.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of schema change against the published contract, and the major-version rule. */
class SchemaCompatibilityTest {
  @TempDir Path home;

  private static ColumnSpec col(String name, String type, boolean nullable) {
    return new ColumnSpec(name, type, nullable, "", false);
  }

  private static final List<ColumnSpec> PUBLISHED =
      List.of(col("id", "bigint", false), col("amount", "decimal(15,2)", false), col("note", "string", true));

  private static List<String> changes(List<ColumnSpec> declared) {
    return SchemaCompatibility.changes(PUBLISHED, declared).stream().map(SchemaChange::toString).toList();
  }

  @Test
  void droppingAColumnIsBreaking() {
    assertThat(changes(List.of(col("id", "bigint", false), col("amount", "decimal(15,2)", false))))
        .containsExactly("breaking: note dropped");
  }

  @Test
  void renamingAColumnIsBreaking() {
    assertThat(changes(List.of(col("id", "bigint", false), col("amount", "decimal(15,2)", false), col("comment", "string", true))))
        .containsExactly("breaking: note renamed to comment");
  }

  @Test
  void narrowingATypeIsBreakingAndWideningIsNot() {
    assertThat(changes(List.of(col("id", "int", false), col("amount", "decimal(18,2)", false), col("note", "string", true))))
        .containsExactly(
            "breaking: id type bigint -> int (narrowed or incompatible)",
            "compatible: amount type decimal(15,2) -> decimal(18,2) (widened)");
    assertThat(changes(List.of(col("id", "bigint", false), col("amount", "decimal(15,1)", false), col("note", "string", true))))
        .containsExactly("breaking: amount type decimal(15,2) -> decimal(15,1) (narrowed or incompatible)");
  }

  @Test
  void makingAColumnNullableIsBreakingAndAddingOneIsNot() {
    assertThat(changes(List.of(col("id", "bigint", true), col("amount", "decimal(15,2)", false), col("note", "string", true), col("tax", "double", true))))
        .containsExactly("breaking: id became nullable", "compatible: tax added (double)");
  }

  @Test
  void aBreakingChangeNeedsAMajorVersionBump() {
    Map<ProductId, PublishedContract> published =
        Map.of(ProductId.parse("shop.orders"), new PublishedContract("1.4.0", List.of(col("id", "bigint", false), col("gone", "string", true))));
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "version = \"1.5.0\"");
    assertThat(mesh.violations("shop.orders", published)).singleElement().satisfies(v -> {
      assertThat(v.policy()).isEqualTo("contract-compatibility");
      assertThat(v.blocking()).isTrue();
      assertThat(v.message())
          .isEqualTo("breaking schema change against published version 1.4.0: gone dropped");
      // A dropped column has no line of its own: the schema's first (GovernedMesh.compliant's line 9).
      assertThat(v.origin().toString()).endsWith("conf/shop/orders.conf:9");
      assertThat(v.fix()).startsWith("bump the major version (version = \"2.0.0\")");
    });
    mesh.product("shop.orders", "version = \"2.0.0\"");
    assertThat(mesh.violations("shop.orders", published)).isEmpty();
  }
}
