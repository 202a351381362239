package dev.mesh.storage.localfs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * Hadoop's checksummed local {@code AbstractFileSystem} ({@code fs.AbstractFileSystem.file.impl}, what
 * {@code FileContext} and so Delta's log store use) over {@link RawLocalFiles}: Hadoop's {@code LocalFs}, whose raw
 * layer is not replaceable.
 */
public class LocalFilesFs extends ChecksumFs {
  public LocalFilesFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(new Raw(uri, conf));
  }

  /** Hadoop's {@code RawLocalFs}, delegating to {@link RawLocalFiles}. */
  static final class Raw extends DelegateToFileSystem {
    Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new RawLocalFiles(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1; // no default port for file:///
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true; // any path the local file system takes
    }

    /**
     * A rename that must not replace its destination (how Delta's log store commits a version) made atomic: a hard
     * link, which the kernel refuses when the destination exists, then the source removed. Hadoop checks that the
     * destination is absent and then renames, so two writers committing one version at once could both succeed, the
     * second replacing the first's commit (and its checksum file the other's).
     */
    @Override
    public void renameInternal(Path src, Path dst, boolean overwrite) throws IOException {
      RawLocalFiles files = (RawLocalFiles) fsImpl;
      java.nio.file.Path from = files.pathToFile(src).toPath();
      java.nio.file.Path to = files.pathToFile(dst).toPath();
      if (overwrite || !java.nio.file.Files.isRegularFile(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        super.renameInternal(src, dst, overwrite);
        return;
      }
      try {
        java.nio.file.Files.createLink(to, from);
      } catch (java.nio.file.FileAlreadyExistsException exists) {
        throw new org.apache.hadoop.fs.FileAlreadyExistsException("rename destination " + dst + " already exists.");
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException noLink) {
        if (java.nio.file.Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          throw new org.apache.hadoop.fs.FileAlreadyExistsException("rename destination " + dst + " already exists.");
        }
        super.renameInternal(src, dst, false); // no hard links here: Hadoop's check-then-rename
        return;
      }
      java.nio.file.Files.delete(from);
    }
  }
}
