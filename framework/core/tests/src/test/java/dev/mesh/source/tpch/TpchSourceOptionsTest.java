package dev.mesh.source.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.api.SourceConnector.SourceRequest;
import dev.mesh.testing.TestSpark;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The TPC-H source declares exactly the options it reads: the configuration loader refuses any other key of a
 * {@code tpch} input, so an option read but not declared could never be set, and one declared but not read would
 * be accepted and ignored.
 */
class TpchSourceOptionsTest {

  @Test
  void theDeclaredOptionsAreTheOptionsReadReads() {
    Set<String> asked = new TreeSet<>();
    HashMap<String, String> options = new HashMap<>() {
      @Override
      public String get(Object key) {
        asked.add((String) key);
        return super.get(key);
      }

      @Override
      public String getOrDefault(Object key, String defaultValue) {
        asked.add((String) key);
        return super.getOrDefault(key, defaultValue);
      }
    };
    options.put("table", "orders");
    options.put("daily", "true");

    // Builds the DataFrame only: the rows are generated when an action runs.
    new TpchSource().read(new SourceRequest(TestSpark.session(), "sales.orders", "raw", options, LocalDate.of(1995, 6, 1)));

    assertThat(new TpchSource().declaredOptions()).hasValueSatisfying(declared ->
        assertThat(new TreeSet<>(declared)).isEqualTo(asked));
  }

  /** What the loader reports is what a run refuses (a job jar loads with sql-check = run and finds it here). */
  @Test
  void aValueTheLoaderReportsIsOneTheRunRefuses() {
    java.util.Map<String, String> bad = java.util.Map.of("table", "orders", "parts", "0", "text-pool-mb", "4096");
    assertThat(new TpchSource().optionProblems(bad)).containsOnlyKeys("parts", "text-pool-mb");
    assertThat(new TpchSource().optionProblems(java.util.Map.of("table", "orders", "parts", "2", "faults", "bad-status")))
        .isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new TpchSource().read(new SourceRequest(TestSpark.session(), "sales.orders", "raw", bad, LocalDate.of(1995, 6, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Input 'raw' of sales.orders: option parts: must be a whole number of generator parts above 0, got '0'");
  }
}
