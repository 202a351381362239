package dev.mesh.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Cell parsing, table rendering and charts: pure logic, no Spark. */
class CellAndRenderingTest {

  @Test
  void aMagicLineHasANameArgumentsQuotedOptionsAndABody() {
    Cell c = Cell.parse("-- revenue per nation\n%chart bar x=nation y=revenue title=\"Revenue per nation\"\nSELECT 1;\nSELECT 2\n");
    assertThat(c).isInstanceOf(Cell.Magic.class);
    Cell.Magic m = (Cell.Magic) c;
    assertThat(m.name()).isEqualTo("chart");
    assertThat(m.args()).containsExactly("bar");
    assertThat(m.options()).containsEntry("x", "nation").containsEntry("y", "revenue").containsEntry("title", "Revenue per nation");
    assertThat(m.body()).isEqualTo("SELECT 1;\nSELECT 2");
    assertThat(((Cell.Magic) Cell.parse("%%describe sales.orders")).args()).containsExactly("sales.orders");
  }

  @Test
  void sqlIsSplitOnSemicolonsOutsideQuotesAndComments() {
    Cell c = Cell.parse("select 'a;b' as x, `c;d` from t; -- a comment; still a comment\nselect \"e;f\" /* g; h */ ;\n;  \n-- only a comment");
    assertThat(((Cell.Sql) c).statements())
        .containsExactly("select 'a;b' as x, `c;d` from t", "-- a comment; still a comment\nselect \"e;f\" /* g; h */");
    assertThat(((Cell.Sql) Cell.parse("  \n")).statements()).isEmpty();
    assertThatThrownBy(() -> Cell.parse("%chart bar title=\"open")).isInstanceOf(NotebookException.class).hasMessageContaining("Unclosed quote");
  }

  @Test
  void htmlTablesEscapeEveryCellAndHeaderAndSayWhenTheLimitCutRows() {
    ResultTable t = new ResultTable(
        List.of("name<i>", "amount"), List.of("string", "decimal(10,2)"),
        List.of(row("<script>alert('x')</script> & co", new BigDecimal("1E+3")), row(null, new BigDecimal("2.50"))), true, 2);
    String html = Rendering.html(t);
    assertThat(html)
        .contains("<th>name&lt;i&gt;</th>")
        .contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</td>")
        .contains("<td style=\"text-align:right\">1000</td>")
        .contains("<i>NULL</i>")
        .contains("(2 rows, limited to 2: change with %limit N)")
        .doesNotContain("<script>");
    assertThat(Rendering.text(t))
        .contains("name<i>")
        .containsPattern("NULL\\s+2.50")
        .endsWith("(2 rows, limited to 2: change with %limit N)");
  }

  @Test
  void aChartIsAPngOfTheRequestedSizeAndNamesWhatIsWrongWithItsColumns() throws Exception {
    ResultTable t = new ResultTable(
        List.of("day", "segment", "revenue"), List.of("string", "string", "decimal(28,2)"),
        List.of(row("06-01", "A", new BigDecimal("10")), row("06-01", "B", new BigDecimal("5")), row("06-02", "A", new BigDecimal("7"))),
        false, 100);
    for (Charts.Kind kind : Charts.Kind.values()) {
      byte[] png = Charts.png(new Charts.Spec(kind, "day", "revenue", "segment", null, 640, 360), t);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image.getWidth()).isEqualTo(640);
      assertThat(image.getHeight()).isEqualTo(360);
    }
    // Without names: x, y and series are the first, second and third column; y must be numeric.
    assertThatThrownBy(() -> Charts.resolve(new Charts.Spec(Charts.Kind.BAR, null, null, null, null, 640, 360), t))
        .isInstanceOf(NotebookException.class)
        .hasMessageContaining("y column 'segment' is of type string, not a number");
    assertThatThrownBy(() -> Charts.resolve(new Charts.Spec(Charts.Kind.BAR, "day", "profit", null, null, 640, 360), t))
        .hasMessageContaining("names column 'profit', which the query does not return. Its columns: day, segment, revenue");
    Charts.Spec named = Charts.resolve(new Charts.Spec(Charts.Kind.LINE, "day", "revenue", null, null, 640, 360), t);
    assertThat(named.series()).isNull();
  }

  private static List<Object> row(Object... cells) {
    return new ArrayList<>(java.util.Arrays.asList(cells));
  }
}
