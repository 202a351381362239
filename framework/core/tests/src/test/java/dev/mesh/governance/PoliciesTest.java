package dev.mesh.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each policy of the demo's governance.conf, passing and failing, checked on its message, origin and fix. */
class PoliciesTest {
  @TempDir Path home;

  private List<String> messages(List<Violation> vs, String policy) {
    return vs.stream().filter(v -> v.policy().equals(policy)).map(Violation::message).toList();
  }

  /**
   * Where each violation of {@code policy} points: file name and line. {@link GovernedMesh#compliant} declares the
   * product on lines 1-16 (id on 2, schema from 8, sla from 13) and puts the test's extra lines from line 17.
   */
  private List<String> lines(List<Violation> vs, String policy) {
    return vs.stream()
        .filter(v -> v.policy().equals(policy))
        .map(v -> Path.of(v.origin().file()).getFileName() + ":" + v.origin().line())
        .toList();
  }

  @Test
  void aCompliantProductHasNoViolations() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "");
    assertThat(mesh.violations("shop.orders")).isEmpty();
    assertThat(mesh.load().governance().global()).extracting(PolicySpec::id)
        .contains("owner-contact", "description", "error-quality-rule", "freshness-sla", "naming", "output-format",
            "pii-handling", "pii-not-public");
  }

  @Test
  void ownerContactMustBeReachable() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "owner { team = \"\", contact = \"nobody\" }");
    List<Violation> vs = mesh.violations("shop.orders");
    assertThat(messages(vs, "owner-contact"))
        .containsExactly("owner.team is empty", "owner.contact 'nobody' is neither an e-mail address nor a URL");
    Violation v = vs.get(0);
    assertThat(v.blocking()).isTrue();
    // At the line of the key it is about (the owner declared on line 17 replaces the compliant one of line 5).
    assertThat(v.origin().toString()).endsWith("conf/shop/orders.conf:17");
    assertThat(lines(vs, "owner-contact")).containsExactly("orders.conf:17", "orders.conf:17");
    // Declared by the domain (the product declares none): the domain.conf's line.
    String ownerless = GovernedMesh.compliant("shop.orders", "").replaceFirst("\\s*owner \\{[^}]*}", "");
    assertThat(ownerless).doesNotContain("owner");
    mesh.write("conf/shop/orders.conf", ownerless);
    mesh.write("conf/shop/domain.conf", "domain {\n  owner { team = shop, contact = nobody }\n}");
    assertThat(lines(mesh.violations("shop.orders"), "owner-contact")).containsExactly("domain.conf:2");
    assertThat(v.fix()).contains("owner { team = ..., contact");
  }

  @Test
  void descriptionIsRequiredAndLongEnough() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "description = \"too short\"");
    assertThat(messages(mesh.violations("shop.orders"), "description"))
        .containsExactly("description is 9 characters, shorter than the required 20");
    assertThat(lines(mesh.violations("shop.orders"), "description")).containsExactly("orders.conf:17");
    mesh.product("shop.orders", "description = \"\"");
    assertThat(messages(mesh.violations("shop.orders"), "description")).containsExactly("has no description");
  }

  @Test
  void anErrorQualityRuleAndAFreshnessSlaAreRequired() {
    GovernedMesh mesh =
        new GovernedMesh(home).product("shop.orders", "sla = null\nsla { rules = [ { rule = row-count, min = 1, severity = warn } ] }");
    List<Violation> vs = mesh.violations("shop.orders");
    assertThat(messages(vs, "error-quality-rule")).containsExactly("has no quality rule of severity error (1 rule)");
    assertThat(messages(vs, "freshness-sla")).containsExactly("declares no freshness SLA (sla.freshness)");
    // The rules at their line; the missing freshness at the sla block it belongs in.
    assertThat(lines(vs, "error-quality-rule")).containsExactly("orders.conf:18");
    assertThat(lines(vs, "freshness-sla")).containsExactly("orders.conf:18");
    // The SLA dropped altogether: both at the line that dropped it, not at the product's first line.
    mesh.product("shop.orders", "sla = null");
    vs = mesh.violations("shop.orders");
    assertThat(messages(vs, "error-quality-rule")).containsExactly("has no quality rule of severity error (0 rules)");
    assertThat(lines(vs, "error-quality-rule")).containsExactly("orders.conf:17");
    assertThat(lines(vs, "freshness-sla")).containsExactly("orders.conf:17");
  }

  @Test
  void namingWantsSnakeCaseAndTheDomainsDirectoryAndFile() {
    GovernedMesh mesh = new GovernedMesh(home);
    mesh.write("conf/other/misplaced.conf", GovernedMesh.compliant("shop.orders", "schema { totalPrice = bigint }"));
    List<String> naming = messages(mesh.violations("shop.orders"), "naming");
    assertThat(naming)
        .containsExactly(
            "column 'totalPrice' is not snake_case",
            "id shop.orders is not prefixed by the domain of its directory 'other' (declare it in conf/shop/)",
            "file misplaced.conf is not named after the product (orders.conf)");
    assertThat(lines(mesh.violations("shop.orders"), "naming"))
        .containsExactly("misplaced.conf:17", "misplaced.conf:2", "misplaced.conf:2");
  }

  @Test
  void outputFormatMustBeAllowedAndADomainMayNarrowTheList() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "output.format = iceberg");
    assertThat(mesh.violations("shop.orders")).isEmpty();
    mesh.write("conf/shop/domain.conf", "domain { policies { output-format { allowed = [delta] } } }");
    assertThat(messages(mesh.violations("shop.orders"), "output-format"))
        .containsExactly("output format iceberg is not allowed (allowed: delta)");
    assertThat(lines(mesh.violations("shop.orders"), "output-format")).containsExactly("orders.conf:17");
  }

  @Test
  void piiColumnsDeclareHandlingAndUnhandledPiiIsNotPublic() {
    String pii = "schema.email { type = string, pii = true }";
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", pii);
    List<Violation> vs = mesh.violations("shop.orders");
    assertThat(messages(vs, "pii-handling"))
        .containsExactly("PII column 'email' declares no pii-handling (mask, hash or drop)");
    assertThat(messages(vs, "pii-not-public")).containsExactly("is public but PII columns email have no pii-handling");
    assertThat(lines(vs, "pii-handling")).containsExactly("orders.conf:17");
    // Public by default: at the column; public by declaration: at that line.
    assertThat(lines(vs, "pii-not-public")).containsExactly("orders.conf:17");
    mesh.product("shop.orders", pii + "\nvisibility = public");
    assertThat(lines(mesh.violations("shop.orders"), "pii-not-public")).containsExactly("orders.conf:18");

    mesh.product("shop.orders", pii + "\nvisibility = private");
    assertThat(messages(mesh.violations("shop.orders"), "pii-not-public")).isEmpty();

    mesh.product("shop.orders", "schema.email { type = string, pii = true, pii-handling = hash }");
    assertThat(mesh.violations("shop.orders")).isEmpty();
    assertThat(mesh.load().product("shop.orders").schema().column("email").orElseThrow().piiHandling())
        .isEqualTo(dev.mesh.model.PiiHandling.HASH);
  }

  @Test
  void aDomainMayTightenAPolicyForItsProductsOnly() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "").product("crm.people", "");
    mesh.write("conf/shop/domain.conf", "domain { policies { description { min-length = 200 } } }");
    assertThat(messages(mesh.violations("shop.orders"), "description"))
        .containsExactly("description is 56 characters, shorter than the required 200");
    assertThat(mesh.violations("crm.people")).isEmpty();
  }

  @Test
  void aWarnPolicyReportsWithoutBlocking() {
    GovernedMesh mesh = new GovernedMesh(home).product("shop.orders", "description = short");
    mesh.write("conf/governance.conf",
        "governance.policies.description { description = d, severity = warn, min-length = 20, fix = f }");
    List<Violation> vs = mesh.violations("shop.orders");
    assertThat(vs).hasSize(1);
    assertThat(vs.get(0).blocking()).isFalse();
    assertThat(vs.get(0).toString()).contains("warn [description] shop.orders: description is 5 characters");
  }
}
