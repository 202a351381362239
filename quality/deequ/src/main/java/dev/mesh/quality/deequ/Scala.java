package dev.mesh.quality.deequ;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.metrics.Metric;
import dev.mesh.quality.RuleValidator;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.util.Try;

/** Java-to-Scala glue for calling Deequ; nothing Scala leaves this package. */
final class Scala {
  private Scala() {}

  static <T> Option<T> none() {
    return Option.empty();
  }

  static <T> Seq<T> seq(List<T> values) {
    return JavaConverters.asScalaBufferConverter(values).asScala().toList();
  }

  static <T> scala.collection.immutable.List<T> list(List<T> values) {
    return JavaConverters.asScalaBufferConverter(values).asScala().toList();
  }

  static <T> List<T> javaList(Seq<T> values) {
    return JavaConverters.seqAsJavaListConverter(values).asJava();
  }

  /** A Deequ assertion on a Double metric; Deequ hands the value over boxed. */
  static Function1<Object, Object> onDouble(DoublePredicate test) {
    return value -> test.test(((Number) value).doubleValue());
  }

  /** A Deequ assertion on a Long metric (the size); Deequ hands the value over boxed. */
  static Function1<Object, Object> onLong(LongPredicate test) {
    return value -> test.test(((Number) value).longValue());
  }

  /** Deequ's analyzer collections are typed {@code Analyzer<?, Metric<?>>}; concrete analyzers need this cast. */
  @SuppressWarnings("unchecked")
  static Analyzer<?, Metric<?>> analyzer(Analyzer<?, ?> analyzer) {
    return (Analyzer<?, Metric<?>>) analyzer;
  }

  /** The metric's value as a double, or the reason it could not be computed. */
  static MetricValue value(Option<Metric<?>> metric) {
    if (metric.isEmpty()) {
      return MetricValue.missing("Deequ computed no metric for it");
    }
    Try<?> value = metric.get().value();
    if (value.isFailure()) {
      return MetricValue.missing(reason(value.failed().get()));
    }
    Object v = value.get();
    return v instanceof Number n
        ? MetricValue.of(n.doubleValue())
        : MetricValue.missing("its metric is " + v.getClass().getSimpleName() + ", not a number");
  }

  /** Deequ wraps causes (MetricCalculationException around NoSuchColumnException...): show the innermost message. */
  static String reason(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : RuleValidator.firstLine(t.getMessage());
  }
}
