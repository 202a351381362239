package dev.mesh.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Thrift Hive Metastore in a JVM of its own: Hive 2.3.9's {@code HiveMetaStore} (the version of Spark 3.5's
 * built-in Hive client, from Spark's own {@code spark-hive} dependencies) over PostgreSQL. Its settings go in a
 * {@code hive-site.xml} first on its classpath (not on its command line, where {@code ps} would show the password).
 */
final class HiveMetastore {
  static final String SERVICE = "hive-metastore";
  static final String MAIN_CLASS = "org.apache.hadoop.hive.metastore.HiveMetaStore";

  private HiveMetastore() {}

  /**
   * Starts it on {@code port}; {@code confDir} receives its hive-site.xml and log configuration. It creates the
   * directories of databases and tables under {@code warehouse} (and at tables' own locations) itself: for an
   * {@code s3a://} warehouse, {@code hadoopSite} (s3a's endpoint and options) joins its hive-site.xml and {@code env}
   * carries the store's credentials.
   */
  static long start(
      int port, String jdbcUrl, String user, String password, String warehouse, Map<String, String> hadoopSite,
      Map<String, String> env, Path confDir, Path log) {
    Map<String, String> site = new LinkedHashMap<>();
    site.put("javax.jdo.option.ConnectionURL", jdbcUrl);
    site.put("javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver");
    site.put("javax.jdo.option.ConnectionUserName", user);
    site.put("javax.jdo.option.ConnectionPassword", password);
    // The schema is created as it is first used. Not datanucleus.schema.autoCreateAll: on PostgreSQL its foreign
    // keys deadlock the first CREATE TABLE (DataNucleus adds TBL_PRIVS' key to TBLS on a second connection while the
    // create_table transaction holds TBLS), so tables and columns only, as Hive's MySQL-MyISAM deployments ran.
    site.put("datanucleus.schema.autoCreateTables", "true");
    site.put("datanucleus.schema.autoCreateColumns", "true");
    site.put("datanucleus.schema.autoCreateConstraints", "false");
    site.put("hive.metastore.schema.verification", "false");
    site.put("hive.metastore.warehouse.dir", warehouse);
    site.putAll(hadoopSite);
    // Hive's default log configuration is asynchronous (needs the LMAX disruptor) and writes under /tmp/<user>/.
    site.put("hive.async.log.enabled", "false");
    site.put("hive.log4j.file", confDir.resolve("hive-log4j2.properties").toString());
    writeSite(confDir, "hive-site.xml", site);
    try {
      Files.writeString(confDir.resolve("hive-log4j2.properties"), LOG_CONFIG, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StackException("Cannot write the Hive metastore's configuration in " + confDir + ": " + e.getMessage(), e);
    }
    String classpath = confDir + ":" + ServiceClasspath.of(SERVICE);
    return Daemons.startJava(
        SERVICE, List.of("-Xmx512m"), classpath, MAIN_CLASS, List.of("-p", String.valueOf(port)), env, confDir, log);
  }

  /** Writes a Hadoop configuration file ({@code <configuration><property>...}) that only its owner reads. */
  static void writeSite(Path confDir, String fileName, Map<String, String> properties) {
    Path siteFile = confDir.resolve(fileName);
    try {
      Files.createDirectories(confDir);
      Files.deleteIfExists(siteFile);
      Files.createFile(siteFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(siteFile, siteXml(properties), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StackException("Cannot write " + siteFile + ": " + e.getMessage(), e);
    }
  }

  /** Whether its Thrift port accepts connections (it opens only once the metastore reached its database). */
  static boolean ready(int port) {
    return Ports.listening(port);
  }

  static String uri(int port) {
    return "thrift://127.0.0.1:" + port;
  }

  private static String siteXml(Map<String, String> properties) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    properties.forEach(
        (k, v) -> b.append("  <property><name>").append(xml(k)).append("</name><value>").append(xml(v)).append("</value></property>\n"));
    return b.append("</configuration>\n").toString();
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static final String LOG_CONFIG =
      String.join(
          "\n",
          "status = error",
          "appender.console.type = Console",
          "appender.console.name = console",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = %d{ISO8601} %-5p [%t] %c{2}: %m%n",
          "rootLogger.level = info",
          "rootLogger.appenderRef.console.ref = console",
          "# Every client that hangs up (a port probe, a Spark session that ends) is logged as an ERROR otherwise.",
          "logger.thrift.name = org.apache.thrift.server.TThreadPoolServer",
          "logger.thrift.level = off",
          "");
}
