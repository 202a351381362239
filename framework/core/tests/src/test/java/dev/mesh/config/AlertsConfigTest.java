package dev.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.errors.ConfigException;
import dev.mesh.testing.Products;
import dev.mesh.testing.TestMesh;
import dev.mesh.testing.Transforms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mesh.alerts and domain.alerts: typed, routes resolved per domain, every mistake reported at file:line and key (no Spark). */
class AlertsConfigTest {
  @TempDir Path home;

  @Test
  void channelsAndRoutesParseAndADomainAddsItsOwnRoutes() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    assertThat(mesh.load().platform().alerts()).isEqualTo(AlertsConfig.defaults());
    mesh.write(
        "conf/mesh.conf",
        """
        mesh {
          warehouse = w
          alerts {
            renotify-after = 2h
            delivery { attempts = 5, backoff = 200ms }
            channels {
              slack { type = webhook, url-env = MESH_SLACK_WEBHOOK, format = slack }
              owners { type = email, host = smtp.example.com, port = 587, from = "mesh@example.com", user = mesh, password-env = MESH_SMTP_PASSWORD }
            }
            routes = [ { kinds = [blocked, late], severities = [error], channels = [slack] }, { channels = [owners] } ]
            monitor.schedule = "@hourly"
          }
        }
        """);
    mesh.write("conf/sales/domain.conf", "domain { owner { team = s, contact = \"s@x.org\" }, alerts { inherit = false, routes = [ { tags = [pii], channels = [owners] } ] } }\n");
    mesh.write("conf/sales/orders.conf", Products.numbers("sales.orders", Transforms.Numbers.class.getName(), "delta", "", "").replace("owner { team = test, contact = \"test@example.com\" }", ""));

    AlertsConfig a = mesh.load().platform().alerts();

    assertThat(a.renotifyAfter()).isEqualTo(Duration.ofHours(2));
    assertThat(a.attempts()).isEqualTo(5);
    assertThat(a.backoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(a.channels().get("slack")).isEqualTo(new AlertsConfig.Webhook("slack", "MESH_SLACK_WEBHOOK", "slack"));
    assertThat(a.channels().get("owners"))
        .isEqualTo(new AlertsConfig.Email("owners", "smtp.example.com", 587, "mesh@example.com", List.of(), "mesh", "MESH_SMTP_PASSWORD", "starttls"));
    assertThat(a.monitorSchedule()).isEqualTo("@hourly");
    assertThat(a.routesFor("finance")).hasSize(2);
    assertThat(a.routesFor("finance").get(0).matches("blocked", "error", "finance", List.of())).isTrue();
    assertThat(a.routesFor("finance").get(0).matches("warn-rule", "warn", "finance", List.of())).isFalse();
    // sales replaces the platform's routes with its own: only products tagged pii, by mail.
    assertThat(a.routesFor("sales")).singleElement().satisfies(r -> {
      assertThat(r.matches("blocked", "error", "sales", List.of("pii"))).isTrue();
      assertThat(r.matches("blocked", "error", "sales", List.of("orders"))).isFalse();
    });
  }

  @Test
  void everyMistakeIsReportedWithFileLineAndKey() {
    TestMesh mesh = TestMesh.withoutSpark(home);
    mesh.write(
        "conf/mesh.conf",
        """
        mesh {
          warehouse = w
          alerts {
            renotify-after = soon
            delivery { attempts = 0, backof = 1s }
            channels {
              hook { type = webhook, url-env = "https://hooks.slack.com/services/T/B/X", format = teams }
              mail { type = email, port = 70000, from = nobody, user = mesh }
              pager { type = pagerduty }
            }
            routes = [ { kinds = [blocked, exploded], channels = [hook, sms] }, { severities = [fatal] } ]
            monitor.schedule = "every hour"
          }
        }
        """);
    mesh.write("conf/sales/domain.conf", "domain {\n  owner { team = s, contact = \"s@x.org\" }\n  alerts { routes = [ { channels = [nope] } ], inherits = false }\n}\n");
    mesh.write("conf/sales/orders.conf", Products.numbers("sales.orders", Transforms.Numbers.class.getName(), "delta", "", ""));

    assertThatThrownBy(mesh::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("conf/mesh.conf:4: mesh.alerts.renotify-after: must be a duration such as 26h or 2d, got 'soon'")
        .hasMessageContaining("conf/mesh.conf:5: mesh.alerts.delivery.attempts: must be a whole number from 1 to 10, got 0")
        .hasMessageContaining("conf/mesh.conf:5: mesh.alerts.delivery.backof: unknown key (did you mean 'backoff'?)")
        .hasMessageContaining("conf/mesh.conf:7: mesh.alerts.channels.hook.url-env: must name an environment variable (letters, digits, '_'), got 'https://hooks.slack.com/services/T/B/X'")
        .hasMessageContaining("conf/mesh.conf:7: mesh.alerts.channels.hook.format: must be slack (a Slack-compatible incoming webhook) or json, got 'teams'")
        .hasMessageContaining("conf/mesh.conf:8: mesh.alerts.channels.mail.host: is required")
        .hasMessageContaining("conf/mesh.conf:8: mesh.alerts.channels.mail.port: must be a port from 1 to 65535, got 70000")
        .hasMessageContaining("conf/mesh.conf:8: mesh.alerts.channels.mail.from: is required")
        .hasMessageContaining("conf/mesh.conf:8: mesh.alerts.channels.mail.password-env: is required with user")
        .hasMessageContaining("conf/mesh.conf:9: mesh.alerts.channels.pager.type: must be webhook or email, got 'pagerduty'")
        .hasMessageContaining("conf/mesh.conf:11: mesh.alerts.routes[0].kinds: 'exploded' is not one of failed, blocked")
        .hasMessageContaining("conf/mesh.conf:11: mesh.alerts.routes[0].channels: names channel 'sms', which mesh.alerts.channels does not declare")
        .hasMessageContaining("conf/mesh.conf:11: mesh.alerts.routes[1].severities: 'fatal' is not one of error, warn")
        .hasMessageContaining("conf/mesh.conf:11: mesh.alerts.routes[1].channels: is required")
        .hasMessageContaining("conf/mesh.conf:12: mesh.alerts.monitor.schedule: must be a cron expression of five fields")
        .hasMessageContaining("conf/sales/domain.conf:3: domain.alerts.routes[0].channels: names channel 'nope'")
        .hasMessageContaining("conf/sales/domain.conf:3: domain.alerts.inherits: unknown key (did you mean 'inherit'?)");
  }
}
