package dev.mesh.cli;

import dev.mesh.errors.ConfigProblem;
import dev.mesh.model.TransformTest;
import dev.mesh.runtime.TransformTests;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code mesh test --format junit}: the results as the JUnit XML report CI servers read and show (Jenkins, GitLab,
 * GitHub actions that publish test reports): a {@code testsuite} per product, a {@code testcase} per test, a failed
 * test's {@code failure} carrying the rows that differ, a test that does not fit its product an {@code error} with its
 * problems at file, line and key.
 */
final class JUnitReport {
  /** One test's outcome, how long it took, and the text a failure carries (the table of the rows that differ). */
  record Case(TransformTest test, TransformTests.Outcome outcome, double seconds, String detail) {}

  private JUnitReport() {}

  static String of(List<Case> cases) {
    Map<String, List<Case>> byProduct = cases.stream()
        .collect(Collectors.groupingBy(c -> c.test().product().toString(), LinkedHashMap::new, Collectors.toList()));
    return write(w -> {
      w.writeStartElement("testsuites");
      w.writeAttribute("name", "mesh test");
      counts(w, cases);
      for (Map.Entry<String, List<Case>> suite : byProduct.entrySet()) {
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", suite.getKey());
        counts(w, suite.getValue());
        for (Case c : suite.getValue()) {
          w.writeCharacters("\n    ");
          testcase(w, c);
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
      }
      w.writeCharacters("\n");
      w.writeEndElement();
    });
  }

  /** The test files' own mistakes, found before any test ran: one errored case naming each. */
  static String ofProblems(List<ConfigProblem> problems) {
    return write(w -> {
      w.writeStartElement("testsuites");
      w.writeAttribute("name", "mesh test");
      w.writeAttribute("tests", "1");
      w.writeAttribute("failures", "0");
      w.writeAttribute("errors", "1");
      w.writeStartElement("testsuite");
      w.writeAttribute("name", "mesh test");
      w.writeAttribute("tests", "1");
      w.writeAttribute("failures", "0");
      w.writeAttribute("errors", "1");
      w.writeStartElement("testcase");
      w.writeAttribute("classname", "mesh test");
      w.writeAttribute("name", "test files");
      w.writeStartElement("error");
      w.writeAttribute("message", problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the test files");
      w.writeCharacters(lines(problems));
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndElement();
    });
  }

  private static void testcase(XMLStreamWriter w, Case c) throws XMLStreamException {
    w.writeStartElement("testcase");
    w.writeAttribute("classname", c.test().product().toString());
    w.writeAttribute("name", c.test().name());
    w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", c.seconds()));
    w.writeAttribute("file", c.test().at().file());
    w.writeAttribute("line", String.valueOf(c.test().at().line()));
    if (c.outcome() instanceof TransformTests.Outcome.Failed f) {
      w.writeStartElement("failure");
      w.writeAttribute("message", f.reason());
      w.writeCharacters(c.test().at() + ": " + f.reason() + (c.detail().isEmpty() ? "" : "\n" + c.detail()));
      w.writeEndElement();
    } else if (c.outcome() instanceof TransformTests.Outcome.Invalid bad) {
      w.writeStartElement("error");
      w.writeAttribute("message", "the test does not fit the product");
      w.writeCharacters(lines(bad.problems()));
      w.writeEndElement();
    }
    w.writeEndElement();
  }

  private static void counts(XMLStreamWriter w, List<Case> cases) throws XMLStreamException {
    w.writeAttribute("tests", String.valueOf(cases.size()));
    w.writeAttribute("failures", String.valueOf(cases.stream().filter(c -> c.outcome() instanceof TransformTests.Outcome.Failed).count()));
    w.writeAttribute("errors", String.valueOf(cases.stream().filter(c -> c.outcome() instanceof TransformTests.Outcome.Invalid).count()));
    w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", cases.stream().mapToDouble(Case::seconds).sum()));
  }

  private static String lines(List<ConfigProblem> problems) {
    return problems.stream().map(p -> "- " + p).collect(Collectors.joining("\n"));
  }

  private interface Body {
    void write(XMLStreamWriter w) throws XMLStreamException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      body.write(w);
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Cannot write the JUnit report", e);
    }
    return out + "\n";
  }
}
