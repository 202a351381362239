package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh validate} on the demo mesh and on a mesh that breaks policies (no Spark: no catalog to compare). */
class ValidateCommandTest {
  @TempDir Path home;

  private record Outcome(int code, String out) {}

  private static Outcome validate(Path meshHome, String... args) {
    String before = System.getProperty("mesh.home");
    PrintStream stdout = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setProperty("mesh.home", meshHome.toString());
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      String[] all = new String[args.length + 1];
      all[0] = "validate";
      System.arraycopy(args, 0, all, 1, args.length);
      int code = MeshCli.execute(all);
      return new Outcome(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      if (before == null) {
        System.clearProperty("mesh.home");
      } else {
        System.setProperty("mesh.home", before);
      }
    }
  }

  private void write(String relative, String content) throws IOException {
    Path p = home.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void anUnhandledPiiColumnFailsWithFileLineAndFix() throws IOException {
    write("conf/mesh.conf", "mesh { warehouse = \"" + home.resolve("wh") + "\" }\n");
    write("conf/governance.conf", dev.mesh.governance.GovernedMesh.fixture("governance.conf"));
    write("conf/shop/orders.conf", """
        product {
          id = shop.orders
          description = "Every order of the shop, one row per order."
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id { type = bigint, nullable = false }, email { type = string, pii = true } }
          sla { freshness = 26h, rules = [ { rule = unique, columns = [id] } ] }
        }
        """);
    Outcome text = validate(home);
    assertThat(text.code()).isEqualTo(2);
    assertThat(text.out())
        // The column's line (the schema's, line 8), where pii-handling goes.
        .contains("ERROR [pii-handling] shop.orders (" + home.resolve("conf/shop/orders.conf") + ":8)\n"
            + "  PII column 'email' declares no pii-handling (mask, hash or drop)\n"
            + "  fix: Add pii-handling = mask | hash | drop to the column")
        .contains("ERROR [pii-not-public] shop.orders")
        .endsWith("FAILED: 1 product, 2 errors, 0 warnings.\n");

    JsonNode json = new ObjectMapper().readTree(validate(home, "--format", "json").out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("errors").asInt()).isEqualTo(2);
    JsonNode first = json.at("/violations/0");
    assertThat(first.get("policy").asText()).isEqualTo("pii-handling");
    assertThat(first.get("file").asText()).endsWith("conf/shop/orders.conf");
    assertThat(first.get("line").asInt()).isEqualTo(8);
  }

  @Test
  void aMissingOwnerFailsWithFileAndLineInJson() throws IOException {
    write("conf/mesh.conf", "mesh { warehouse = \"" + home.resolve("wh") + "\" }\n");
    write("conf/shop/orders.conf", """
        product {
          id = shop.orders
          version = "1.0.0"
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id { type = bigint, nullable = false } }
        }
        """);
    Outcome o = validate(home, "--format", "json");
    assertThat(o.code()).isEqualTo(2);
    JsonNode v = new ObjectMapper().readTree(o.out()).at("/violations/0");
    assertThat(v.get("key").asText()).isEqualTo("product.owner");
    assertThat(v.get("file").asText()).endsWith("conf/shop/orders.conf");
    assertThat(v.get("line").asInt()).isEqualTo(1);
    assertThat(v.get("message").asText()).startsWith("is required (team and contact)");
  }

  @Test
  void aMissingTransformClassAndSqlThatDoesNotParseAreConfigProblemsWithFileAndLine() throws IOException {
    write("conf/mesh.conf", "mesh { warehouse = \"" + home.resolve("wh") + "\" }\n");
    write("conf/shop/orders.conf", """
        product {
          id = shop.orders
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          transform.class = "dev.mesh.testing.Transforms.Numbers"
          output { format = delta }
          schema { id { type = bigint, nullable = false } }
        }
        """);
    write("conf/shop/totals.conf", """
        product {
          id = shop.totals
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          inputs { orders = shop.orders }
          transform.sql = totals.sql
          output { format = delta }
          schema { id { type = bigint, nullable = false } }
        }
        """);
    write("conf/shop/totals.sql", "SELECT id FROM orders WHERE id >");

    Cli.Result text = Cli.run(home, "validate");
    assertThat(text.exitCode()).isEqualTo(2);
    assertThat(text.err())
        .contains("mesh: 2 configuration problems:")
        .contains(home.resolve("conf/shop/orders.conf") + ":5: product.transform.class: class"
            + " dev.mesh.testing.Transforms.Numbers is not on the classpath. Did you mean dev.mesh.testing.Transforms$Numbers?")
        .contains(home.resolve("conf/shop/totals.conf") + ":6: product.transform.sql: " + home.resolve("conf/shop/totals.sql")
            + " does not parse: [PARSE_SYNTAX_ERROR] Syntax error at or near end of input. (line 1, pos 32)")
        .doesNotContain("== SQL ==");

    Outcome json = validate(home, "--format", "json");
    assertThat(json.code()).isEqualTo(2);
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertThat(root.get("errors").asInt()).isEqualTo(2);
    JsonNode cls = root.at("/violations/0");
    assertThat(cls.get("policy").asText()).isEqualTo("config");
    assertThat(cls.get("key").asText()).isEqualTo("product.transform.class");
    assertThat(cls.get("file").asText()).endsWith("conf/shop/orders.conf");
    assertThat(cls.get("line").asInt()).isEqualTo(5);
    assertThat(cls.get("message").asText()).startsWith("class dev.mesh.testing.Transforms.Numbers is not on the classpath.");
    JsonNode sql = root.at("/violations/1");
    assertThat(sql.get("key").asText()).isEqualTo("product.transform.sql");
    assertThat(sql.get("file").asText()).endsWith("conf/shop/totals.conf");
    assertThat(sql.get("line").asInt()).isEqualTo(6);
    assertThat(sql.get("message").asText()).contains("totals.sql does not parse: [PARSE_SYNTAX_ERROR]");
  }

  @Test
  void aMistakeInATransformsUnitTestsIsAConfigProblemWithFileAndLine() throws IOException {
    write("conf/mesh.conf", "mesh { warehouse = \"" + home.resolve("wh") + "\" }\n");
    write("conf/shop/orders.conf", """
        product {
          id = shop.orders
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          description = "One row per order, with its id: what the shop sold."
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id { type = bigint, nullable = false } }
          sla { freshness = 26h, rules = [ { rule = unique, columns = [id] } ] }
        }
        """);
    write("jobs/shop/tests/orders.conf", "tests {\n  t {\n    date = 2024-03-01\n    expect = [ { id = 1 } ]\n    given { x = [] }\n  }\n}\n");

    Cli.Result text = Cli.run(home, "validate");
    assertThat(text.exitCode()).as(text.out() + text.err()).isEqualTo(2);
    assertThat(text.err()).contains("mesh: 1 configuration problem:")
        .contains(home.resolve("jobs/shop/tests/orders.conf") + ":5: tests.t.given.x: not an input of shop.orders; its inputs: none");

    Outcome json = validate(home, "--format", "json");
    assertThat(json.code()).isEqualTo(2);
    JsonNode v = new ObjectMapper().readTree(json.out()).at("/violations/0");
    assertThat(v.get("policy").asText()).isEqualTo("config");
    assertThat(v.get("key").asText()).isEqualTo("tests.t.given.x");
    assertThat(v.get("line").asInt()).isEqualTo(5);

    write("jobs/shop/tests/orders.conf", "tests { t { date = 2024-03-01, expect = [ { id = 1 } ] } }\n");
    Cli.Result ok = Cli.run(home, "validate");
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
  }

  @Test
  void analyzePlansEachSqlTransformAgainstItsInputsColumnsWithNoData() throws IOException {
    write("conf/mesh.conf", "mesh { warehouse = \"" + home.resolve("wh") + "\" }\n");
    write("conf/shop/orders.conf", """
        product {
          id = shop.orders
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          transform.class = "dev.mesh.testing.Transforms$Numbers"
          output { format = delta }
          schema { id = bigint, day = date, value = bigint }
        }
        """);
    write("conf/shop/totals.conf", """
        product {
          id = shop.totals
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          inputs { orders = shop.orders }
          transform.sql = totals.sql
          output { format = delta }
          schema { day = date, total = bigint }
        }
        """);
    write("conf/shop/totals.sql", "SELECT day, SUM(valu) AS total\nFROM orders GROUP BY day");
    // A source with nothing landed for the date cannot be planned against: said, not an error.
    write("conf/shop/landed.conf", """
        product {
          id = shop.landed
          version = "1.0.0"
          owner { team = shop, contact = "shop@example.com" }
          inputs { raw { source = files, format = csv, header = true, path = "%s/{date}/*.csv" } }
          transform.sql = landed.sql
          output { format = delta }
          schema { id = string }
        }
        """.formatted(home.resolve("landing")));
    write("conf/shop/landed.sql", "SELECT id FROM raw");

    // The SQL parses: only planning it against shop.orders' contract finds the misspelt column.
    assertThat(validate(home).code()).isEqualTo(0);
    Outcome analyzed = validate(home, "--analyze", "--date", "2024-05-07");
    assertThat(analyzed.code()).isEqualTo(2);
    assertThat(analyzed.out())
        .contains("Analyzed 1 of 2 SQL transforms with no data: 1 does not resolve or breaks its contract"
            + " (1 Java transform is checked when it runs).")
        .contains("  not analyzed: shop.landed: Cannot run shop.landed for 2024-05-07: input 'raw' has no files")
        .contains("ERROR [analyze] shop.totals (" + home.resolve("conf/shop/totals.conf") + ":6)") // its transform.sql line
        .contains("SQL transform " + home.resolve("conf/shop/totals.sql") + " does not resolve: [UNRESOLVED_COLUMN")
        .contains("`valu`")
        .contains("(line 1, pos 16)")
        .contains("FAILED: 3 products, 1 error, 0 warnings.");
    JsonNode json = new ObjectMapper().readTree(validate(home, "--analyze", "--date", "2024-05-07", "--format", "json").out());
    assertThat(json.at("/violations/0/policy").asText()).isEqualTo("analyze");
    assertThat(json.at("/violations/0/message").asText()).contains("totals.sql does not resolve: [UNRESOLVED_COLUMN");
    assertThat(json.at("/not_analyzed/shop.landed").asText()).contains("input 'raw' has no files");
    assertThat(new ObjectMapper().readTree(validate(home, "--format", "json").out()).has("not_analyzed")).isFalse();

    write("conf/shop/totals.sql", "SELECT day, SUM(value) AS total\nFROM orders GROUP BY day");
    Outcome fixed = validate(home, "--analyze", "--date", "2024-05-07");
    assertThat(fixed.code()).as(fixed.out()).isEqualTo(0);
    assertThat(fixed.out()).contains("Analyzed 1 of 2 SQL transforms with no data: 0 do not resolve or break their contracts");
  }
}
