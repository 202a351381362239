package dev.mesh.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a service's log says about why it stopped: one line for a message, read from the log's end. */
final class ServiceLogs {
  /** How much of a log's end is read: a service that dies while starting writes its reason last. */
  private static final int TAIL_BYTES = 64 * 1024;

  private static final int MAX_LENGTH = 300;

  private ServiceLogs() {}

  /**
   * The innermost cause of the last Java stack trace in {@code log} (its last {@code Caused by:} line, else the last
   * line naming an exception or error), else its last line; empty when there is no log or nothing in it.
   */
  static String cause(Path log) {
    List<String> lines = tail(log).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) {
      return "";
    }
    String found = null;
    for (String l : lines) {
      if (l.startsWith("Caused by:")) {
        found = l.substring("Caused by:".length()).strip();
      } else if (!l.startsWith("at ") && !l.startsWith("...") && (l.contains("Exception") || l.contains("Error"))) {
        found = l;
      }
    }
    String line = found != null ? found : lines.get(lines.size() - 1);
    return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line;
  }

  /** Whether {@code cause} says the service could not bind its port because something else had. */
  static boolean portTaken(String cause) {
    return cause.contains("BindException") || cause.contains("Address already in use");
  }

  /** The length of {@code log} now (0 when there is none): where what a service writes next will start. */
  static long length(Path log) {
    try {
      return Files.isRegularFile(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The first line {@code log} gained after {@code offset} (a {@link #length} taken before the service started) that
   * says its port was taken, else empty: for a service whose log is appended to by every start (PostgreSQL's).
   */
  static String portTakenSince(Path log, long offset) {
    return tail(log, offset).lines().map(String::strip).filter(ServiceLogs::portTaken).findFirst().orElse("");
  }

  /** The last line {@code log} gained after {@code offset}, else empty. */
  static String lastLineSince(Path log, long offset) {
    List<String> lines = tail(log, offset).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static String tail(Path log) {
    return tail(log, 0);
  }

  /** At most the last {@link #TAIL_BYTES} of {@code log}, none of it before {@code offset}. */
  private static String tail(Path log, long offset) {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(offset, f.length() - TAIL_BYTES);
      if (start >= f.length()) {
        return "";
      }
      byte[] bytes = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
