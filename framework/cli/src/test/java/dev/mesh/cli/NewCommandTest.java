package dev.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.governance.GovernedMesh;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.TestSpark;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh new}: the files it writes validate and run as written (the contract it takes from an input is the one
 * the run reads, through the input's port), governance still asks for what only the engineer can write, and a request
 * it cannot honour writes nothing.
 */
class NewCommandTest {
  @TempDir Path home;
  TestMesh mesh;

  private static final String AGGREGATOR = """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <parent>
          <groupId>org.example</groupId>
          <artifactId>shop-parent</artifactId>
          <version>2.1.0</version>
        </parent>
        <artifactId>shop-jobs</artifactId>
        <packaging>pom</packaging>
        <modules>
          <module>nsrc</module>
          <module>demo</module>
        </modules>
      </project>
      """;

  @BeforeEach
  void aMeshWithAProductThatHasPii() {
    TestSpark.session();
    mesh = new TestMesh(home);
    mesh.write("conf/governance.conf", GovernedMesh.fixture("governance.conf"));
    mesh.write("jobs/pom.xml", AGGREGATOR);
    mesh.write("jobs/nsrc/pom.xml", "<project/>");
    mesh.write("conf/nsrc/people.conf", """
        product {
          id = nsrc.people
          description = "People of the new-command test, one row per person"
          version = "1.0.0"
          owner { team = src, contact = "src@example.com" }
          transform.sql = people.sql
          output { format = delta }
          schema {
            id    { type = bigint, nullable = false }
            email { type = string, nullable = false, pii = true, pii-handling = hash }
            phone { type = string, pii = true, pii-handling = drop }
            score { type = int, nullable = false, description = "How much they buy" }
          }
          sla { freshness = 26h, rules = [ { rule = unique, columns = [id] } ] }
        }
        """);
    mesh.write("conf/nsrc/people.sql",
        "SELECT CAST(id AS BIGINT) AS id, email, phone, score FROM VALUES (1, 'ada@example.com', '555', 7), (2, 'bob@example.com', NULL, 3) AS t(id, email, phone, score)");
  }

  @Test
  void aProductInANewDomainValidatesAndRunsAsWrittenReadingItsInputsPort() throws Exception {
    assertThat(Cli.run(home, "run", "nsrc.people", "--date", "2024-05-01").exitCode()).isZero();

    // A new domain needs its owner: refused before anything is written.
    Cli.Result noOwner = Cli.run(home, "new", "nuse.reach", "--input", "people=nsrc.people");
    assertThat(noOwner.exitCode()).isEqualTo(2);
    assertThat(noOwner.err()).contains("Domain nuse is new here: name its owner with --owner TEAM --contact EMAIL");
    assertThat(home.resolve("conf/nuse")).doesNotExist();
    assertThat(home.resolve("jobs/nuse")).doesNotExist();

    Cli.Result made = Cli.run(home, "new", "nuse.reach", "--input", "people=nsrc.people", "--owner", "growth", "--contact", "growth@example.com");
    assertThat(made.exitCode()).as(made.err()).isZero();
    assertThat(made.out())
        .contains("New product nuse.reach:")
        .containsPattern("wrote   \\S*conf/nuse/domain.conf\\s+what the domain's products share")
        .containsPattern("wrote   \\S*conf/nuse/reach.conf\\s+its declaration")
        .containsPattern("wrote   \\S*jobs/nuse/sql/reach.sql\\s+its transform")
        .containsPattern("wrote   \\S*jobs/nuse/tests/reach.conf\\s+its unit test \\(bin/mesh test nuse.reach\\)")
        .containsPattern("wrote   \\S*jobs/nuse/pom.xml\\s+the domain's job module \\(builds target/mesh-jobs-nuse.jar\\)")
        .containsPattern("changed \\S*jobs/pom.xml: <module>nuse</module>")
        .contains("1. describe it: description in ");
    assertThat(Files.readString(home.resolve("conf/nuse/domain.conf"))).contains("owner { team = growth, contact = \"growth@example.com\" }");
    // The module is listed before demo's, in the aggregator's own indentation; its POM names the aggregator as parent.
    assertThat(Files.readString(home.resolve("jobs/pom.xml")))
        .isEqualTo(AGGREGATOR.replace("    <module>demo</module>", "    <module>nuse</module>\n    <module>demo</module>"));
    assertThat(Files.readString(home.resolve("jobs/nuse/pom.xml")))
        .contains("<groupId>org.example</groupId>\n    <artifactId>shop-jobs</artifactId>\n    <version>2.1.0</version>")
        .contains("<artifactId>shop-jobs-nuse</artifactId>")
        .contains("<mesh.domain>nuse</mesh.domain>");
    // The contract is the port's: the dropped column is not there, the hashed one is a string.
    String conf = Files.readString(home.resolve("conf/nuse/reach.conf"));
    assertThat(conf)
        .contains("email { type = string, nullable = false }")
        .contains("score { type = int, nullable = false, description = \"How much they buy\" }")
        .doesNotContain("phone")
        .doesNotContain("pii");

    // What only the engineer can write is still asked for by governance.
    Cli.Result undescribed = Cli.run(home, "validate");
    assertThat(undescribed.exitCode()).isEqualTo(2);
    assertThat(undescribed.out()).contains("ERROR [description] nuse.reach (").contains("FAILED: 2 products, 1 error, 0 warnings");

    Files.writeString(home.resolve("conf/nuse/reach.conf"),
        conf.replaceFirst("description = \"\".*\n", "description = \"People growth may reach, one row per person\"\n"));
    Cli.Result analyzed = Cli.run(home, "validate", "--analyze");
    assertThat(analyzed.exitCode()).as(analyzed.out() + analyzed.err()).isZero();
    assertThat(analyzed.out()).contains("Analyzed 2 of 2 SQL transforms with no data: 0 do not resolve or break their contracts");

    // Its unit test passes as written: one column of the port given and expected.
    assertThat(Files.readString(home.resolve("jobs/nuse/tests/reach.conf")))
        .contains("given {\n      people = [ { id = 1 } ]\n    }\n    expect = [ { id = 1 } ]");
    Cli.Result tested = Cli.run(home, "test", "nuse.reach");
    assertThat(tested.exitCode()).as(tested.out() + tested.err()).isZero();
    assertThat(tested.out()).contains("PASS  nuse.reach: returns-what-it-reads (1 row, ");

    Cli.Result run = Cli.run(home, "run", "nuse.reach", "--date", "2024-05-01");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    Cli.Result rows = Cli.run(home, "sql", "select id, email, score from nuse.reach order by id", "--format", "csv");
    assertThat(rows.out().lines().toList()).hasSize(3).first().isEqualTo("id,email,score");
    assertThat(rows.out()).contains("\n1,").contains(",7\n").doesNotContain("ada@example.com");
  }

  @Test
  void aJavaTransformCompilesAgainstTheApiAndRuns() throws Exception {
    // nsrc's products name their owner themselves (it has no domain.conf): so does the new one.
    Cli.Result ownerless = Cli.run(home, "new", "nsrc.daily", "--java");
    assertThat(ownerless.exitCode()).isEqualTo(2);
    assertThat(ownerless.err()).contains("Products of domain nsrc name their owner themselves")
        .contains("name nsrc.daily's with --owner TEAM --contact EMAIL");
    Cli.Result made = Cli.run(home, "new", "nsrc.daily", "--java", "--format", "iceberg", "--owner", "src", "--contact", "src@example.com",
        "--description", "One row per \"logical date\", to start from");
    assertThat(made.exitCode()).as(made.err()).isZero();
    Path source = home.resolve("jobs/nsrc/src/main/java/dev/mesh/jobs/nsrc/Daily.java");
    assertThat(made.out()).containsPattern("wrote   \\S*jobs/nsrc/src/main/java/dev/mesh/jobs/nsrc/Daily.java\\s+its transform")
        .doesNotContain("describe it").doesNotContain("jobs/pom.xml");
    assertThat(Files.readString(home.resolve("conf/nsrc/daily.conf")))
        .contains("transform.class = dev.mesh.jobs.nsrc.Daily")
        .contains("owner { team = src, contact = \"src@example.com\" }")
        .contains("description = \"One row per \\\"logical date\\\", to start from\"")
        .contains("output { format = iceberg, mode = overwrite }")
        .contains("logical_date { type = date, nullable = false");

    Path classes = Files.createDirectories(home.resolve("classes"));
    int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-d", classes.toString(), "-cp", System.getProperty("java.class.path"), source.toString());
    assertThat(compiled).as("javac of " + source).isZero();

    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader withDomain = new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
      Thread.currentThread().setContextClassLoader(withDomain);
      Cli.Result valid = Cli.run(home, "validate");
      assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();
      Cli.Result tested = Cli.run(home, "test", "nsrc.daily");
      assertThat(tested.exitCode()).as(tested.out() + tested.err()).isZero();
      assertThat(tested.out()).contains("PASS  nsrc.daily: returns-the-logical-date (1 row, ");
      Cli.Result run = Cli.run(home, "run", "nsrc.daily", "--date", "2024-05-03");
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(Cli.run(home, "sql", "select logical_date from nsrc.daily", "--format", "csv").out())
          .isEqualTo("logical_date\n2024-05-03\n");
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  @Test
  void whatCannotBecomeAProductIsRefusedAndNothingIsWritten() throws Exception {
    List<String> before = files();

    Cli.Result taken = Cli.run(home, "new", "nsrc.people");
    assertThat(taken.exitCode()).isEqualTo(2);
    assertThat(taken.err()).contains("Product nsrc.people is already declared at ").contains("conf/nsrc/people.conf:1");

    Cli.Result typo = Cli.run(home, "new", "nsrc.friends", "--input", "p=nsrc.peple");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("nsrc.peple").contains("nsrc.people");

    // Another domain's private product: refused as the access policy would refuse the run, naming whom to ask.
    mesh.write("conf/nsrc/secrets.conf", Files.readString(home.resolve("conf/nsrc/people.conf"))
        .replace("nsrc.people", "nsrc.secrets").replace("transform.sql", "visibility = private\n  transform.sql"));
    before = files();
    Cli.Result privateInput = Cli.run(home, "new", "nuse.reach", "--input", "s=nsrc.secrets", "--owner", "growth", "--contact", "g@example.com");
    assertThat(privateInput.exitCode()).isEqualTo(2);
    assertThat(privateInput.err())
        .contains("Input 's' (nsrc.secrets) is private to domain nsrc; nuse may not read it: ask its owner src (src@example.com) to make it"
            + " internal and list nuse in consumers (");
    assertThat(files()).isEqualTo(before);

    Cli.Result badId = Cli.run(home, "new", "Shop.Orders");
    assertThat(badId.exitCode()).isEqualTo(2);
    assertThat(badId.err()).contains("Invalid product id 'Shop.Orders': expected <domain>.<name> in lower snake_case");

    Cli.Result halfOwner = Cli.run(home, "new", "nsrc.friends", "--owner", "growth");
    assertThat(halfOwner.exitCode()).isEqualTo(2);
    assertThat(halfOwner.err()).contains("--owner and --contact go together");

    mesh.write("jobs/nsrc/sql/friends.sql", "SELECT 1 AS hand_written");
    before = files();
    Cli.Result exists = Cli.run(home, "new", "nsrc.friends", "--input", "p=nsrc.people", "--owner", "src", "--contact", "src@example.com");
    assertThat(exists.exitCode()).isEqualTo(2);
    assertThat(exists.err()).contains("jobs/nsrc/sql/friends.sql exists already: nothing was written");
    assertThat(files()).isEqualTo(before);
    assertThat(Files.readString(home.resolve("jobs/nsrc/sql/friends.sql"))).isEqualTo("SELECT 1 AS hand_written");

    // A product governance would refuse as written (here a platform that allows Delta only): undone, the aggregator
    // POM it had listed the new module in too; each policy named with the option that broke it.
    String governance = Files.readString(home.resolve("conf/governance.conf"));
    mesh.write("conf/governance.conf", governance.replace("allowed = [delta, iceberg]", "allowed = [delta]"));
    before = files();
    String aggregator = Files.readString(home.resolve("jobs/pom.xml"));
    Cli.Result refused = Cli.run(home, "new", "nshort.first", "--input", "p=nsrc.people", "--owner", "s", "--contact", "s@example.com",
        "--description", "Too short", "--format", "iceberg");
    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
    assertThat(refused.err())
        .contains("Governance refuses nshort.first as it would be written; nothing was written:\n"
            + "  [description] description is 9 characters, shorter than the required 20 (--description). Fix: ")
        .contains("\n  [output-format] output format iceberg is not allowed (allowed: delta) (--format). Fix: ");
    assertThat(files()).isEqualTo(before);
    assertThat(Files.readString(home.resolve("jobs/pom.xml"))).isEqualTo(aggregator);
    mesh.write("conf/governance.conf", governance);

    // A project without an aggregator POM to list a module in: the product is written, the module is left to do.
    Files.delete(home.resolve("jobs/pom.xml"));
    Cli.Result moduleless = Cli.run(home, "new", "nlone.first", "--owner", "lone", "--contact", "lone@example.com",
        "--description", "The first product of a domain built elsewhere");
    assertThat(moduleless.exitCode()).as(moduleless.err()).isZero();
    assertThat(moduleless.out()).contains("1. give domain nlone its job module by hand (README, \"A new domain\")")
        .doesNotContain("changed");
    assertThat(home.resolve("conf/nlone/first.conf")).exists();
    assertThat(home.resolve("jobs/nlone/pom.xml")).doesNotExist();
  }

  private List<String> files() throws Exception {
    try (var s = Files.walk(home)) {
      return s.filter(p -> !p.startsWith(home.resolve("warehouse"))).map(p -> home.relativize(p).toString()).sorted().toList();
    }
  }
}
