package dev.mesh.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Visibility levels and deprecation, as seen by readers in the owning domain and in other domains. */
class AccessTest {
  @TempDir Path home;

  private GovernedMesh meshWith(String ownerExtra) {
    return new GovernedMesh(home)
        .product("crm.people", "owner { team = crm-data, contact = \"crm@example.com\" }\n" + ownerExtra)
        .product("crm.own_reader", "inputs { p = crm.people }")
        .product("sales.reader", "inputs { p = crm.people }")
        .product("finance.reader", "inputs { p = crm.people }");
  }

  private static List<String> access(List<Violation> vs) {
    return vs.stream().filter(v -> v.policy().equals("access")).map(v -> v.message() + " | " + v.fix()).toList();
  }

  @Test
  void publicIsReadableByEveryDomain() {
    GovernedMesh mesh = meshWith("visibility = public");
    assertThat(mesh.violations("sales.reader")).isEmpty();
    assertThat(mesh.violations("crm.own_reader")).isEmpty();
  }

  @Test
  void internalIsReadableByTheOwningDomainAndListedConsumersOnly() {
    GovernedMesh mesh = meshWith("visibility = internal\nconsumers = [sales]");
    assertThat(mesh.violations("crm.own_reader")).isEmpty();
    assertThat(mesh.violations("sales.reader")).isEmpty();
    List<Violation> refused = mesh.violations("finance.reader");
    assertThat(access(refused))
        .containsExactly(
            "input 'p' (crm.people) is internal to domain crm and consumers sales; finance may not read it | ask its "
                + "owner crm-data (crm@example.com) to list finance in its consumers ("
                + refused.get(0).fix().replaceAll(".*\\((\\S*people.conf:\\d+)\\).*", "$1")
                + "), or remove input 'p'");
    assertThat(refused.get(0).blocking()).isTrue();
    // The reader's input line (17: GovernedMesh's extra lines); the fix names where the owner lists its consumers.
    assertThat(refused.get(0).origin().toString()).endsWith("conf/finance/reader.conf:17");
    assertThat(refused.get(0).fix()).contains("conf/crm/people.conf:19)");
  }

  @Test
  void privateIsReadableByTheOwningDomainOnly() {
    GovernedMesh mesh = meshWith("visibility = private");
    assertThat(mesh.violations("crm.own_reader")).isEmpty();
    assertThat(access(mesh.violations("sales.reader")))
        .singleElement()
        .asString()
        .startsWith("input 'p' (crm.people) is private to domain crm; sales may not read it | ask its owner crm-data "
            + "(crm@example.com) to make it internal and list sales in consumers");
  }

  @Test
  void aDeprecatedInputWarnsUntilItsDateAndFailsAfter() {
    GovernedMesh mesh = meshWith("deprecated-after = \"2024-06-01\"");
    List<Violation> onTheDay = mesh.violations("sales.reader");
    assertThat(onTheDay).singleElement().satisfies(v -> {
      assertThat(v.policy()).isEqualTo("deprecated-input");
      assertThat(v.blocking()).isFalse();
      assertThat(v.message()).isEqualTo("input 'p' (crm.people) is deprecated: it may be read until 2024-06-01 (deprecated-after)");
      assertThat(v.origin().toString()).endsWith("conf/sales/reader.conf:17");
    });
    mesh.product("crm.people", "deprecated-after = \"2024-05-31\"");
    assertThat(mesh.violations("sales.reader")).singleElement().satisfies(v -> {
      assertThat(v.blocking()).isTrue();
      // The date exactly as declared: 2024-05-31 was its last day.
      assertThat(v.message()).isEqualTo("input 'p' (crm.people) was deprecated after 2024-05-31 (deprecated-after) and may no longer be read");
    });
  }
}
