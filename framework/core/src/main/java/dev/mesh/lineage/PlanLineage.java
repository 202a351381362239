package dev.mesh.lineage;

import dev.mesh.lineage.ColumnLineage.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.expressions.WindowSpecDefinition;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Deduplicate;
import org.apache.spark.sql.catalyst.plans.logical.Expand;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Column lineage read from a transform's analyzed Spark plan, so it is exact for Java and SQL transforms alike and
 * for every write mode (MERGE included: it is the transform's plan, not the write's).
 *
 * <p>The plan is walked from the output down. A subtree that is one of the run's inputs (found by the exact
 * attribute ids of the input's own analyzed plan, or, when Spark re-instantiated it as in a self-join, by
 * {@code sameResult}) stops the walk: its attributes are that input's columns. Above it, every attribute an
 * expression defines depends on the attributes it references: directly for values, indirectly for conditions of
 * {@code IF}/{@code CASE} and window partitions and orders. Filters, join conditions, group keys and sorts decide
 * which rows exist, so their columns are indirect inputs of every output column.
 */
public final class PlanLineage {

  /** An input as the plan walker sees it: its alias and its analyzed plan. */
  public record Input(String alias, LogicalPlan plan) {
    public static Input of(String alias, Dataset<Row> data) {
      return new Input(alias, data.queryExecution().analyzed());
    }
  }

  private record Origin(String alias, String column, Kind kind, String subtype) {}

  private final List<Input> inputs;
  private final List<List<Long>> inputIds = new ArrayList<>();
  private final Map<Long, Set<Origin>> byAttribute = new HashMap<>();
  private final Set<Origin> rowLevel = new LinkedHashSet<>();

  private PlanLineage(List<Input> inputs) {
    this.inputs = inputs;
    for (Input in : inputs) {
      inputIds.add(ids(in.plan().output()));
    }
  }

  /** Every (output column, input column) dependency of {@code output}, direct ones first, in column order. */
  public static List<ColumnLineage> of(Dataset<Row> output, List<Input> inputs) {
    return of(output.queryExecution().analyzed(), inputs);
  }

  public static List<ColumnLineage> of(LogicalPlan plan, List<Input> inputs) {
    PlanLineage walk = new PlanLineage(inputs);
    walk.visit(plan);
    List<ColumnLineage> out = new ArrayList<>();
    for (Attribute a : list(plan.output())) {
      Set<Origin> all = new LinkedHashSet<>(walk.byAttribute.getOrDefault(a.exprId().id(), Set.of()));
      all.addAll(walk.rowLevel);
      Map<List<Object>, ColumnLineage> unique = new LinkedHashMap<>();
      for (Kind k : Kind.values()) {
        for (Origin o : all) {
          if (o.kind() == k) {
            unique.putIfAbsent(
                List.of(o.alias(), o.column(), o.kind()),
                new ColumnLineage(a.name(), o.alias(), o.column(), o.kind(), o.subtype()));
          }
        }
      }
      out.addAll(unique.values());
    }
    return out;
  }

  private void visit(LogicalPlan node) {
    if (bindInput(node)) {
      return;
    }
    for (LogicalPlan child : list(node.children())) {
      visit(child);
    }
    if (node instanceof Union u) {
      List<Attribute> out = list(u.output());
      for (LogicalPlan child : list(u.children())) {
        List<Attribute> childOut = list(child.output());
        for (int i = 0; i < out.size() && i < childOut.size(); i++) {
          add(out.get(i), byAttribute.getOrDefault(childOut.get(i).exprId().id(), Set.of()));
        }
      }
      return;
    }
    if (node instanceof Expand e) {
      List<Attribute> out = list(e.output());
      for (scala.collection.Seq<Expression> projection : list(e.projections())) {
        List<Expression> exprs = list(projection);
        for (int i = 0; i < out.size() && i < exprs.size(); i++) {
          add(out.get(i), origins(exprs.get(i), Kind.DIRECT, "IDENTITY"));
        }
      }
      return;
    }
    if (node instanceof Generate g) {
      Set<Origin> from = origins((Expression) g.generator(), Kind.DIRECT, "TRANSFORMATION");
      for (Attribute a : list(g.generatorOutput())) {
        add(a, from);
      }
      return;
    }
    String rowSubtype = rowSubtype(node);
    Set<Long> outputIds = new java.util.HashSet<>(ids(node.output()));
    for (Expression e : list(node.expressions())) {
      if (e instanceof NamedExpression ne && outputIds.contains(ne.exprId().id()) && !(e instanceof Attribute)) {
        byAttribute.put(ne.exprId().id(), origins(e, Kind.DIRECT, "IDENTITY"));
      } else if (rowSubtype != null && !(e instanceof NamedExpression && node instanceof Aggregate a && isOutput(a, e))) {
        rowLevel.addAll(origins(e, Kind.INDIRECT, rowSubtype));
      }
    }
  }

  private static boolean isOutput(Aggregate a, Expression e) {
    return list(a.aggregateExpressions()).contains(e) && !list(a.groupingExpressions()).contains(e);
  }

  /** The subtype of a node's non-output expressions, or null when they do not decide which rows exist. */
  private static String rowSubtype(LogicalPlan node) {
    if (node instanceof Filter) {
      return "FILTER";
    }
    if (node instanceof Join) {
      return "JOIN";
    }
    if (node instanceof Aggregate) {
      return "GROUP_BY";
    }
    if (node instanceof Sort) {
      return "SORT";
    }
    if (node instanceof Deduplicate) {
      return "FILTER";
    }
    // Projections define columns; window specs are read per window expression (indirect for that column only);
    // repartitioning and limits by literal decide nothing about which columns feed which.
    return null;
  }

  /** If {@code node} is one of the inputs, binds its attributes to the input's columns. */
  private boolean bindInput(LogicalPlan node) {
    List<Long> ids = ids(node.output());
    for (int i = 0; i < inputs.size(); i++) {
      // The same attributes are not enough: a filter, sort or de-duplication right above an input has them too, and
      // its condition would go unseen. The node must be the input's plan itself.
      LogicalPlan plan = inputs.get(i).plan();
      if (ids.equals(inputIds.get(i)) && (node == plan || node.getClass() == plan.getClass() && node.sameResult(plan))) {
        bind(node, inputs.get(i));
        return true;
      }
    }
    for (Input in : inputs) {
      if (node.getClass() == in.plan().getClass()
          && ids.size() == inputIds.get(inputs.indexOf(in)).size()
          && node.sameResult(in.plan())) {
        bind(node, in);
        return true;
      }
    }
    return false;
  }

  private void bind(LogicalPlan node, Input in) {
    List<Attribute> mine = list(node.output());
    List<Attribute> theirs = list(in.plan().output());
    for (int i = 0; i < mine.size(); i++) {
      byAttribute.put(
          mine.get(i).exprId().id(), Set.of(new Origin(in.alias(), theirs.get(i).name(), Kind.DIRECT, "IDENTITY")));
    }
  }

  private void add(Attribute a, Set<Origin> more) {
    byAttribute.computeIfAbsent(a.exprId().id(), k -> new LinkedHashSet<>()).addAll(more);
  }

  /** The input columns {@code e} depends on, as {@code kind} (weakened to indirect under conditions). */
  private Set<Origin> origins(Expression e, Kind kind, String subtype) {
    Set<Origin> out = new LinkedHashSet<>();
    collect(e, kind, subtype, true, out);
    return out;
  }

  private void collect(Expression e, Kind kind, String subtype, boolean bare, Set<Origin> out) {
    if (e instanceof Attribute a) {
      for (Origin o : byAttribute.getOrDefault(a.exprId().id(), Set.of())) {
        out.add(combine(o, kind, bare ? subtype : transformed(subtype)));
      }
      return;
    }
    if (e instanceof NamedExpression && e.children().size() == 1) {
      collect(e.children().head(), kind, subtype, bare, out); // Alias
      return;
    }
    if (e instanceof If i) {
      collect(i.predicate(), Kind.INDIRECT, "CONDITIONAL", false, out);
      collect(i.trueValue(), kind, subtype, false, out);
      collect(i.falseValue(), kind, subtype, false, out);
      return;
    }
    if (e instanceof CaseWhen c) {
      for (Tuple2<Expression, Expression> branch : list(c.branches())) {
        collect(branch._1(), Kind.INDIRECT, "CONDITIONAL", false, out);
        collect(branch._2(), kind, subtype, false, out);
      }
      if (c.elseValue().isDefined()) {
        collect(c.elseValue().get(), kind, subtype, false, out);
      }
      return;
    }
    if (e instanceof WindowExpression w) {
      collect(w.windowFunction(), kind, subtype, false, out);
      WindowSpecDefinition spec = w.windowSpec();
      for (Expression p : list(spec.partitionSpec())) {
        collect(p, Kind.INDIRECT, "WINDOW", false, out);
      }
      for (SortOrder o : list(spec.orderSpec())) {
        collect(o, Kind.INDIRECT, "WINDOW", false, out);
      }
      return;
    }
    if (e instanceof SubqueryExpression s) {
      visit(s.plan());
      for (Attribute a : list(s.plan().output())) {
        collect(a, kind, subtype, false, out);
      }
    }
    String sub = e instanceof AggregateExpression ? "AGGREGATION" : subtype;
    for (Expression child : list(e.children())) {
      collect(child, kind, sub, false, out);
    }
  }

  /** A bare attribute keeps IDENTITY; an attribute under a function is a TRANSFORMATION (or AGGREGATION). */
  private static String transformed(String subtype) {
    return "IDENTITY".equals(subtype) ? "TRANSFORMATION" : subtype;
  }

  private static Origin combine(Origin from, Kind kind, String subtype) {
    if (from.kind() == Kind.INDIRECT) {
      return from;
    }
    if (kind == Kind.INDIRECT) {
      return new Origin(from.alias(), from.column(), Kind.INDIRECT, subtype);
    }
    String s = "IDENTITY".equals(from.subtype()) ? subtype : "AGGREGATION".equals(subtype) ? subtype : from.subtype();
    return new Origin(from.alias(), from.column(), Kind.DIRECT, s);
  }

  private static List<Long> ids(scala.collection.Seq<Attribute> attrs) {
    List<Long> out = new ArrayList<>();
    for (Attribute a : list(attrs)) {
      out.add(a.exprId().id());
    }
    return out;
  }

  private static <T> List<T> list(scala.collection.Seq<T> seq) {
    return JavaConverters.seqAsJavaList(seq);
  }
}
