package dev.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ConfigException;
import dev.mesh.errors.ConfigProblem;
import dev.mesh.errors.ErrorKind;
import dev.mesh.model.InputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.TableFormat;
import dev.mesh.model.TransformSpec;
import dev.mesh.model.WriteMode;
import dev.mesh.quality.Rule;
import dev.mesh.quality.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshConfigLoaderTest {
  @TempDir Path home;

  private Path write(String relative, String content) throws IOException {
    Path p = home.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  /** A problem's file name, line and key: {@code mesh.conf:4 mesh.iceberg.uri}. */
  private static String where(ConfigProblem p) {
    return p.origin().file().replaceAll(".*/", "") + ":" + p.origin().line() + " " + p.key();
  }

  private MeshConfig load() {
    return new MeshConfigLoader(home, Map.of(), new Properties()).load();
  }

  private static final String ORDERS =
      """
      product {
        id = sales.orders
        description = "Orders"
        version = "1.2.0"
        inputs { raw { source = tpch, table = orders, daily = true } }
        transform.class = "dev.mesh.testing.Transforms$Numbers"
        output { format = delta, mode = merge, merge-keys = [order_key] }
        schema {
          order_key { type = long, nullable = false, description = "key" }
          amount    = "decimal(18,2)"
          email     { type = string, pii = true }
        }
        sla {
          freshness = 26h
          rules = [
            { rule = unique, columns = [order_key] }
            { rule = completeness, column = email, min = 0.9, severity = warn }
          ]
        }
        schedule = "0 3 * * *"
      }
      """;

  @Test
  void parsesAProductWithDomainDefaults() throws IOException {
    write("conf/sales/domain.conf", "domain { owner { team = sales, contact = \"s@example.com\" }, tags = [sales] }");
    write("conf/sales/orders.conf", ORDERS);
    write("conf/sales/revenue.sql", "select 1");
    write(
        "conf/sales/revenue.conf",
        """
        product {
          id = sales.revenue
          version = "1.0.0"
          owner { team = finance, contact = "f@example.com" }
          inputs { orders = sales.orders }
          transform.sql = revenue.sql
          output { format = iceberg, mode = overwrite-partitions, partitioned-by = [day] }
          schema { day = date, revenue = "decimal(18,2)" }
        }
        """);

    MeshConfig config = load();

    ProductDescriptor orders = config.product("sales.orders");
    assertThat(orders.owner().team()).isEqualTo("sales");
    assertThat(orders.tags()).containsExactly("sales");
    assertThat(orders.version()).isEqualTo("1.2.0");
    assertThat(orders.output().mode()).isEqualTo(WriteMode.MERGE);
    assertThat(orders.output().mergeKeys()).containsExactly("order_key");
    assertThat(orders.schema().names()).containsExactly("order_key", "amount", "email");
    assertThat(orders.schema().column("order_key").orElseThrow().type()).isEqualTo("bigint");
    assertThat(orders.schema().column("order_key").orElseThrow().nullable()).isFalse();
    assertThat(orders.schema().column("email").orElseThrow().pii()).isTrue();
    assertThat(orders.sla().freshness().maxAge()).isEqualTo(Duration.ofHours(26));
    assertThat(orders.sla().rules()).hasSize(2);
    assertThat(orders.sla().rules().get(1)).isInstanceOf(Rule.Completeness.class);
    assertThat(orders.sla().rules().get(1).severity()).isEqualTo(Severity.WARN);
    assertThat(orders.inputs().get(0)).isInstanceOf(InputSpec.SourceInput.class);
    assertThat(((InputSpec.SourceInput) orders.inputs().get(0)).options()).containsEntry("table", "orders");
    assertThat(orders.origin().file()).endsWith("conf/sales/orders.conf");
    assertThat(orders.origin().line()).isEqualTo(1);

    ProductDescriptor revenue = config.product("sales.revenue");
    assertThat(revenue.owner().team()).isEqualTo("finance");
    assertThat(revenue.output().format()).isEqualTo(TableFormat.ICEBERG);
    assertThat(revenue.upstream()).containsExactly(ProductId.parse("sales.orders"));
    assertThat(((TransformSpec.SqlFile) revenue.transform()).resolved()).isEqualTo(home.resolve("conf/sales/revenue.sql"));
  }

  /**
   * A mistake in a domain.conf is one problem under the domain's key, however many products take its defaults; a
   * domain.conf that does not parse is one problem too, its products not read without their defaults.
   */
  @Test
  void aMistakeInADomainConfIsReportedOnceUnderTheDomainsKey() throws IOException {
    write("conf/sales/domain.conf", "domain {\n  owner { team = sales, contact = \"s@example.com\" }\n  schedule = \"0 3 * *\"\n  tagz = [sales]\n}\n");
    write("conf/sales/orders.conf", ORDERS);
    for (String name : List.of("a", "b")) {
      write(
          "conf/sales/" + name + ".conf",
          ORDERS.replace("id = sales.orders", "id = sales." + name).replace("schedule = \"0 3 * * *\"", ""));
    }
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems())
                .extracting(MeshConfigLoaderTest::where)
                .containsExactlyInAnyOrder("domain.conf:3 domain.schedule", "domain.conf:4 domain.tagz"));

    write("conf/sales/domain.conf", "domain {\n  owner { team = sales, contact = \"s@example.com\" }\n");
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems()).singleElement()
                  .satisfies(p -> assertThat(p.origin().file()).endsWith("conf/sales/domain.conf"))
                  .satisfies(p -> assertThat(p.message()).startsWith("expecting a close parentheses").doesNotContain("domain.conf"));
            });
  }

  @Test
  void reportsEveryMistakeWithFileLineAndKey() throws IOException {
    write(
        "conf/sales/broken.conf",
        """
        product {
          id = sales.broken
          owner { team = sales, contact = "s@example.com" }
          ownr = typo
          inputs { }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = parquet }
          schema {
            id { type = bigint, nullable = maybe }
          }
        }
        """);

    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
              assertThat(e.problems()).extracting(ConfigProblem::key)
                  .containsExactlyInAnyOrder(
                      "product.ownr", "product.version", "product.output.format", "product.schema.id.nullable");
              Map<String, Integer> lines = new java.util.HashMap<>();
              e.problems().forEach(p -> lines.put(p.key(), p.origin().line()));
              assertThat(lines).containsEntry("product.ownr", 4)
                  .containsEntry("product.output.format", 7)
                  .containsEntry("product.schema.id.nullable", 9)
                  .containsEntry("product.version", 1);
              assertThat(e.problems()).allSatisfy(p -> assertThat(p.origin().file()).endsWith("conf/sales/broken.conf"));
              assertThat(e.getMessage())
                  .contains("4 configuration problems")
                  .contains("broken.conf:4: product.ownr: unknown key (did you mean 'owner'?)")
                  .contains("must be delta or iceberg, got 'parquet'")
                  .contains("must be true or false, got 'maybe'");
            });
  }

  @Test
  void reportsAnUnknownColumnTypeWithItsLineOnceNotWhereverTheColumnIsNamed() throws IOException {
    write(
        "conf/sales/a.conf",
        """
        product {
          id = sales.a
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta, mode = merge, merge-keys = [status] }
          schema {
            id { type = bigint }
            status { type = strin, nullable = false }
          }
          sla.rules = [
            { rule = allowed-values, column = status, values = [F, O] }
            { rule = unique, columns = [status] }
            { rule = not-null, column = statuss }
          ]
        }
        """);
    // The bad type is the problem; the rules and the merge key that name the column are not (they named it right),
    // while a column declared nowhere still is.
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems()).extracting(p -> p.key())
                  .containsExactly("product.schema.status.type", "product.sla.rules[2].column");
              assertThat(e.getMessage())
                  .contains("a.conf:9: product.schema.status.type: unknown Spark SQL type 'strin'")
                  .contains("column 'statuss' is not in the product's schema (did you mean 'status'?)");
            });
  }

  @Test
  void aMergeKeyThePortWouldLoseAndADomainNamedLikeARestrictedNamespaceAreConfigErrors() throws IOException {
    write("conf/hr/people.conf", """
        product {
          id = hr.people
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta, mode = merge, merge-keys = [email] }
          schema {
            email { type = string, pii = true, pii-handling = mask }
          }
        }
        """);
    write("conf/hr_internal/x.conf", """
        product {
          id = hr_internal.x
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id = bigint }
        }
        """);
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("people.conf:6: product.output.merge-keys: column 'email' is PII with pii-handling = mask: the output"
            + " port, written with the same mode, would lose it. Use pii-handling = hash, or another column")
        .hasMessageContaining("x.conf:2: product.id: domain 'hr_internal' ends with _internal or _shared");
  }

  @Test
  void reportsASyntaxErrorWithItsLine() throws IOException {
    write("conf/sales/bad.conf", "product {\n  id = sales.bad\n  version = \n}\n");
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.conf:4: Expecting a value but got wrong token: '}'");
  }

  @Test
  void aFileThatDoesNotParseIsOneProblemNotAlsoOneForEachOfItsReaders() throws IOException {
    // The closing brace lost: the file cannot be parsed, but its id is written above the error, and the products that
    // read it must not be told it is declared nowhere (with a guess at another product beside it).
    write("conf/sales/orders.conf", "product {\n  id = \"sales.orders\"  # the day's orders\n  version = \"1.0.0\"\n");
    write("conf/sales/order_lines.conf",
        ORDERS.replace("sales.orders", "sales.order_lines").replace("description = \"Orders\"", "owner { team = t, contact = c }"));
    for (String reader : List.of("a", "b")) {
      write("conf/sales/" + reader + ".conf", productReading("sales." + reader, "sales.orders"));
    }
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement()
            .satisfies(p -> assertThat(p.origin().file()).endsWith("conf/sales/orders.conf"))
            .satisfies(p -> assertThat(p.message()).contains("the file ends before a '}' closes what a '{' opened")));
  }

  @Test
  void rejectsAnInputThatNamesNoProduct() throws IOException {
    write(
        "conf/sales/a.conf",
        """
        product {
          id = sales.a
          version = "1.0.0"
          owner { team = t, contact = c }
          inputs { x = sales.nothing }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id = bigint }
        }
        """);
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a.conf:5: product.inputs.x: names no declared product: sales.nothing");

    // A misspelt input gets the close names, as the command line gives them (not the reader itself).
    write("conf/sales/domain.conf", "domain { owner { team = sales, contact = \"s@example.com\" } }");
    write("conf/sales/orders.conf", ORDERS);
    write("conf/sales/order_lines.conf", productReading("sales.order_lines", "sales.ordrs"));
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("order_lines.conf:6: product.inputs.raw: names no declared product: sales.ordrs (did you mean sales.orders?)");
  }

  /** A product of conf/sales/a.conf (line 5: its transform.sql) whose SQL transform is {@code file}. */
  private static String productWithSql(String file) {
    return """
        product {
          id = sales.a
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.sql = %s
          output { format = delta }
          schema { id = bigint }
        }
        """.formatted(file);
  }

  @Test
  void reportsAMissingSqlFileWithWhereItLooked() throws IOException {
    write("conf/sales/a.conf", productWithSql("nowhere.sql"));
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a.conf:5: product.transform.sql: file 'nowhere.sql' not found")
        .hasMessageContaining("jobs/sales/sql/nowhere.sql");
  }

  @Test
  void sqlCheckRunLeavesAMissingSqlFileToTheRun() throws IOException {
    write("conf/sales/a.conf", productWithSql("elsewhere.sql"));
    // As a job jar's driver loads the declarations of every domain while carrying one domain's SQL.
    MeshConfig config = new MeshConfigLoader(home, Map.of("MESH_SQL_CHECK", "run"), new Properties()).load();
    assertThat(config.platform().sqlCheck()).isEqualTo(PlatformConfig.SqlCheck.RUN);
    assertThat(((TransformSpec.SqlFile) config.product("sales.a").transform()).resolved()).isNull();

    Properties bad = new Properties();
    bad.setProperty("mesh.sql-check", "later");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), bad).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.sql-check: must be load or run, got 'later'");
  }

  @Test
  void retentionIsADurationOfZeroOrMoreFromTheProductElseThePlatform() throws IOException {
    write("conf/mesh.conf", "mesh {\n  storage.retention = 7d\n}\n");
    write("conf/keep/short.conf", """
        product {
          id = keep.short
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta, retention = 36h }
          schema { id = bigint }
        }
        """);
    write("conf/keep/default.conf", """
        product {
          id = keep.default
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id = bigint }
        }
        """);
    MeshConfig config = load();
    assertThat(config.platform().retentionOf(config.product("keep.short"))).isEqualTo(java.time.Duration.ofHours(36));
    assertThat(config.platform().retentionOf(config.product("keep.default"))).isEqualTo(java.time.Duration.ofDays(7));

    write("conf/mesh.conf", "mesh {\n  storage.retention = soon\n}\n");
    write("conf/keep/short.conf", Files.readString(home.resolve("conf/keep/short.conf")).replace("retention = 36h", "retention = -1d"));
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.conf:2: mesh.storage.retention: must be a duration such as 26h or 2d, got 'soon'")
        .hasMessageContaining("short.conf:6: product.output.retention: must be a duration of 0 or more, e.g. 90d or 36h");
  }

  /** A product of conf/sales/a.conf (line 5: its transform.class) whose Java transform is {@code className}. */
  private static String productWithClass(String id, String className) {
    return product(id, className, "");
  }

  /** A product of conf/sales/<name>.conf whose one input (line 6) is {@code input}. */
  private static String productReading(String id, String input) {
    return product(id, "dev.mesh.testing.Transforms$Numbers", "inputs { raw = " + input + " }");
  }

  private static String product(String id, String className, String line6) {
    return """
        product {
          id = %s
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.class = "%s"
          %s
          output { format = delta }
          schema { id = bigint }
        }
        """.formatted(id, className, line6);
  }

  @Test
  void aSourceTypeOrOptionNoConnectorReadsIsAProblemWithFileLineAndAHint() throws IOException {
    write("conf/mesh.conf", "mesh {\n  sources.tpch.scale = 0.01\n  sources.tpch.text-pool-m = 8\n}\n");
    write("conf/sales/a.conf", productReading("sales.a", "{ source = tpch, table = orders, dayly = true }"));
    write("conf/sales/b.conf", productReading("sales.b", "{ source = tpc, table = orders }"));
    // files hands every option but path and format on to Spark's reader: it declares none, and any key passes.
    write("conf/sales/c.conf", productReading("sales.c", "{ source = files, path = \"in/*.csv\", format = csv, header = true }"));
    write("conf/sales/d.conf", productReading("sales.d", "{ source = tpch, table = orders, daily = true, text-pool-mb = 8 }"));
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::key)
            .containsExactlyInAnyOrder("mesh.sources.tpch.text-pool-m", "product.inputs.raw.dayly", "product.inputs.raw.source"))
        .hasMessageContaining("mesh.conf:3: mesh.sources.tpch.text-pool-m: unknown key (did you mean 'text-pool-mb'?); allowed here:"
            + " daily, evolving, faults, parts, scale, table, text-pool-mb")
        .hasMessageContaining("a.conf:6: product.inputs.raw.dayly: unknown key (did you mean 'daily'?)")
        .hasMessageContaining("b.conf:6: product.inputs.raw.source: unknown source type 'tpc'; known source types: files, tpch");
  }

  /** A value the source would refuse when it runs (a misspelt table, an unknown fault) is refused when loaded. */
  @Test
  void aSourceOptionValueTheConnectorWouldRefuseIsAProblemAtItsLine() throws IOException {
    write("conf/mesh.conf", "mesh {\n  sources.tpch.faults = \"bad-stat\"\n}\n");
    write("conf/sales/a.conf", productReading("sales.a", "{ source = tpch, table = ordrs, scale = big, daily = yes }"));
    write("conf/sales/d.conf", productReading("sales.d", "{ source = tpch, table = ORDERS, scale = 0.5, parts = 4, daily = true }"));
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .extracting(p -> where(p) + ": " + p.message())
            .containsExactlyInAnyOrder(
                "mesh.conf:2 mesh.sources.tpch.faults: unknown TPC-H faults [bad-stat]; known: [bad-status, negative-prices]",
                "a.conf:6 product.inputs.raw.table: unknown TPC-H table 'ordrs'; known: customer, lineitem, nation, orders,"
                    + " part, partsupp, region, supplier (did you mean orders?)",
                "a.conf:6 product.inputs.raw.scale: must be a scale factor such as 0.01 or 1 above 0, got 'big'",
                "a.conf:6 product.inputs.raw.daily: must be true or false, got 'yes'"));
  }

  @Test
  void sqlCheckRunLeavesSourcesToTheRun() throws IOException {
    write("conf/mesh.conf", "mesh {\n  sources.acme.region = eu\n}\n");
    write("conf/sales/a.conf", productReading("sales.a", "{ source = acme, table = orders }"));
    MeshConfig config = new MeshConfigLoader(home, Map.of("MESH_SQL_CHECK", "run"), new Properties()).load();
    assertThat(config.product("sales.a").inputs()).containsExactly(new InputSpec.SourceInput("raw", "acme", Map.of("table", "orders")));
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.conf:2: mesh.sources.acme: unknown source type 'acme'")
        .hasMessageContaining("a.conf:6: product.inputs.raw.source: unknown source type 'acme'");
  }

  @Test
  void reportsATransformClassNotOnTheClasspathWithFileLineAndAHint() throws IOException {
    write("conf/sales/a.conf", productWithClass("sales.a", "dev.mesh.testing.Transforms.Numbers"));
    write("conf/sales/b.conf", productWithClass("sales.b", "dev.mesh.testing.Transformz"));
    write("conf/sales/c.conf", productWithClass("sales.c", "com.acme.sales.Nothing"));
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
              assertThat(e.problems()).hasSize(3)
                  .allSatisfy(p -> assertThat(p.key()).isEqualTo("product.transform.class"))
                  .allSatisfy(p -> assertThat(p.origin().line()).isEqualTo(5));
            })
        .hasMessageContaining(
            "a.conf:5: product.transform.class: class dev.mesh.testing.Transforms.Numbers is not on the classpath."
                + " Did you mean dev.mesh.testing.Transforms$Numbers?")
        .hasMessageContaining(
            "b.conf:5: product.transform.class: class dev.mesh.testing.Transformz is not on the classpath."
                + " Did you mean dev.mesh.testing.Transforms?")
        .hasMessageContaining(
            "c.conf:5: product.transform.class: class com.acme.sales.Nothing is not on the classpath. Check the name,"
                + " and that the module of domain sales (jobs/sales) is built and on the classpath")
        .hasMessageContaining("set MESH_SQL_CHECK=run");
  }

  @Test
  void reportsATransformClassThatIsNotATransform() throws IOException {
    write("conf/sales/a.conf", productWithClass("sales.a", "dev.mesh.testing.TestMesh"));
    write("conf/sales/b.conf", productWithClass("sales.b", "dev.mesh.api.Transform"));
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("2 configuration problems")
        .hasMessageContaining(
            "a.conf:5: product.transform.class: class dev.mesh.testing.TestMesh does not implement dev.mesh.api.Transform")
        .hasMessageContaining(
            "b.conf:5: product.transform.class: class dev.mesh.api.Transform is abstract: name a concrete class");
  }

  @Test
  void sqlCheckRunLeavesTheTransformClassToTheRun() throws IOException {
    write("conf/sales/a.conf", productWithClass("sales.a", "com.acme.sales.OnlyInItsJobJar"));
    MeshConfig config = new MeshConfigLoader(home, Map.of("MESH_SQL_CHECK", "run"), new Properties()).load();
    assertThat(config.product("sales.a").transform()).isEqualTo(new TransformSpec.JavaClass("com.acme.sales.OnlyInItsJobJar"));
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a.conf:5: product.transform.class: class com.acme.sales.OnlyInItsJobJar is not on the classpath");
  }

  @Test
  void reportsSqlThatDoesNotParseWithTheConfLineTheFileAndSparksMessage() throws IOException {
    write("conf/sales/a.conf", productWithSql("a.sql"));
    // Line 2 of the SQL: FORM is taken for an alias, so 'numbers' is extra, at position 46 as written (47 once
    // ${logical_date} is replaced).
    write("conf/sales/a.sql", "-- the daily numbers\nSELECT id, ${logical_date} AS day, value FORM numbers\n");
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("product.transform.sql");
                assertThat(p.origin().line()).isEqualTo(5);
                assertThat(p.message()).doesNotContain("\n").doesNotContain("== SQL ==").doesNotContain("^^^");
              });
            })
        .hasMessageContaining(
            "a.conf:5: product.transform.sql: " + home.resolve("conf/sales/a.sql")
                + " does not parse: [PARSE_SYNTAX_ERROR] Syntax error at or near 'numbers'")
        .hasMessageContaining("(line 2, pos 46)");
  }

  @Test
  void reportsAnUnknownSqlVariable() throws IOException {
    write("conf/sales/a.conf", productWithSql("a.sql"));
    write("conf/sales/a.sql", "SELECT id FROM numbers WHERE day = ${day} AND run = ${run_id}");
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "a.conf:5: product.transform.sql: " + home.resolve("conf/sales/a.sql")
                + " uses unknown variables ${day}; available: ${logical_date}, ${run_id}");
  }

  @Test
  void sqlCheckRunLeavesTheSqlParseToTheRun() throws IOException {
    write("conf/sales/a.conf", productWithSql("a.sql"));
    write("conf/sales/a.sql", "SELEC id FROM numbers");
    MeshConfig config = new MeshConfigLoader(home, Map.of("MESH_SQL_CHECK", "run"), new Properties()).load();
    assertThat(((TransformSpec.SqlFile) config.product("sales.a").transform()).resolved())
        .isEqualTo(home.resolve("conf/sales/a.sql"));
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "a.conf:5: product.transform.sql: " + home.resolve("conf/sales/a.sql")
                + " does not parse: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. (line 1, pos 0)");
  }

  @Test
  void aTransformDeclaresEitherSqlOrClass() throws IOException {
    write(
        "conf/sales/both.conf",
        """
        product {
          id = sales.both
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.sql = both.sql
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id = bigint }
        }
        """);
    write(
        "conf/sales/neither.conf",
        """
        product {
          id = sales.neither
          version = "1.0.0"
          owner { team = t, contact = c }
          output { format = delta }
          transform { }
          schema { id = bigint }
        }
        """);
    write(
        "conf/sales/none.conf",
        """

        product {
          id = sales.none
          version = "1.0.0"
          owner { team = t, contact = c }
          output { format = delta }
          schema { id = bigint }
        }
        """);
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems()).extracting(ConfigProblem::key).containsOnly("product.transform").hasSize(3))
        .hasMessageContaining("3 configuration problems")
        .hasMessageContaining(
            "both.conf:5: product.transform: declare either transform.sql or transform.class, not both"
                + " (sql at line 5, class at line 6)")
        .hasMessageContaining(
            "neither.conf:6: product.transform: declare transform.sql = <file.sql> or transform.class = <Java class>")
        .hasMessageContaining(
            "none.conf:2: product.transform: is required: transform.sql = <file.sql> or transform.class = <Java class>")
        .hasMessageNotContaining("Invalid path");
  }

  @Test
  void checksRulesAgainstTheSchema() throws IOException {
    write(
        "conf/sales/a.conf",
        """
        product {
          id = sales.a
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta, mode = overwrite-partitions }
          schema { id = bigint }
          sla.rules = [
            { rule = not-null, column = idd }
            { rule = completeness, column = id, min = 2 }
            { rule = sometimes }
          ]
        }
        """);
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("partitioned-by: is required when mode = overwrite-partitions")
        .hasMessageContaining("column 'idd' is not in the product's schema (did you mean 'id'?)")
        .hasMessageContaining("must be a fraction between 0 and 1, got 2.0")
        .hasMessageContaining("unknown rule 'sometimes'; known rules: ");
  }

  /** A misspelt rule or column is answered with the name meant, as misspelt keys are. */
  @Test
  void aMisspeltRuleOrColumnNamesTheOneMeant() throws IOException {
    write(
        "conf/sales/a.conf",
        """
        product {
          id = sales.a
          version = "1.0.0"
          owner { team = t, contact = c }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta, mode = merge, merge-keys = [order_kee] }
          schema { order_key = bigint, amount = double }
          sla.rules = [
            { rule = uniqe, columns = [order_key] }
            { rule = not-null, column = amont }
          ]
        }
        """);
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("product.output.merge-keys: column 'order_kee' is not in the product's schema (did you mean 'order_key'?)")
        .hasMessageContaining("product.sla.rules[0].rule: unknown rule 'uniqe' (did you mean 'unique'?); known rules: ")
        .hasMessageContaining("product.sla.rules[1].column: column 'amont' is not in the product's schema (did you mean 'amount'?)");
  }

  /**
   * A problem of a rule or an input as a whole (a bound missing, neither product nor source) is reported at that rule's
   * or input's line and key, beside the file's other problems; a bound that is not a number is reported once, as such;
   * an empty list of columns or values is a problem, not a rule dropped without a word.
   */
  @Test
  void aRuleOrInputMissingWhatItNeedsIsNamedAtItsOwnLineAndKey() throws IOException {
    write(
        "conf/sales/b.conf",
        """
        product {
          id = sales.b
          version = "1.0.0"
          owner { team = t, contact = c }
          inputs { raw { table = orders } }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id = bigint }
          sla.rules = [
            { rule = range, column = id }
            { rule = row-count }
            { rule = row-count, min = one }
            { rule = range, column = id, max = lots }
            { rule = unique, columns = [] }
            { rule = allowed-values, column = id, values = [] }
          ]
        }
        """);
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(p -> p.origin().line() + " " + p.key() + ": " + p.message())
                  .containsExactlyInAnyOrder(
                      "5 product.inputs.raw: an input names either a product (product = <domain>.<name>) or a source (source = <type>)",
                      "10 product.sla.rules[0]: a range rule needs min, max or both",
                      "11 product.sla.rules[1]: a row-count rule needs min, max or both",
                      "12 product.sla.rules[2].min: must be a whole number, got 'one'",
                      "13 product.sla.rules[3].max: must be a number, got 'lots'",
                      "14 product.sla.rules[4].columns: must name at least one column",
                      "15 product.sla.rules[5].values: must list at least one value");
              assertThat(e.problems()).allSatisfy(p -> assertThat(p.origin().file()).endsWith("conf/sales/b.conf"));
            });
  }

  /**
   * {@code key = null} is HOCON's way to drop a value the domain.conf gives: a required key so dropped is "required"
   * at the line that sets it to null (it was Typesafe's own "Configuration key 'version' is null", with no advice).
   */
  @Test
  void aRequiredKeySetToNullIsRequiredAtThatLine() throws IOException {
    write("conf/sales/domain.conf", "domain {\n  owner { team = t, contact = \"t@example.com\" }\n}\n");
    write(
        "conf/sales/b.conf",
        """
        product {
          id = sales.b
          version = null
          owner = null
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output = null
          schema { id = bigint }
        }
        """);
    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems())
                .extracting(p -> where(p) + ": " + p.message())
                .containsExactlyInAnyOrder(
                    "b.conf:3 product.version: is required",
                    "b.conf:4 product.owner: is required (team and contact), here or in the domain's domain.conf",
                    "b.conf:6 product.output: is required, e.g. output { format = delta, mode = overwrite }"));
  }

  @Test
  void warehouseFollowsEnvironmentSystemPropertiesAndOverlays() throws IOException {
    write(
        "conf/mesh.conf",
        "mesh { warehouse = wh, parallelism = 3, environments { ci { parallelism = 1, warehouse = ci-wh } } }");
    PlatformConfig plain = new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly();
    assertThat(plain.warehouse()).isEqualTo(home.resolve("wh").toString());
    assertThat(plain.deltaRoot()).isEqualTo(home.resolve("wh").toString() + "/delta");
    assertThat(plain.iceberg().warehouse()).isEqualTo(home.resolve("wh").toString() + "/iceberg");
    assertThat(plain.parallelism()).isEqualTo(3);

    PlatformConfig fromEnv =
        new MeshConfigLoader(home, Map.of("MESH_WAREHOUSE", "/tmp/elsewhere"), new Properties()).loadPlatformOnly();
    assertThat(fromEnv.warehouse()).isEqualTo("/tmp/elsewhere");

    Properties sys = new Properties();
    sys.setProperty("mesh.warehouse", "s3a://bucket/mesh");
    PlatformConfig fromSys = new MeshConfigLoader(home, Map.of("MESH_WAREHOUSE", "/tmp/elsewhere"), sys).loadPlatformOnly();
    assertThat(fromSys.warehouse()).isEqualTo("s3a://bucket/mesh");
    assertThat(fromSys.deltaRoot()).isEqualTo("s3a://bucket/mesh/delta");

    PlatformConfig ci = new MeshConfigLoader(home, Map.of("MESH_ENV", "ci"), new Properties()).loadPlatformOnly();
    assertThat(ci.parallelism()).isEqualTo(1);
    assertThat(ci.warehouse()).isEqualTo(home.resolve("ci-wh").toString());
  }

  @Test
  void aSharedOverlayTakesTheCatalogServicesFromTheEnvironment() throws IOException {
    write(
        "conf/mesh.conf",
        "mesh { environments { shared { metastore = hive, catalog-tables = iceberg, iceberg { type = rest } } } }");
    PlatformConfig local = new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly();
    assertThat(local.catalogTables()).isEqualTo(dev.mesh.model.TableFormat.DELTA);
    assertThat(local.catalogTablesInService()).isFalse();

    PlatformConfig shared = new MeshConfigLoader(
            home,
            Map.of("MESH_ENV", "shared", "MESH_CATALOG_URI", "http://127.0.0.1:9", "MESH_METASTORE_URI", "thrift://127.0.0.1:10"),
            new Properties())
        .loadPlatformOnly();
    assertThat(shared.iceberg().type()).isEqualTo("rest");
    assertThat(shared.iceberg().uri()).isEqualTo("http://127.0.0.1:9");
    assertThat(shared.metastore()).isEqualTo("hive");
    assertThat(shared.sparkConf()).containsEntry("spark.hadoop.hive.metastore.uris", "thrift://127.0.0.1:10");
    assertThat(shared.catalogTables()).isEqualTo(dev.mesh.model.TableFormat.ICEBERG);
    assertThat(shared.catalogTablesInService()).isTrue();

    // Without the URI: the problem says which variable to set.
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of("MESH_ENV", "shared"), new Properties()).loadPlatformOnly())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.iceberg.uri: is required when the Iceberg catalog type is rest")
        .hasMessageContaining("MESH_CATALOG_URI");
  }

  /**
   * A required key left at the framework's empty default is named at the user's line that requires it, never at a line
   * of the framework's reference.conf; a misspelt catalog type is one problem, not also a requirement of the misspelling.
   */
  @Test
  void aKeyRequiredByAnotherIsNamedAtTheLineThatRequiresIt() throws IOException {
    write("conf/mesh.conf", "mesh {\n  warehouse = wh\n  iceberg {\n    type = rest\n  }\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems())
                .extracting(MeshConfigLoaderTest::where)
                .containsExactly("mesh.conf:4 mesh.iceberg.uri"));

    write("conf/mesh.conf", "mesh {\n  iceberg {\n    type = hadop\n  }\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems())
                .extracting(p -> where(p) + ": " + p.message())
                .containsExactly("mesh.conf:3 mesh.iceberg.type: must be one of hadoop, jdbc, rest, hive; got 'hadop'"));

    write("conf/mesh.conf", "mesh {\n  lineage {\n    namespace = shop\n    transport = http\n  }\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems())
                .extracting(MeshConfigLoaderTest::where)
                .containsExactly("mesh.conf:4 mesh.lineage.url"));
  }

  @Test
  void catalogTablesAreDeltaOrIceberg() throws IOException {
    write("conf/mesh.conf", "mesh {\n  catalog-tables = parquet\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.conf:2: mesh.catalog-tables: must be delta or iceberg, got 'parquet'");
  }

  @Test
  void postgresLeasesTakeTheirDatabaseFromTheEnvironmentAndEveryMistakeNamesLineAndKey() throws IOException {
    write("conf/mesh.conf", "mesh {\n  storage.leases.type = postgres\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.conf:2: mesh.storage.leases.type: postgres leases need the database")
        .hasMessageContaining("MESH_PG_URL");
    LeaseConfig leases =
        new MeshConfigLoader(home, Map.of("MESH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/metastore", "MESH_PG_USER", "mesh"),
                new Properties())
            .loadPlatformOnly().leases();
    assertThat(leases).isEqualTo(new LeaseConfig(LeaseConfig.Type.POSTGRES, "jdbc:postgresql://127.0.0.1:5432/metastore", "mesh", "MESH_PG_PASSWORD"));

    write("conf/mesh.conf", "mesh {\n  storage.leases {\n    type = postgress\n  }\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .hasMessageContaining("mesh.conf:3: mesh.storage.leases.type: must be auto, file, postgres or none; got 'postgress'");
    write("conf/mesh.conf", "mesh {\n  warehouse = \"s3a://b/w\"\n  storage.leases.type = file\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .hasMessageContaining("mesh.conf:3: mesh.storage.leases.type: file leases need a warehouse on a local disk");
    write("conf/mesh.conf", "mesh {\n  storage.leases.postgres {\n    url = \"postgres://h/db\"\n    password-env = \"my secret\"\n  }\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .hasMessageContaining("mesh.conf:3: mesh.storage.leases.postgres.url: must be a PostgreSQL JDBC URL")
        .hasMessageContaining("mesh.conf:4: mesh.storage.leases.postgres.password-env: must name an environment variable");
    // Without any setting: lock files under a local warehouse.
    write("conf/mesh.conf", "mesh { }\n");
    assertThat(new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly().leases()).isEqualTo(LeaseConfig.DEFAULT);
  }

  @Test
  void rejectsUnknownPlatformKeys() throws IOException {
    write("conf/mesh.conf", "mesh {\n  warehous = x\n}\n");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), new Properties()).loadPlatformOnly())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mesh.conf:2: mesh.warehous: unknown key (did you mean 'warehouse'?)");
  }

  @Test
  void processSettingsAreNotPlatformKeysButATypoStillIs() throws IOException {
    write("conf/mesh.conf", "mesh { parallelism = 3 }\n");
    Properties sys = new Properties();
    sys.setProperty("mesh.verbose", "true");
    sys.setProperty("mesh.log.stderr", "warn");
    assertThat(new MeshConfigLoader(home, Map.of(), sys).loadPlatformOnly().parallelism()).isEqualTo(3);

    sys.setProperty("mesh.verbos", "true");
    // Named as set: on the command line, not in conf/mesh.conf, which does not hold it.
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), sys).loadPlatformOnly())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("  - -Dmesh.* system properties: mesh.verbos: unknown key")
        .hasMessageNotContaining("mesh.conf");
  }

  @Test
  void aValueSetWithDashDOrAVariableIsNamedAsSetNotAsALineOfMeshConf() throws IOException {
    write("conf/mesh.conf", "mesh { parallelism = 3 }\n");
    Properties source = new Properties();
    source.setProperty("mesh.sources.tpch.text-pool-m", "8");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of(), source).loadPlatformOnly())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("  - -Dmesh.* system properties: mesh.sources.tpch.text-pool-m: unknown key (did you mean 'text-pool-mb'?)");
    assertThatThrownBy(() -> new MeshConfigLoader(home, Map.of("MESH_SQL_CHECK", "later"), new Properties()).loadPlatformOnly())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("  - MESH_* environment variables: mesh.sql-check: must be load or run, got 'later'");
  }

  @Test
  void loadsProductsFromExtraDirectories() throws IOException {
    Path other = Files.createDirectories(home.resolve("other-repo/conf/ops"));
    Files.writeString(
        other.resolve("x.conf"),
        """
        product {
          id = ops.x
          version = "1.0.0"
          owner { team = ops, contact = "o@example.com" }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id = bigint }
        }
        """);
    Files.createDirectories(home.resolve("conf"));
    MeshConfig config =
        new MeshConfigLoader(home, Map.of("MESH_CONF_PATH", home.resolve("other-repo/conf").toString()), new Properties())
            .load();
    assertThat(config.products().keySet()).extracting(ProductId::toString).containsExactly("ops.x");
  }

  @Test
  void unknownProductSuggestsCloseNames() throws IOException {
    write("conf/sales/domain.conf", "domain { owner { team = sales, contact = \"s@example.com\" } }");
    write("conf/sales/orders.conf", ORDERS);
    MeshConfig config = load();
    assertThatThrownBy(() -> config.product("sales.order"))
        .hasMessageContaining("Unknown data product 'sales.order'")
        .hasMessageContaining("Did you mean sales.orders?");
  }
}
