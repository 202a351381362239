package dev.mesh.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the stack's services: a free one, and whether something listens on one.
 *
 * <p>A port is chosen here and bound later by another process, so something else may take it in between. The system
 * gives every outgoing connection a local port from its ephemeral range ({@code net.ipv4.ip_local_port_range}); a port
 * the system picked for a listener (bind to 0) is in that same range, and on a busy machine (the stack's own services
 * connecting to PostgreSQL as the next one starts) a connection takes it. So ports are drawn at random from outside that
 * range, where only a program that binds that very port can take it; the stack starts its services again on others
 * when one did ({@link Stack.PortTaken}).
 */
final class Ports {
  private Ports() {}

  /** Where ports are drawn from when the ephemeral range leaves no room below it: the registered ports' low end. */
  static final int LOWEST = 10_000;

  private static final int DRAWS = 200;

  /** {@code preferred} when it is free (a restarted stack keeps its URIs), else a free one outside the ephemeral range. */
  static int free(int preferred) {
    if (preferred > 0 && bindable(preferred)) {
      return preferred;
    }
    int[] range = drawRange(ephemeralRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int draw = 0; draw < DRAWS; draw++) {
      int port = random.nextInt(range[0], range[1] + 1);
      if (bindable(port)) {
        return port;
      }
    }
    throw new StackException(
        "Cannot find a free port on 127.0.0.1 between " + range[0] + " and " + range[1] + " (" + DRAWS + " tried)");
  }

  /**
   * The ports to draw from, given the ephemeral range {@code [low, high]}: below it when at least 1,000 ports lie
   * between {@link #LOWEST} and it, else above it, else (a range that covers nearly everything) the ephemeral range.
   */
  static int[] drawRange(int[] ephemeral) {
    if (ephemeral[0] - LOWEST >= 1_000) {
      return new int[] {LOWEST, ephemeral[0] - 1};
    }
    if (65_535 - ephemeral[1] >= 1_000) {
      return new int[] {ephemeral[1] + 1, 65_535};
    }
    return ephemeral;
  }

  /** The system's ephemeral port range as the file gives it ("32768\t60999"); Linux's default when it cannot be read. */
  static int[] ephemeralRange(Path file) {
    try {
      String[] bounds = Files.readString(file).trim().split("\\s+");
      int low = Integer.parseInt(bounds[0]);
      int high = Integer.parseInt(bounds[1]);
      if (0 < low && low <= high && high <= 65_535) {
        return new int[] {low, high};
      }
    } catch (IOException | RuntimeException unreadable) {
      // not Linux, or a file of another shape
    }
    return new int[] {32_768, 60_999};
  }

  /** Whether a listener can bind {@code port} on every interface, as the services do, and nothing answers there. */
  private static boolean bindable(int port) {
    if (listening(port)) {
      return false;
    }
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** Whether a connection to 127.0.0.1:{@code port} is accepted. */
  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
