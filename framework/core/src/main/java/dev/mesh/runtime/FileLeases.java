package dev.mesh.runtime;

import dev.mesh.errors.MeshErrors;
import dev.mesh.model.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Product leases as lock files on a local disk, {@code <warehouse>/.mesh/leases/<domain>.<name>.lease}, locked with
 * an OS file lock ({@link FileChannel#tryLock()}) by the process whose run holds it. The lock, not the file, is the
 * lease: the operating system drops it when the process ends, however it ends (a {@code kill -9} leaves no stale
 * lease), and the file stays behind, empty, for the next run. While held, the file names its holder
 * ({@link LeaseHolder#format()}), for the message of a run it refuses; a name still there when the lock is free is a
 * run whose process died holding it ({@link Lease#abandoned()}).
 *
 * <p>Within one JVM the leases held are also kept in a map: Java refuses a second lock of the same file by one
 * process, and closing any channel of a locked file would drop the process's lock on it, so a file held here is
 * never opened again until it is released.
 */
public final class FileLeases implements ProductLeases {
  /** Where the lease files live under a warehouse. */
  public static final String DIRECTORY = ".mesh/leases";

  private static final String LEASE_SUFFIX = ".lease";

  /** How long a refused run waits for a holder that has locked the file but not yet named itself in it. */
  private static final int NAME_WAITS = 20;

  private static final long NAME_WAIT_MS = 50;

  /** The leases this JVM holds, by lease file; guards every lock and unlock of the JVM. */
  private static final Map<Path, Held> HELD = new HashMap<>();

  private final Path directory;

  public FileLeases(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /**
   * The leases of a warehouse on a local disk (a path, or a {@code file:} URI), under {@link #DIRECTORY}; empty for
   * any other warehouse (object storage such as {@code s3a://}), where a lock file would not be seen by the
   * processes of other machines.
   */
  public static Optional<FileLeases> under(String warehouse) {
    Path root;
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !warehouse.matches("^[a-zA-Z]:[\\\\/].*")) {
      URI uri = URI.create(warehouse);
      if (!"file".equalsIgnoreCase(uri.getScheme())) {
        return Optional.empty();
      }
      root = Path.of(uri);
    } else {
      root = Path.of(warehouse);
    }
    return Optional.of(new FileLeases(root.resolve(DIRECTORY)));
  }

  /**
   * The runs that hold a lease here now, this process's and other processes', each as {@code <product>: <holder>}
   * (what {@link LeaseHolder#describe()} says); empty when none does or there is no lease yet. For a command that
   * would delete the warehouse under them.
   */
  public List<String> heldNow() {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return out;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(LEASE_SUFFIX)).sorted().toList()) {
        String product = file.getFileName().toString().substring(0, file.getFileName().toString().length() - LEASE_SUFFIX.length());
        synchronized (HELD) {
          Held mine = HELD.get(file);
          if (mine != null) {
            // Never opened again while held here: closing it would drop this process's lock.
            out.add(product + ": " + mine.holder.describe());
            continue;
          }
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
              lock.release();
              continue;
            }
            out.add(product + ": " + LeaseHolder.parse(read(channel)).map(LeaseHolder::describe)
                .orElse("a run in another process, which has not named itself in " + file));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the leases in " + directory, e);
    }
    return out;
  }

  /** The lease file of a product. */
  public Path fileOf(ProductId product) {
    return directory.resolve(product + LEASE_SUFFIX);
  }

  @Override
  public Lease acquire(ProductId product, LeaseHolder holder) {
    Path file = fileOf(product);
    synchronized (HELD) {
      Held mine = HELD.get(file);
      if (mine != null) {
        throw mine.holder.refusal(product, file.toString());
      }
      Held taken = lock(product, file, holder);
      HELD.put(file, taken);
      return taken;
    }
  }

  private static Held lock(ProductId product, Path file, LeaseHolder holder) {
    try {
      Files.createDirectories(file.getParent());
      for (int attempt = 1; ; attempt++) {
        FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        if (lock != null) {
          // A released lease leaves the file empty: a name in it is a holder whose process died holding it.
          Optional<LeaseHolder> abandoned = LeaseHolder.parse(read(channel)).filter(h -> !h.aliveHere());
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(holder.format().getBytes(StandardCharsets.UTF_8)), 0);
          channel.force(false);
          return new Held(file, channel, lock, holder, abandoned);
        }
        // Another process holds it: read who (the holder's own channel keeps its lock; ours holds none).
        Optional<LeaseHolder> other = LeaseHolder.parse(read(channel));
        channel.close();
        if (other.isPresent()) {
          throw other.get().refusal(product, file.toString());
        }
        if (attempt >= NAME_WAITS) {
          throw MeshErrors.runInProgress(product, "in another process, which has not named itself in the lease file", file.toString());
        }
        // Locked but not yet named (it writes its name right after locking), or released just now: look again.
        Thread.sleep(NAME_WAIT_MS);
      }
    } catch (IOException | OverlappingFileLockException e) {
      throw MeshErrors.leaseFailed(product, file.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MeshErrors.leaseFailed(product, file.toString(), e);
    }
  }

  private static String read(FileChannel channel) throws IOException {
    long size = Math.min(channel.size(), 64 * 1024);
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // reads until full or end of file
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  /** A lease this JVM holds: its file stays locked until {@link #close()}. */
  private static final class Held implements Lease {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final LeaseHolder holder;
    private final Optional<LeaseHolder> abandoned;

    Held(Path file, FileChannel channel, FileLock lock, LeaseHolder holder, Optional<LeaseHolder> abandoned) {
      this.file = file;
      this.channel = channel;
      this.lock = lock;
      this.holder = holder;
      this.abandoned = abandoned;
    }

    @Override
    public Optional<LeaseHolder> abandoned() {
      return abandoned;
    }

    @Override
    public void close() {
      synchronized (HELD) {
        if (HELD.get(file) != this) {
          return;
        }
        try {
          // Nobody holds it any more: the file names nobody. The file itself stays (deleting it while another
          // process has it open would let two processes lock two different files of the same name).
          channel.truncate(0);
        } catch (IOException e) {
          // The lock is what matters; it is released below all the same.
        } finally {
          try {
            lock.release();
            channel.close();
          } catch (IOException e) {
            // Closing the channel releases the lock whatever happened.
          }
          HELD.remove(file);
        }
      }
    }
  }
}
