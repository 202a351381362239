package dev.mesh.cli;

import dev.mesh.core.Mesh;
import dev.mesh.errors.MeshErrors;
import dev.mesh.export.odcs.OdcsContract;
import dev.mesh.site.SiteGenerator;
import dev.mesh.site.SiteServer;
import dev.mesh.site.model.SiteData;
import dev.mesh.site.read.CatalogSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesh site [--out DIR] [--serve]}: the catalog as a static site. */
@Command(
    name = "site",
    mixinStandardHelpOptions = true,
    description = {
      "Build the catalog site: static pages of the products, domains, quality trends and lineage graph.",
      "From conf/ and the catalog tables: every product's contract, SLAs, runs, quality trend charts, lineage and ODCS "
          + "contract. It opens from file:// or any static host, offline; the same declarations and catalog give the same files."
    })
final class SiteCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the site (default ${DEFAULT-VALUE}); emptied first if a previous build wrote it")
  Path out = Path.of("site");

  @Option(names = "--as-of", paramLabel = "INSTANT",
      description = "Judge freshness at this instant (ISO-8601, e.g. 2026-12-01T06:00:00Z, or now). Default: the end of the newest run in the catalog, so that a rebuild of the same catalog gives the same bytes")
  String asOf;

  @Option(names = "--serve", description = "After building, serve the site on http://127.0.0.1:PORT until interrupted")
  boolean serve;

  @Option(names = "--port", paramLabel = "PORT", description = "The port of --serve (default ${DEFAULT-VALUE})")
  int port = 8000;

  @Override
  public Integer call() throws Exception {
    if (serve && (port < 1 || port > 65535)) { // before the build, not after it
      throw MeshErrors.usage("--port must be between 1 and 65535, got " + port + ".");
    }
    var refused = SiteGenerator.refusal(out.toAbsolutePath());
    if (refused.isPresent()) {
      throw MeshErrors.usage(refused.get());
    }
    Instant at = parseAsOf(asOf);
    long t0 = System.nanoTime();
    SiteGenerator.Result result;
    double declared;
    double read;
    try (Mesh mesh = Mesh.open()) {
      var graph = mesh.graph();
      var reader = mesh.catalogReader();
      declared = (System.nanoTime() - t0) / 1e9;
      SiteData data = CatalogSnapshot.read(reader, mesh.config(), graph, at);
      read = (System.nanoTime() - t0) / 1e9 - declared;
      var platform = mesh.config().platform();
      var day = data.asOf().atZone(ZoneOffset.UTC).toLocalDate();
      result = new SiteGenerator(d -> OdcsContract.yaml(d, platform, day)).write(data, out.toAbsolutePath());
    }
    double total = (System.nanoTime() - t0) / 1e9;
    System.err.printf(Locale.ROOT, "mesh: declarations %.1f s, catalog tables read %.1f s, pages written %.1f s%n",
        declared, read, total - declared - read);
    var largest = result.largestPage();
    System.out.printf(Locale.ROOT, "mesh: wrote the site to %s: %d files, %.1f MB, largest page %s (%d KB), in %.1f s%n",
        result.root(), result.files().size(), result.bytes() / 1e6, largest == null ? "-" : largest.getKey(),
        largest == null ? 0 : largest.getValue() / 1024, (System.nanoTime() - t0) / 1e9);
    System.out.println("Open " + result.root().resolve("index.html").toUri());
    if (serve) {
      var server = SiteServer.start(result.root(), port);
      System.out.println("Serving on http://127.0.0.1:" + server.getAddress().getPort() + "/ (Ctrl-C to stop)");
      Thread.currentThread().join();
    }
    return 0;
  }

  static Instant parseAsOf(String text) {
    if (text == null) {
      return null;
    }
    if (text.equalsIgnoreCase("now")) {
      return Instant.now();
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw MeshErrors.usage("Invalid --as-of '" + text + "': expected an ISO-8601 instant such as 2026-12-01T06:00:00Z, or now.");
    }
  }
}
