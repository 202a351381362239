package dev.mesh.demo;

import io.trino.tpch.Customer;
import io.trino.tpch.CustomerGenerator;
import io.trino.tpch.Distributions;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.Nation;
import io.trino.tpch.NationGenerator;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import io.trino.tpch.Part;
import io.trino.tpch.PartGenerator;
import io.trino.tpch.TextPool;

/**
 * TPC-H's own generators (the whole table, one part), for the values the tests expect, over a 1 MB text pool: only
 * the comment columns are cut from the pool (framework/core/tests' TpchTextPoolTest checks that every other column is the
 * same whatever its size), and no test here compares a comment. dbgen's default pool, which {@code
 * TpchTable.createGenerator} builds, is 300 MB: 3-4 s of CPU and 300 MB of the test JVM's heap.
 */
final class Tpch {
  private static final Distributions DISTRIBUTIONS = Distributions.getDefaultDistributions();
  private static final TextPool POOL = new TextPool(1024 * 1024, DISTRIBUTIONS);

  private Tpch() {}

  static Iterable<Customer> customers(double scale) {
    return new CustomerGenerator(scale, 1, 1, DISTRIBUTIONS, POOL);
  }

  static Iterable<Part> parts(double scale) {
    return new PartGenerator(scale, 1, 1, DISTRIBUTIONS, POOL);
  }

  static Iterable<Order> orders(double scale) {
    return new OrderGenerator(scale, 1, 1, DISTRIBUTIONS, POOL);
  }

  static Iterable<LineItem> lineItems(double scale) {
    return new LineItemGenerator(scale, 1, 1, DISTRIBUTIONS, POOL);
  }

  static Iterable<Nation> nations() {
    return new NationGenerator(DISTRIBUTIONS, POOL);
  }
}
