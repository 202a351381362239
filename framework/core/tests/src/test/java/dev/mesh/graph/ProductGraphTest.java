package dev.mesh.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ErrorKind;
import dev.mesh.errors.MeshException;
import dev.mesh.model.InputSpec;
import dev.mesh.model.Origin;
import dev.mesh.model.OutputSpec;
import dev.mesh.model.ProductDescriptor;
import dev.mesh.model.ProductId;
import dev.mesh.model.SchemaContract;
import dev.mesh.model.SlaSpec;
import dev.mesh.model.TableFormat;
import dev.mesh.model.TransformSpec;
import dev.mesh.model.WriteMode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductGraphTest {
  static ProductDescriptor product(String id, String... inputs) {
    List<InputSpec> in =
        Arrays.stream(inputs).map(i -> (InputSpec) new InputSpec.ProductInput(i.replace('.', '_'), ProductId.parse(i))).toList();
    return new ProductDescriptor(
        ProductId.parse(id), null, "", "1.0.0", in, new TransformSpec.JavaClass("x.Y"),
        new OutputSpec(TableFormat.DELTA, WriteMode.OVERWRITE, List.of(), List.of()),
        new SchemaContract(List.of()), SlaSpec.none(), null, List.of(), new Origin("conf/" + id + ".conf", 1));
  }

  private final ProductGraph graph =
      ProductGraph.of(
          List.of(
              product("a.src"),
              product("a.clean", "a.src"),
              product("b.other"),
              product("b.join", "a.clean", "b.other"),
              product("c.report", "b.join")));

  private static List<String> ids(java.util.Collection<ProductId> ids) {
    return ids.stream().map(ProductId::toString).toList();
  }

  @Test
  void ordersProductsAfterTheirInputsInParallelLevels() {
    assertThat(ids(graph.topologicalOrder())).containsExactly("a.src", "a.clean", "b.other", "b.join", "c.report");
    List<List<ProductId>> levels = graph.levels(graph.ids());
    assertThat(levels).hasSize(4);
    assertThat(ids(levels.get(0))).containsExactly("a.src", "b.other");
    assertThat(ids(levels.get(1))).containsExactly("a.clean");
    assertThat(ids(levels.get(3))).containsExactly("c.report");
  }

  @Test
  void selectsLikeDbt() {
    assertThat(ids(Selection.resolve(graph, List.of("a.clean+"), List.of(), false)))
        .containsExactly("a.clean", "b.join", "c.report");
    assertThat(ids(Selection.resolve(graph, List.of("+b.join"), List.of(), false)))
        .containsExactly("a.clean", "a.src", "b.join", "b.other");
    assertThat(ids(Selection.resolve(graph, List.of(), List.of("b"), false))).containsExactly("b.join", "b.other");
    assertThat(Selection.resolve(graph, List.of(), List.of(), true)).hasSize(5);
    assertThatThrownBy(() -> Selection.resolve(graph, List.of("a.clen"), List.of(), false))
        .hasMessageContaining("Unknown data product 'a.clen'")
        .hasMessageContaining("a.clean");
    assertThatThrownBy(() -> Selection.resolve(graph, List.of(), List.of("zzz"), false))
        .hasMessageContaining("Unknown domain 'zzz'. Known domains: a, b, c");
    assertThatThrownBy(() -> Selection.resolve(graph, List.of(), List.of("bb"), false))
        .hasMessageContaining("Unknown domain 'bb' (did you mean b?). Known domains: a, b, c");
  }

  @Test
  void levelsOfASelectionIgnoreUnselectedUpstream() {
    List<List<ProductId>> levels = graph.levels(new java.util.TreeSet<>(List.of(ProductId.parse("c.report"), ProductId.parse("b.join"))));
    assertThat(levels).hasSize(2);
    assertThat(ids(levels.get(0))).containsExactly("b.join");
  }

  @Test
  void reportsACycleByName() {
    assertThatThrownBy(
            () -> ProductGraph.of(List.of(product("a.x", "a.z"), product("a.y", "a.x"), product("a.z", "a.y"), product("a.ok"))))
        .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
        .hasMessageContaining("The product graph has a cycle: a.x -> a.y -> a.z -> a.x")
        .hasMessageContaining("a.y declared at conf/a.y.conf:1");
  }
}
