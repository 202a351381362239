package dev.mesh.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' ports are drawn from outside the system's ephemeral range, where no program's outgoing connection can
 * take one between its choice and the service's bind; a restarted stack keeps the ports it had when they are free.
 */
class PortsTest {
  @TempDir Path tmp;

  @Test
  void aFreePortLiesOutsideTheEphemeralRangeAndCanBeBound() throws Exception {
    int[] ephemeral = Ports.ephemeralRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    for (int i = 0; i < 20; i++) {
      int port = Ports.free(0);
      assertThat(port).as("port %d, ephemeral range %d-%d", port, ephemeral[0], ephemeral[1])
          .matches(p -> p < ephemeral[0] || p > ephemeral[1], "outside the ephemeral range");
      try (ServerSocket bound = new ServerSocket(port)) {
        assertThat(bound.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void thePreferredPortWhenFreeAnotherWhenTaken() throws Exception {
    int preferred = Ports.free(0);
    assertThat(Ports.free(preferred)).isEqualTo(preferred);
    try (ServerSocket taken = new ServerSocket(preferred)) {
      assertThat(Ports.free(preferred)).isNotEqualTo(preferred);
    }
  }

  @Test
  void theRangeDrawnFromIsBelowTheEphemeralOneElseAboveIt() throws Exception {
    assertThat(Ports.drawRange(new int[] {32_768, 60_999})).containsExactly(Ports.LOWEST, 32_767);
    assertThat(Ports.drawRange(new int[] {10_500, 60_000})).containsExactly(60_001, 65_535);
    assertThat(Ports.drawRange(new int[] {1_024, 65_000})).as("no room either side").containsExactly(1_024, 65_000);

    Path file = tmp.resolve("ip_local_port_range");
    Files.writeString(file, "49152\t65535\n");
    assertThat(Ports.ephemeralRange(file)).containsExactly(49_152, 65_535);
    Files.writeString(file, "not a range\n");
    assertThat(Ports.ephemeralRange(file)).as("Linux's default").containsExactly(32_768, 60_999);
    assertThat(Ports.ephemeralRange(tmp.resolve("absent"))).containsExactly(32_768, 60_999);
  }
}
