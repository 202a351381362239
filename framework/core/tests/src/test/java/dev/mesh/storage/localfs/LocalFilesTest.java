package dev.mesh.storage.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mesh's local file systems answer as Hadoop's do and start no process: a {@code chmod} and a {@code readlink} that
 * log their calls come first on the PATH of a JVM doing what Spark and Delta do to local files (create with a
 * permission, make directories, rename through {@code FileContext}); with Hadoop's classes the log fills, with mesh's
 * it stays empty.
 */
class LocalFilesTest {
  @TempDir Path dir;

  @Test
  void writingAndRenamingLocalFilesStartsNoProcess() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("calls.log");
    for (String command : List.of("chmod", "readlink")) {
      Path script = bin.resolve(command);
      // Logs the call, then runs the real command: the one the PATH finds after this directory.
      Files.writeString(script,
          "#!/bin/sh\necho " + command + " >> '" + log + "'\nPATH=\"${PATH#*:}\" exec " + command + " \"$@\"\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    assertThat(probe(bin, "hadoop")).as("Hadoop's own classes (the probe sees their processes)").isZero();
    assertThat(Files.readAllLines(log)).contains("chmod", "readlink");
    Files.delete(log);

    assertThat(probe(bin, "mesh")).isZero();
    assertThat(log).doesNotExist();
  }

  @Test
  void permissionsAndStatusesAreHadoops() throws Exception {
    Path hadoopSide = Files.createDirectories(dir.resolve("hadoop"));
    Path meshSide = Files.createDirectories(dir.resolve("mesh"));
    Probe.work(Probe.configuration("hadoop"), hadoopSide);
    Probe.work(Probe.configuration("mesh"), meshSide);

    for (String name : List.of("data/part-0.parquet", "data/.part-0.parquet.crc", "data", "_delta_log/00000.json")) {
      assertThat(Files.getPosixFilePermissions(meshSide.resolve(name)))
          .as(name).isEqualTo(Files.getPosixFilePermissions(hadoopSide.resolve(name)));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(meshSide.resolve("data/part-0.parquet"))))
        .isEqualTo("rw-r-----");

    Files.createSymbolicLink(hadoopSide.resolve("link"), hadoopSide.resolve("data/part-0.parquet"));
    Files.createSymbolicLink(meshSide.resolve("link"), meshSide.resolve("data/part-0.parquet"));
    FileContext hadoop = FileContext.getFileContext(Probe.configuration("hadoop"));
    FileContext mesh = FileContext.getFileContext(Probe.configuration("mesh"));
    assertThat(mesh.getDefaultFileSystem()).isInstanceOf(LocalFilesFs.class);
    for (String name : List.of("data/part-0.parquet", "data", "link", "_delta_log/00000.json")) {
      FileStatus expected = hadoop.getFileLinkStatus(path(hadoopSide.resolve(name)));
      FileStatus actual = mesh.getFileLinkStatus(path(meshSide.resolve(name)));
      assertThat(List.of(actual.isFile(), actual.isDirectory(), actual.isSymlink(), actual.getLen()))
          .as(name).isEqualTo(List.of(expected.isFile(), expected.isDirectory(), expected.isSymlink(), expected.getLen()));
    }
    assertThat(Files.exists(meshSide.resolve("missing"))).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> mesh.getFileLinkStatus(path(meshSide.resolve("missing"))))
        .isInstanceOf(java.io.FileNotFoundException.class);
  }

  /**
   * Delta's log store commits a version by renaming a temporary file to a name that must not exist yet. Writers
   * committing one version at once: exactly one wins each round, and the version holds the winner's bytes with a
   * checksum that matches them (Hadoop's check-then-rename let several win, and mixed one's file with another's
   * checksum: "Checksum error" when the version was read).
   */
  @Test
  void renamingOntoANameThatMustNotExistHasOneWinner() throws Exception {
    FileContext fc = FileContext.getFileContext(Probe.configuration("mesh"));
    org.apache.hadoop.fs.Path log = path(Files.createDirectories(dir.resolve("_delta_log")));
    int writers = 4;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 40; round++) {
        org.apache.hadoop.fs.Path version = new org.apache.hadoop.fs.Path(log, String.format("%020d.json", round));
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        List<java.util.concurrent.Future<String>> commits = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          String body = "{\"round\":" + round + ",\"writer\":" + w + "}";
          org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(log, "." + round + "." + w + ".tmp");
          commits.add(pool.submit(() -> {
            try (OutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE))) {
              out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            start.await();
            try {
              fc.rename(temp, version, Options.Rename.NONE);
              return body;
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException lost) {
              return null;
            }
          }));
        }
        List<String> won = new ArrayList<>();
        for (java.util.concurrent.Future<String> c : commits) {
          String body = c.get(30, TimeUnit.SECONDS);
          if (body != null) {
            won.add(body);
          }
        }
        assertThat(won).as("writers whose commit of round %d succeeded", round).hasSize(1);
        try (java.io.InputStream in = fc.open(version)) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(won.get(0));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static org.apache.hadoop.fs.Path path(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  /** Runs {@link Probe} in a new JVM with {@code bin} first on its PATH; its exit code. */
  private int probe(Path bin, String side) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Probe.class.getName(), side, Files.createDirectories(dir.resolve("probe-" + side)).toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("the probe's output").doesNotContain("Exception");
    return p.exitValue();
  }

  /** What Spark's and Delta's writes do to local files, through one side's file systems. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      work(configuration(args[0]), Path.of(args[1]));
    }

    static Configuration configuration(String side) {
      if (side.equals("mesh")) {
        return LocalFileSystems.configuration();
      }
      Configuration conf = new Configuration(false);
      conf.set(LocalFileSystems.FILE_SYSTEM, org.apache.hadoop.fs.LocalFileSystem.class.getName());
      conf.set(LocalFileSystems.ABSTRACT_FILE_SYSTEM, org.apache.hadoop.fs.local.LocalFs.class.getName());
      conf.setBoolean("fs.file.impl.disable.cache", true);
      return conf;
    }

    static void work(Configuration conf, Path root) throws IOException {
      // A data file as a Parquet writer makes it: a directory, then the file with a permission (umask 027).
      conf.set(FsPermission.UMASK_LABEL, "027");
      FileSystem fs = FileSystem.newInstance(root.toUri(), conf);
      try {
        org.apache.hadoop.fs.Path data = new org.apache.hadoop.fs.Path(root.toUri().toString(), "data");
        fs.mkdirs(data, new FsPermission((short) 0755));
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(data, "part-0.parquet"), FsPermission.getFileDefault().applyUMask(FsPermission.getUMask(conf)),
            true, 4096, (short) 1, 1 << 20, null)) {
          out.write("rows".getBytes(StandardCharsets.UTF_8));
        }
      } finally {
        fs.close();
      }
      // A commit as Delta's log store makes it: a temporary file through FileContext, renamed into place.
      FileContext fc = FileContext.getFileContext(root.toUri(), conf);
      org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(root.toUri().toString(), "_delta_log");
      fc.mkdir(log, FsPermission.getDirDefault(), true);
      org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(log, ".00000.json.tmp");
      try (OutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.checksumParam(Options.ChecksumOpt.createDisabled()))) {
        out.write("{}".getBytes(StandardCharsets.UTF_8));
      }
      fc.rename(temp, new org.apache.hadoop.fs.Path(log, "00000.json"), Options.Rename.NONE);
    }
  }
}
