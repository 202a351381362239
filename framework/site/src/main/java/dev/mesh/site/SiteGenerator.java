package dev.mesh.site;

import dev.mesh.model.ProductDescriptor;
import dev.mesh.site.model.SiteData;
import dev.mesh.site.pages.Domains;
import dev.mesh.site.pages.HomePage;
import dev.mesh.site.pages.LineagePage;
import dev.mesh.site.pages.ProductPage;
import dev.mesh.site.pages.SearchIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Writes the catalog site: {@code index.html}, {@code lineage.html}, {@code domains/<domain>.html},
 * {@code products/<id>.html}, {@code lineage/<id>.html}, {@code contracts/<id>.odcs.yaml} and {@code assets/}. Static
 * files only, every link relative, no request leaves the site: it opens from {@code file://} or any static host.
 * The same {@link SiteData} gives the same bytes (no build time in any page, everything sorted).
 */
public final class SiteGenerator {
  /** A file in the output directory that says it holds a site we wrote (so a rebuild may empty it). */
  static final String MARKER = ".mesh-site";
  private static final List<String> ASSETS = List.of("site.css", "search.js");

  /** What was written: every file with its size in bytes, by path relative to the site's root. */
  public record Result(Path root, SortedMap<String, Long> files) {
    public long bytes() {
      return files.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The largest page (HTML file) and its size. */
    public java.util.Map.Entry<String, Long> largestPage() {
      return files.entrySet().stream().filter(e -> e.getKey().endsWith(".html"))
          .max(java.util.Map.Entry.comparingByValue()).orElse(null);
    }
  }

  private final Function<ProductDescriptor, String> contract;

  /** @param contract a product's contract document (ODCS YAML), offered as a download on its page */
  public SiteGenerator(Function<ProductDescriptor, String> contract) {
    this.contract = contract;
  }

  public Result write(SiteData data, Path out) {
    return publish(render(data), out);
  }

  /**
   * Writes {@code files} as the site at {@code out}, all or nothing: into a new directory beside it first, which then
   * takes its place (two renames), so that a site already there stays whole for its readers until the new one is, and
   * a build that fails or is killed halfway leaves it as it was (what it left beside it goes with the next build).
   * Where no directory can be made beside {@code out}, or {@code out} is a symbolic link, in place as before.
   */
  static Result publish(SortedMap<String, String> files, Path out) {
    java.util.Optional<String> refused = refusal(out);
    if (refused.isPresent()) {
      throw new IllegalArgumentException(refused.get());
    }
    Path parent = out.toAbsolutePath().getParent();
    String beside = "." + out.getFileName() + ".mesh-site-";
    try {
      Path next = null;
      if (parent != null && !Files.isSymbolicLink(out)) {
        Files.createDirectories(parent); // --out a/new/directory
        removeLeftovers(parent, beside);
        try {
          next = Files.createDirectory(parent.resolve(beside + java.util.UUID.randomUUID()));
        } catch (IOException cannot) {
          next = null; // e.g. a parent this user may not write: in place
        }
      }
      if (next == null) {
        prepare(out);
        return new Result(out, writeAll(files, out));
      }
      try {
        SortedMap<String, Long> sizes = writeAll(files, next);
        if (Files.exists(out)) {
          Path old = parent.resolve(beside + "old-" + java.util.UUID.randomUUID());
          Files.move(out, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          try {
            Files.move(next, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            Files.move(old, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // the previous site back in its place
            throw e;
          }
          dev.mesh.storage.localfs.LocalTrees.delete(old);
        } else {
          Files.move(next, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return new Result(out, sizes);
      } catch (IOException | RuntimeException e) {
        dev.mesh.storage.localfs.LocalTrees.delete(next);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the site to " + out + ": " + e.getMessage(), e);
    }
  }

  /** Writes every file under {@code dir}, the marker first (a site cut short is still known as ours); their sizes. */
  private static SortedMap<String, Long> writeAll(SortedMap<String, String> files, Path dir) throws IOException {
    Files.writeString(dir.resolve(MARKER), "Written by bin/mesh site: the next build empties this directory.\n");
    SortedMap<String, Long> sizes = new TreeMap<>();
    for (var e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
      Files.write(f, bytes);
      sizes.put(e.getKey(), (long) bytes.length);
    }
    return sizes;
  }

  /** What a build killed halfway left beside the site (its own names only). */
  private static void removeLeftovers(Path parent, String beside) throws IOException {
    try (Stream<Path> s = Files.list(parent)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(beside)).toList()) {
        dev.mesh.storage.localfs.LocalTrees.delete(p);
      }
    }
  }

  /** Every file of the site, by path relative to its root. */
  public SortedMap<String, String> render(SiteData data) {
    SortedMap<String, String> files = new TreeMap<>();
    files.put("index.html", HomePage.of(data));
    files.put("lineage.html", LineagePage.graph(data));
    Domains.byDomain(data).forEach((domain, products) -> files.put("domains/" + domain + ".html", Domains.page(data, domain, products)));
    for (ProductDescriptor d : data.products()) {
      String id = d.id().toString();
      files.put("products/" + id + ".html", ProductPage.of(data, d));
      files.put("lineage/" + id + ".html", LineagePage.columns(data, d));
      files.put("contracts/" + id + ".odcs.yaml", contract.apply(d));
    }
    files.put("assets/search-index.js", SearchIndex.of(data));
    for (String asset : ASSETS) {
      files.put("assets/" + asset, resource("assets/" + asset));
    }
    return files;
  }

  private static String resource(String name) {
    try (InputStream in = SiteGenerator.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource dev/mesh/site/" + name + " in the mesh-site jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Why the site may not be written to {@code out}, or empty when it may: a directory holding files no site build
   * wrote (the build empties its directory first), or a file. Asked before any work, so a wrong {@code --out} is said
   * at once.
   */
  public static java.util.Optional<String> refusal(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      return java.util.Optional.of("Cannot write the site to " + out + ": it is a file. Name an empty or new directory with --out.");
    }
    if (Files.isDirectory(out) && !Files.exists(out.resolve(MARKER))) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          return java.util.Optional.of(
              "Cannot write the site to " + out + ": the directory holds files that no mesh site build wrote. "
                  + "Name an empty or new directory with --out.");
        }
      } catch (IOException e) {
        return java.util.Optional.of("Cannot write the site to " + out + ": " + e.getMessage());
      }
    }
    return java.util.Optional.empty();
  }

  /** An empty directory, or one we wrote before (emptied): never someone else's files. */
  private static void prepare(Path out) throws IOException {
    java.util.Optional<String> refused = refusal(out);
    if (refused.isPresent()) {
      throw new IllegalArgumentException(refused.get());
    }
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.list(out)) {
        for (Path p : s.toList()) {
          dev.mesh.storage.localfs.LocalTrees.delete(p);
        }
      }
    }
    Files.createDirectories(out);
  }
}
