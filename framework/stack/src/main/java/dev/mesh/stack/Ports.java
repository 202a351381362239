package dev.mesh.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Ports on the loopback interface: a free one, and whether something listens on one. */
final class Ports {
  private Ports() {}

  /** {@code preferred} when nothing listens there (a restarted stack keeps its URIs), else one the system picks. */
  static int free(int preferred) {
    if (preferred > 0 && !listening(preferred)) {
      try (ServerSocket s = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // fall through to any free port
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new StackException("Cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
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
