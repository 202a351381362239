package dev.mesh.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One unit test of a product's transform, declared by its domain beside the transform ({@code
 * jobs/<domain>/tests/<name>.conf}): rows given for each input (and, for a transform that builds on its own previous
 * state, for the table it published), and the rows the transform must produce for the logical date. No table is read
 * or written: {@code mesh test} runs the transform on these rows alone.
 *
 * @param product the product whose transform is tested (the file's name in its domain)
 * @param name the test's name, unique in its file
 * @param date the logical date the transform runs for ({@code ${logical_date}}, {@code ctx.logicalDate()})
 * @param given rows for every input, by alias, in the order the product declares its inputs
 * @param published rows of the product's own table before the run ({@code ctx.published()}); empty: never published
 * @param expect the rows the transform must produce, in any order; only the columns they name are compared
 * @param at where the test is declared
 */
public record TransformTest(
    ProductId product,
    String name,
    LocalDate date,
    Map<String, Given> given,
    Optional<List<TestRow>> published,
    List<TestRow> expect,
    Origin at) {

  public TransformTest {
    given = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(given));
    expect = List.copyOf(expect);
  }

  /**
   * The rows given for one input.
   *
   * @param columns column types declared by the test, by name ({@code columns { id = bigint }}); empty when the
   *     input's own columns serve (a product's contract as this domain reads it, a source's schema). A source whose
   *     columns are known only from its data (files) needs them.
   */
  public record Given(String alias, List<TestRow> rows, Map<String, String> columns, Origin at) {
    public Given {
      rows = List.copyOf(rows);
      columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    }
  }

  /**
   * One row as written: column name to value (a string, number, boolean, null, or a list or object for a complex
   * column), in the order written; a column the row does not name is null.
   *
   * @param keys where each value is written, by column name
   */
  public record TestRow(Map<String, Object> values, Origin at, Map<String, Origin> keys) {
    public TestRow {
      values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
      keys = Map.copyOf(keys);
    }

    /** Where {@code column}'s value is written; the row's own line when it names no such column. */
    public Origin originOf(String column) {
      return keys.getOrDefault(column, at);
    }
  }

  /** {@code sales.daily_revenue: sums-net-revenue}, as output names a test. */
  public String title() {
    return product + ": " + name;
  }
}
