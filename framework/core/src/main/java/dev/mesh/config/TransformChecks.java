package dev.mesh.config;

import dev.mesh.api.Transform;
import dev.mesh.errors.MeshErrors;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * What can be checked of a transform without data and without a Spark session, when the configuration is loaded
 * ({@code mesh.sql-check = load}): a Java transform's class is on the classpath and is a {@link Transform}; a SQL
 * transform parses. Each check returns the problem as a message, or null.
 */
public final class TransformChecks {
  /** The values a SQL transform's variables take for the parse check: any date and run id parse alike. */
  private static final LocalDate ANY_DATE = LocalDate.of(2000, 1, 1);

  private static final String ANY_RUN_ID = "00000000-0000-0000-0000-000000000000";
  private static final Pattern POSITION = Pattern.compile("\\(line (\\d+), pos (\\d+)\\)");

  private TransformChecks() {}

  /** Why {@code className} cannot be a product's transform, or null when it can. */
  static String classProblem(String className, String domain) {
    ClassLoader loader = loader();
    Class<?> cls;
    try {
      cls = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      List<String> close = similarClasses(className, loader);
      return "class "
          + className
          + " is not on the classpath."
          + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?")
          + " Check the name, and that the module of "
          + (domain == null ? "its domain" : "domain " + domain + " (jobs/" + domain + ")")
          + " is built and on the classpath (a job jar that carries another domain's classes only: set"
          + " MESH_SQL_CHECK=run)";
    } catch (LinkageError e) {
      return "class " + className + " is on the classpath but cannot be loaded: " + e;
    }
    if (!Transform.class.isAssignableFrom(cls)) {
      return "class " + className + " does not implement " + Transform.class.getName();
    }
    if (cls.isInterface() || Modifier.isAbstract(cls.getModifiers())) {
      return "class " + className + " is abstract: name a concrete class implementing " + Transform.class.getName();
    }
    try {
      cls.getConstructor();
    } catch (NoSuchMethodException | SecurityException e) {
      return "class "
          + className
          + " has no public no-argument constructor (a nested class must be public static)";
    }
    return null;
  }

  /**
   * Why the SQL of a transform does not parse, or null when it does. The variables are replaced first, as when the
   * product runs; positions in the message are those of the SQL as written.
   */
  public static String sqlProblem(String sql) {
    SqlVariables.Substituted s = SqlVariables.substitute(sql, ANY_DATE, ANY_RUN_ID);
    if (!s.unknown().isEmpty()) {
      return "uses unknown variables " + String.join(", ", s.unknown()) + "; available: " + SqlVariables.AVAILABLE;
    }
    try {
      CatalystSqlParser$.MODULE$.parsePlan(s.sql());
      return null;
    } catch (Exception e) {
      // Spark's ParseException (checked, undeclared from Scala): its message starts with a line break and ends with
      // the statement and an ASCII-art pointer; the first line says what and where.
      return "does not parse: " + positionAsWritten(MeshErrors.rootMessage(e), sql);
    }
  }

  /** Rewrites Spark's {@code (line L, pos P)}, counted in the substituted SQL, to the position in the SQL as written. */
  private static String positionAsWritten(String message, String sql) {
    Matcher m = POSITION.matcher(message);
    if (!m.find()) {
      return message;
    }
    String written = positionAsWritten(sql, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    return written == null ? message : message.substring(0, m.start()) + " " + written + message.substring(m.end());
  }

  /**
   * Where a position Spark gives in the substituted SQL ({@code line} from 1, {@code pos} from 0 in that line) is in
   * the SQL as written, as {@code (line L, pos P)}; null when the line is not in the SQL.
   */
  public static String positionAsWritten(String sql, int line, int pos) {
    List<String> lines = sql.lines().toList();
    if (line < 1 || line > lines.size()) {
      return null;
    }
    String written = lines.get(line - 1);
    int original = written.length();
    for (int i = 0; i <= written.length(); i++) {
      if (SqlVariables.substitute(written.substring(0, i), ANY_DATE, ANY_RUN_ID).sql().length() >= pos) {
        original = i;
        break;
      }
    }
    return "(line " + line + ", pos " + original + ")";
  }

  private static ClassLoader loader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : TransformChecks.class.getClassLoader();
  }

  /**
   * Classes with a similar name, looked for only where it is cheap: a nested class written with {@code .} for
   * {@code $}, and the classes of the same package (directories and jars the class loader finds it in).
   */
  static List<String> similarClasses(String className, ClassLoader loader) {
    TreeSet<String> out = new TreeSet<>();
    int dot = className.lastIndexOf('.');
    if (dot > 0) {
      String nested = className.substring(0, dot) + "$" + className.substring(dot + 1);
      if (exists(nested, loader)) {
        return List.of(nested);
      }
    }
    String pkg = dot > 0 ? className.substring(0, dot) : "";
    String simple = className.substring(dot + 1);
    for (String candidate : classesOfPackage(pkg, loader)) {
      String candidateSimple = candidate.substring(candidate.lastIndexOf('.') + 1);
      if (close(candidateSimple, simple)) {
        out.add(candidate);
      }
    }
    return out.stream().limit(3).toList();
  }

  private static boolean exists(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static boolean close(String candidate, String wanted) {
    String a = candidate.toLowerCase(Locale.ROOT);
    String b = wanted.toLowerCase(Locale.ROOT);
    return a.equals(b) || !MeshErrors.closest(b, List.of(a)).isEmpty();
  }

  private static List<String> classesOfPackage(String pkg, ClassLoader loader) {
    if (pkg.isEmpty()) {
      return List.of();
    }
    String dir = pkg.replace('.', '/');
    List<String> out = new ArrayList<>();
    Enumeration<URL> urls;
    try {
      urls = loader.getResources(dir);
    } catch (IOException e) {
      return out;
    }
    for (URL url : Collections.list(urls)) {
      try {
        if (url.getProtocol().equals("file")) {
          String[] names = new File(URLDecoder.decode(url.getPath(), StandardCharsets.UTF_8)).list();
          for (String name : names == null ? new String[0] : names) {
            addClass(out, pkg, name);
          }
        } else if (url.getProtocol().equals("jar") && url.openConnection() instanceof JarURLConnection c) {
          c.setUseCaches(false);
          try (JarFile jar = c.getJarFile()) {
            for (JarEntry e : Collections.list(jar.entries())) {
              String name = e.getName();
              if (name.startsWith(dir + "/") && name.indexOf('/', dir.length() + 1) < 0) {
                addClass(out, pkg, name.substring(dir.length() + 1));
              }
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // Only a hint: a location that cannot be listed offers none.
      }
    }
    return out;
  }

  private static void addClass(List<String> out, String pkg, String fileName) {
    if (fileName.endsWith(".class") && !fileName.equals("package-info.class") && !fileName.equals("module-info.class")) {
      out.add(pkg + "." + fileName.substring(0, fileName.length() - ".class".length()));
    }
  }
}
