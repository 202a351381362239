package dev.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.model.ProductId;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which products a branch's changed files touch ({@code --changed-since}), file kind by file kind; no Spark. */
class ChangedProductsTest {
  @TempDir Path home;

  private MeshConfig mesh() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write("conf/shop/a.conf", Products.reading("shop.a", "", "transform.sql = a.sql", "x { type = int }"));
    mesh.write("jobs/shop/sql/a.sql", "SELECT 1 AS x");
    mesh.write("conf/shop/b.conf", Products.reading("shop.b", "",
        "transform.class = \"" + Transforms.Numbers.class.getName() + "\"", "id { type = bigint }"));
    mesh.write("conf/shop/p.conf", Products.reading("shop.p", "",
        "transform.class = \"" + dev.mesh.governance.People.class.getName() + "\"", "id { type = bigint }"));
    mesh.write("conf/crm/c.conf", Products.reading("crm.c", "", "transform.sql = c.sql", "x { type = int }"));
    mesh.write("conf/crm/c.sql", "SELECT 1 AS x");
    mesh.write("conf/crm/domain.conf", "domain { tags = [crm] }\n");
    return mesh.load();
  }

  private List<String> touched(MeshConfig config, String... files) {
    return ChangedProducts.of(config, Stream.of(files).map(home::resolve).toList()).stream().map(ProductId::toString).toList();
  }

  @Test
  void eachKindOfFileTouchesTheProductsItConcerns() {
    MeshConfig config = mesh();
    assertThat(touched(config, "jobs/shop/sql/a.sql")).as("a SQL file").containsExactly("shop.a");
    assertThat(touched(config, "conf/crm/c.sql")).as("a SQL file beside its declaration").containsExactly("crm.c");
    assertThat(touched(config, "conf/shop/b.conf")).as("a declaration").containsExactly("shop.b");
    assertThat(touched(config, "jobs/shop/tests/a.conf")).as("unit tests").containsExactly("shop.a");
    // The class of a nested transform is written in its outer class's file.
    assertThat(touched(config, "jobs/shop/src/main/java/dev/mesh/testing/Transforms.java")).as("a transform's class")
        .containsExactly("shop.b");
    assertThat(touched(config, "jobs/shop/src/main/java/dev/mesh/governance/People.java")).as("another transform's class")
        .containsExactly("shop.p");
    // A class that is no product's transform may be used by any of the domain's Java transforms.
    assertThat(touched(config, "jobs/shop/src/main/java/dev/mesh/jobs/shop/Helper.java")).as("another class of the module")
        .containsExactly("shop.b", "shop.p");
    assertThat(touched(config, "jobs/shop/pom.xml")).as("the job module").containsExactly("shop.b", "shop.p");
    assertThat(touched(config, "jobs/crm/src/main/java/X.java")).as("a module without Java transforms").isEmpty();
    assertThat(touched(config, "conf/crm/domain.conf")).as("a domain's defaults").containsExactly("crm.c");
    assertThat(touched(config, "conf/governance.conf")).as("the platform's policies").containsExactly("crm.c", "shop.a", "shop.b", "shop.p");
    assertThat(touched(config, "README.md", "notebooks/x.ipynb", "framework/core/pom.xml")).as("outside conf/ and jobs/").isEmpty();
    assertThat(touched(config, "jobs/shop/sql/a.sql", "conf/crm/c.conf")).containsExactly("crm.c", "shop.a");
  }
}
