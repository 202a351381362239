package dev.mesh.storage.localfs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** The Hadoop settings that make {@code file:} paths use {@link LocalFiles} and {@link LocalFilesFs}. */
public final class LocalFileSystems {
  /** {@code FileSystem}'s implementation of a scheme. */
  public static final String FILE_SYSTEM = "fs.file.impl";
  /** {@code FileContext}'s implementation of a scheme. */
  public static final String ABSTRACT_FILE_SYSTEM = "fs.AbstractFileSystem.file.impl";

  private LocalFileSystems() {}

  /** Hadoop's keys and mesh's classes for them. */
  public static Map<String, String> hadoopSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(FILE_SYSTEM, LocalFiles.class.getName());
    s.put(ABSTRACT_FILE_SYSTEM, LocalFilesFs.class.getName());
    return s;
  }

  /**
   * Hadoop's code defaults, without parsing core-default.xml (a few hundred milliseconds), and these file systems:
   * what Delta Kernel's engines on local tables take. Hadoop caches one {@code FileSystem} a scheme for the JVM, made
   * with the settings of whichever configuration asks first, so every configuration of a mesh JVM names them.
   */
  public static Configuration configuration() {
    Configuration conf = new Configuration(false);
    hadoopSettings().forEach(conf::set);
    return conf;
  }
}
