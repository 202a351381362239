package dev.mesh.scaffold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The project's {@code jobs/pom.xml}, the aggregator of the domains' job modules: the coordinates a new domain's
 * module names as its parent, and the {@code <module>} line it gains. The line goes before {@code demo}'s, whose build
 * records bin/mesh's class-data archive over every module's jar; the file is otherwise left as it was written.
 */
public final class JobsModules {
  private static final Pattern MODULES_END = Pattern.compile("(?m)^([ \\t]*)</modules>");
  private static final Pattern DEMO = Pattern.compile("(?m)^([ \\t]*)<module>demo</module>");
  private static final Pattern MODULE = Pattern.compile("(?m)^([ \\t]*)<module>");

  /** What {@code jobs/pom.xml} becomes: the whole new text, and the line added. */
  public record Edit(Path file, String text, String line) {}

  private final Path file;
  private final String text;
  private final String groupId;
  private final String artifactId;
  private final String version;

  private JobsModules(Path file, String text, String groupId, String artifactId, String version) {
    this.file = file;
    this.text = text;
    this.groupId = groupId;
    this.artifactId = artifactId;
    this.version = version;
  }

  /**
   * Whether a domain declared at {@code declared} (a file or directory) builds its job jar in this project: its
   * declarations are in the project's {@code conf/}. Declarations from {@code MESH_CONF_PATH} are another
   * repository's, built there. {@code mesh new} and {@code mesh dag} decide alike.
   */
  public static boolean builtHere(Path home, Path declared) {
    Path root = home.toAbsolutePath().normalize();
    return root.resolve(declared).toAbsolutePath().normalize().startsWith(root.resolve("conf"));
  }

  /** The aggregator under {@code home}, or empty when the project has none (a domain built in its own repository). */
  public static Optional<JobsModules> at(Path home) {
    Path file = home.resolve("jobs/pom.xml");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(file);
      var factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element project = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
      Element parent = child(project, "parent");
      String groupId = text(project, "groupId", parent);
      String version = text(project, "version", parent);
      String artifactId = text(project, "artifactId", null);
      if (groupId == null || artifactId == null || version == null || !MODULES_END.matcher(text).find()) {
        return Optional.empty();
      }
      return Optional.of(new JobsModules(Path.of("jobs", "pom.xml"), text, groupId, artifactId, version));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (Exception e) {
      // Not a POM we can read: the engineer adds the module by hand (the command says so).
      return Optional.empty();
    }
  }

  /** The new text with {@code <module>domain</module>}; empty when the module is listed already. */
  Optional<Edit> adding(String domain) {
    if (text.contains("<module>" + domain + "</module>")) {
      return Optional.empty();
    }
    Matcher at = DEMO.matcher(text);
    if (!at.find()) {
      at = MODULES_END.matcher(text);
      at.find();
    }
    Matcher sibling = MODULE.matcher(text);
    String indent = sibling.find() ? sibling.group(1) : at.group(1) + "  ";
    String line = indent + "<module>" + domain + "</module>";
    String updated = text.substring(0, at.start()) + line + "\n" + text.substring(at.start());
    return Optional.of(new Edit(file, updated, line.strip()));
  }

  /** The POM of a domain's job module: everything it needs comes from the aggregator. */
  static String domainPom(JobsModules jobs, String domain) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"\n"
        + "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
        + "         xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd\">\n"
        + "  <modelVersion>4.0.0</modelVersion>\n"
        + "  <parent>\n"
        + "    <groupId>" + jobs.groupId + "</groupId>\n"
        + "    <artifactId>" + jobs.artifactId + "</artifactId>\n"
        + "    <version>" + jobs.version + "</version>\n"
        + "  </parent>\n"
        + "  <artifactId>" + jobs.artifactId + "-" + domain + "</artifactId>\n"
        + "  <name>mesh jobs: " + domain + "</name>\n"
        + "  <properties>\n"
        + "    <mesh.domain>" + domain + "</mesh.domain>\n"
        + "  </properties>\n"
        + "</project>\n";
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element project, String name, Element fallback) {
    Element own = child(project, name);
    if (own != null) {
      return own.getTextContent().strip();
    }
    Element inherited = fallback == null ? null : child(fallback, name);
    return inherited == null ? null : inherited.getTextContent().strip();
  }
}
