package dev.mesh.storage.localfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without the shell commands it runs for each file when its native library is absent (it
 * is not on Maven Central, so it is absent wherever mesh runs from Maven jars).
 *
 * <p>Hadoop then starts a {@code chmod} process for every file and directory it creates and a {@code readlink}
 * process for every rename through {@code FileContext} (Delta's commits): 441 processes in a session of four runs
 * of a tiny product beside four bare writes, 3,017 for the demo mesh, each 6-7 ms of wall time and more of CPU in a
 * JVM of a few GB (bench/README.md, round five).
 * Here permissions are set through {@code java.nio}, and a path that is not a symbolic link gets its status without
 * asking {@code readlink}; anything else (a symbolic link, a permission with the sticky bit, a file system without
 * POSIX permissions) takes Hadoop's own way.
 */
public class RawLocalFiles extends RawLocalFileSystem {

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    short mode = permission.toShort();
    if ((mode & ~0777) != 0) {
      super.setPermission(p, permission); // sticky or set-id bits: java.nio has no word for them
      return;
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(mode));
    } catch (UnsupportedOperationException notPosix) {
      super.setPermission(p, permission); // a file system without POSIX permissions: whatever chmod makes of it
    }
  }

  /**
   * What Hadoop answers for a path that is no symbolic link: its status. (Hadoop asks {@code readlink} first, and for
   * a qualified path such as {@code file:/x} asks it about the string {@code file:/x}, which never names a link.)
   */
  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    if (Files.isSymbolicLink(pathToFile(f).toPath())) {
      return super.getFileLinkStatus(f);
    }
    return getFileStatus(f);
  }

  static Set<PosixFilePermission> posix(short mode) {
    Set<PosixFilePermission> bits = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE
    };
    for (int i = 0; i < order.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        bits.add(order[i]);
      }
    }
    return bits;
  }
}
