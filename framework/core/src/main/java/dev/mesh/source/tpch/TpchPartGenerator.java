package dev.mesh.source.tpch;

import io.trino.tpch.Customer;
import io.trino.tpch.CustomerGenerator;
import io.trino.tpch.Distributions;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.NationGenerator;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import io.trino.tpch.PartGenerator;
import io.trino.tpch.PartSupplierGenerator;
import io.trino.tpch.RegionGenerator;
import io.trino.tpch.SupplierGenerator;
import io.trino.tpch.TextPool;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Generates the rows of one part of a TPC-H table inside a Spark task. Serializable: it travels to executors. */
final class TpchPartGenerator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String[] SEGMENTS = {"AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"};
  /** Each customer changes once in this many days, at a phase of its own: 1/20 of customers change per day. */
  private static final int CHANGE_PERIOD_DAYS = 20;

  private final String table;
  private final double scale;
  private final int parts;
  private final boolean daily;
  private final boolean evolving;
  private final long day;
  private final java.util.Set<String> faults;
  private final int textPoolMb;

  /** The size of dbgen's text pool, which the TPC-H specification fixes (clause 4.2.2.10): 300 MB. */
  static final int SPEC_TEXT_POOL_MB = 300;

  /** The text pools of this JVM by size in MB, each generated once, when a task first needs it. */
  private static final java.util.Map<Integer, TextPool> POOLS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Deliberate data faults a demo can switch on to see the quality gates at work. */
  static final java.util.Set<String> FAULTS = java.util.Set.of("bad-status", "negative-prices");

  TpchPartGenerator(
      String table,
      double scale,
      int parts,
      boolean daily,
      boolean evolving,
      long day,
      java.util.Set<String> faults,
      int textPoolMb) {
    this.table = table;
    this.scale = scale;
    this.parts = parts;
    this.daily = daily;
    this.evolving = evolving;
    this.day = day;
    this.faults = new java.util.TreeSet<>(faults);
    this.textPoolMb = textPoolMb;
  }

  /**
   * The text the comment columns are cut from: the generator draws each comment at a random offset of it. dbgen's
   * 300 MB pool takes about 4 s of CPU to generate in every JVM that generates rows (a driver, each executor); a
   * smaller one changes the comments' text only (every other column comes from random streams of its own).
   */
  private TextPool textPool() {
    if (textPoolMb == SPEC_TEXT_POOL_MB) {
      return TextPool.getDefaultTextPool();
    }
    return POOLS.computeIfAbsent(textPoolMb, mb -> new TextPool(mb * 1024 * 1024, Distributions.getDefaultDistributions()));
  }

  /** The generator of one part of {@code t}, cutting comments from {@link #textPool()}. */
  @SuppressWarnings("unchecked")
  private <E extends TpchEntity> Iterable<E> generator(TpchTable<E> t, int part) {
    Distributions d = Distributions.getDefaultDistributions();
    TextPool pool = textPool();
    Iterable<?> g =
        switch (t.getTableName()) {
          case "customer" -> new CustomerGenerator(scale, part, parts, d, pool);
          case "orders" -> new OrderGenerator(scale, part, parts, d, pool);
          case "lineitem" -> new LineItemGenerator(scale, part, parts, d, pool);
          case "part" -> new PartGenerator(scale, part, parts, d, pool);
          case "partsupp" -> new PartSupplierGenerator(scale, part, parts, pool);
          case "supplier" -> new SupplierGenerator(scale, part, parts, d, pool);
          // Not partitioned: the whole table in part 1, as TpchTable's own generators do.
          case "nation" -> part == 1 ? new NationGenerator(d, pool) : List.of();
          case "region" -> part == 1 ? new RegionGenerator(d, pool) : List.of();
          default -> throw new IllegalArgumentException("unknown TPC-H table " + t.getTableName());
        };
    return (Iterable<E>) g;
  }

  Iterator<Row> rows(int part) {
    TpchTable<?> t = TpchTable.getTable(table);
    if (daily && t == TpchTable.LINE_ITEM) {
      return dailyLineItems(part).iterator();
    }
    return generic(t, part).iterator();
  }

  private <E extends TpchEntity> List<Row> generic(TpchTable<E> t, int part) {
    List<Row> out = new ArrayList<>();
    List<TpchColumn<E>> columns = t.getColumns();
    TpchColumn<E> orderDate = t == TpchTable.ORDERS ? t.getColumn("orderdate") : null;
    for (E e : generator(t, part)) {
      if (daily && orderDate != null && orderDate.getDate(e) != day) {
        continue;
      }
      Object[] values = values(columns, e);
      if (evolving && e instanceof Customer c) {
        evolve(c, values);
      }
      // Every second order emitted carries the faults: the same rows on every run, whatever the day.
      if (e instanceof Order && out.size() % 2 == 1) {
        injectFaults(values);
      }
      out.add(RowFactory.create(values));
    }
    return out;
  }

  /** The line items of the orders placed on the logical date: orders and items are generated in step. */
  private List<Row> dailyLineItems(int part) {
    List<Row> out = new ArrayList<>();
    TpchColumn<Order> orderDate = TpchTable.ORDERS.getColumn("orderdate");
    List<TpchColumn<LineItem>> columns = TpchTable.LINE_ITEM.getColumns();
    Iterator<LineItem> items = generator(TpchTable.LINE_ITEM, part).iterator();
    LineItem pending = items.hasNext() ? items.next() : null;
    for (Order o : generator(TpchTable.ORDERS, part)) {
      boolean wanted = orderDate.getDate(o) == day;
      while (pending != null && pending.getOrderKey() == o.getOrderKey()) {
        if (wanted) {
          out.add(RowFactory.create(values(columns, pending)));
        }
        pending = items.hasNext() ? items.next() : null;
      }
    }
    return out;
  }

  private static <E extends TpchEntity> Object[] values(List<TpchColumn<E>> columns, E e) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      TpchColumn<E> c = columns.get(i);
      values[i] =
          switch (c.getType().getBase()) {
            case IDENTIFIER -> c.getIdentifier(e);
            case INTEGER -> c.getInteger(e);
            case DATE -> Date.valueOf(LocalDate.ofEpochDay(c.getDate(e)));
            case DOUBLE -> BigDecimal.valueOf(c.getDouble(e)).setScale(2, RoundingMode.HALF_UP);
            case VARCHAR -> c.getString(e);
          };
    }
    return values;
  }

  /** Order columns: o_orderstatus is index 2, o_totalprice index 3. */
  private void injectFaults(Object[] values) {
    if (faults.contains("bad-status")) {
      values[2] = "X";
    }
    if (faults.contains("negative-prices")) {
      values[3] = ((BigDecimal) values[3]).negate();
    }
  }

  /** Market segment (index 6) and account balance (index 5) as they stand on the logical date. */
  private void evolve(Customer c, Object[] values) {
    long key = c.getCustomerKey();
    long version = Math.floorDiv(day + key * 7919L, CHANGE_PERIOD_DAYS);
    int base = 0;
    for (int i = 0; i < SEGMENTS.length; i++) {
      if (SEGMENTS[i].equals(c.getMarketSegment())) {
        base = i;
      }
    }
    values[6] = SEGMENTS[(int) Math.floorMod(base + version, SEGMENTS.length)];
    BigDecimal balance = (BigDecimal) values[5];
    values[5] = balance.add(BigDecimal.valueOf(Math.floorMod(version * 37, 1000), 0)).setScale(2, RoundingMode.HALF_UP);
  }
}
