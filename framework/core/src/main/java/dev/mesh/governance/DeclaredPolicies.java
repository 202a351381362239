package dev.mesh.governance;

import dev.mesh.model.ColumnSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.Visibility;
import dev.mesh.quality.Rule;
import dev.mesh.quality.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The policies a mesh configures in {@code conf/governance.conf}, one small class each. */
final class DeclaredPolicies {
  private DeclaredPolicies() {}

  /** {@code owner-contact}: an owning team and a way to reach it. */
  static final class OwnerContact extends DeclaredPolicy {
    OwnerContact(PolicySpec spec) {
      super(spec);
    }

    @Override
    List<Problem> problems(ProductDescriptor p, GovernanceContext mesh) {
      if (p.owner() == null) {
        return List.of(new Problem("owner", "declares no owner"));
      }
      List<Problem> out = new ArrayList<>();
      if (blank(p.owner().team())) {
        out.add(new Problem("owner.team", "owner.team is empty"));
      }
      if (blank(p.owner().contact())) {
        out.add(new Problem("owner.contact", "owner.contact is empty"));
      } else if (!p.owner().contact().contains("@") && !p.owner().contact().contains("://")) {
        out.add(new Problem("owner.contact", "owner.contact '" + p.owner().contact() + "' is neither an e-mail address nor a URL"));
      }
      return out;
    }
  }

  /** {@code description}: consumers can tell what the product holds; option {@code min-length}. */
  static final class Description extends DeclaredPolicy {
    Description(PolicySpec spec) {
      super(spec);
    }

    @Override
    List<Problem> problems(ProductDescriptor p, GovernanceContext mesh) {
      int min = Integer.parseInt(spec.option("min-length", List.of("1")).get(0));
      String d = p.description() == null ? "" : p.description().trim();
      if (d.isEmpty()) {
        return List.of(new Problem("description", "has no description"));
      }
      return d.length() < min
          ? List.of(new Problem("description", "description is " + d.length() + " characters, shorter than the required " + min))
          : List.of();
    }
  }

  /** {@code error-quality-rule}: at least one quality rule blocks publication. */
  static final class ErrorQualityRule extends DeclaredPolicy {
    ErrorQualityRule(PolicySpec spec) {
      super(spec);
    }

    @Override
    List<Problem> problems(ProductDescriptor p, GovernanceContext mesh) {
      boolean any = p.sla().rules().stream().map(Rule::severity).anyMatch(s -> s == Severity.ERROR);
      return any ? List.of() : List.of(new Problem("sla.rules", "has no quality rule of severity error (" + dev.mesh.render.Plural.count(p.sla().rules().size(), "rule") + ")"));
    }
  }

  /** {@code freshness-sla}: the product promises how old it may get. */
  static final class FreshnessSla extends DeclaredPolicy {
    FreshnessSla(PolicySpec spec) {
      super(spec);
    }

    @Override
    List<Problem> problems(ProductDescriptor p, GovernanceContext mesh) {
      return p.sla().freshness().maxAge() == null
          ? List.of(new Problem("sla.freshness", "declares no freshness SLA (sla.freshness)"))
          : List.of();
    }
  }

  /** {@code naming}: snake_case names, the id's domain is the directory the file is in, the file is named after it. */
  static final class Naming extends DeclaredPolicy {
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    Naming(PolicySpec spec) {
      super(spec);
    }

    @Override
    List<Problem> problems(ProductDescriptor p, GovernanceContext mesh) {
      List<Problem> out = new ArrayList<>();
      if (!SNAKE.matcher(p.id().name()).matches()) {
        out.add(new Problem("id", "name '" + p.id().name() + "' is not snake_case (lower case words joined by single underscores)"));
      }
      for (ColumnSpec c : p.schema().columns()) {
        if (!SNAKE.matcher(c.name()).matches()) {
          out.add(new Problem("schema." + c.name(), "column '" + c.name() + "' is not snake_case"));
        }
      }
      Path file = Path.of(p.origin().file());
      Path dir = file.getParent();
      if (dir != null && !dir.getFileName().toString().equals(p.domain())) {
        out.add(new Problem("id", "id " + p.id() + " is not prefixed by the domain of its directory '" + dir.getFileName()
            + "' (declare it in conf/" + p.domain() + "/)"));
      }
      String stem = file.getFileName().toString().replaceFirst("\\.conf$", "");
      if (!stem.equals(p.id().name())) {
        out.add(new Problem("id", "file " + file.getFileName() + " is not named after the product (" + p.id().name() + ".conf)"));
      }
      return out;
    }
  }

  /** {@code output-format}: products are written in an agreed table format; option {@code allowed}. */
  static final class OutputFormat extends DeclaredPolicy {
    OutputFormat(PolicySpec spec) {
      super(spec);
    }

    @Override
    List<Problem> problems(ProductDescriptor p, GovernanceContext mesh) {
      List<String> allowed = spec.option("allowed", List.of("delta", "iceberg"));
      String format = p.output().format().label();
      return allowed.contains(format)
          ? List.of()
          : List.of(new Problem("output.format", "output format " + format + " is not allowed (allowed: " + String.join(", ", allowed) + ")"));
    }
  }

  /** {@code pii-handling}: every PII column says how readers outside the domain see it. */
  static final class PiiHandlingDeclared extends DeclaredPolicy {
    PiiHandlingDeclared(PolicySpec spec) {
      super(spec);
    }

    @Override
    List<Problem> problems(ProductDescriptor p, GovernanceContext mesh) {
      return p.schema().columns().stream()
          .filter(ColumnSpec::unhandledPii)
          .map(c -> new Problem("schema." + c.name(), "PII column '" + c.name() + "' declares no pii-handling (mask, hash or drop)"))
          .toList();
    }
  }

  /** {@code pii-not-public}: a public product has no unhandled PII. */
  static final class PiiNotPublic extends DeclaredPolicy {
    PiiNotPublic(PolicySpec spec) {
      super(spec);
    }

    @Override
    List<Problem> problems(ProductDescriptor p, GovernanceContext mesh) {
      if (p.access().visibility() != Visibility.PUBLIC) {
        return List.of();
      }
      List<String> unhandled = p.schema().columns().stream().filter(ColumnSpec::unhandledPii).map(ColumnSpec::name).toList();
      return unhandled.isEmpty()
          ? List.of()
          : List.of(
              new Problem(
                  // Public by declaration: that line; by default: the first such column's.
                  p.declaredAt().containsKey("visibility") ? "visibility" : "schema." + unhandled.get(0),
                  "is public but PII columns " + String.join(", ", unhandled) + " have no pii-handling"));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
