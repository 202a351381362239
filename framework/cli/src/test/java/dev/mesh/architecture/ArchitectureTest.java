package dev.mesh.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the platform, checked over its compiled classes (every framework and quality module is on
 * this module's test classpath): they fail the build when broken, so the design outlives the people who drew it.
 */
class ArchitectureTest {
  private static JavaClasses platform;

  @BeforeAll
  static void importPlatform() {
    platform =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The core's test fixtures arrive as a test-jar: not part of the platform either.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importLocations(ownClasspath());
  }

  /**
   * The classpath entries of the platform's own modules (their classes directories, their mesh-*.jar): importing the
   * package from the whole classpath opened each of its 300 third-party jars to look for it (this class alone, twice
   * each way: 14.5-15.4 s of CPU against 9.1-9.8 s). {@link #everyPackageOfThePlatformIsImported} fails if a module
   * is left out.
   */
  private static java.util.Set<Location> ownClasspath() {
    java.util.Set<Location> locations = new java.util.LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.isBlank()) {
        continue; // an empty entry is the working directory: the module's sources and outputs, not a classpath entry
      }
      java.nio.file.Path p = java.nio.file.Path.of(entry);
      if (java.nio.file.Files.isDirectory(p)) {
        locations.add(Location.of(p));
      } else if (p.getFileName().toString().startsWith("mesh-")) {
        // The location is the jar's name (jar:file:...!/); the importer opens the jar itself, so this one is closed.
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(p.toFile())) {
          locations.add(Location.of(jar));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return locations;
  }

  @Test
  void everyPackageOfThePlatformIsImported() {
    // A rule over too few classes proves nothing: the import must see each module.
    for (String type :
        new String[] {
          "dev.mesh.api.Transform", "dev.mesh.core.Mesh", "dev.mesh.runtime.ProductRunner", "dev.mesh.runner.MeshJob",
          "dev.mesh.notebook.MeshKernel", "dev.mesh.cli.MeshCli", "dev.mesh.quality.QualityEngine",
          "dev.mesh.quality.deequ.DeequQualityEngine", "dev.mesh.stack.Stack", "dev.mesh.alert.Alerting",
          "dev.mesh.site.SiteGenerator"
        }) {
      org.assertj.core.api.Assertions.assertThat(platform.contain(type)).as(type).isTrue();
    }
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.mesh.(*)..").should().beFreeOfCycles().check(platform);
  }

  @Test
  void thePlatformKnowsNoDomain() {
    noClasses()
        .that().resideInAPackage("dev.mesh..")
        .and().resideOutsideOfPackage("dev.mesh.jobs..")
        .should().dependOnClassesThat().resideInAPackage("dev.mesh.jobs..")
        .because("domains plug into the platform through dev.mesh.api and conf/, never the other way round")
        .check(platform);
  }

  @Test
  void theApiDependsOnNothingOfOurs() {
    noClasses()
        .that().resideInAPackage("dev.mesh.api..")
        .should().dependOnClassesThat().resideInAPackage("dev.mesh..")
        .andShould().dependOnClassesThat().resideOutsideOfPackages("dev.mesh.api..", "java..", "org.apache.spark..", "scala..")
        .because("a domain's code compiles against the API module alone")
        .check(platform);
  }

  @Test
  void theStackDependsOnNothingOfOurs() {
    noClasses()
        .that().resideInAPackage("dev.mesh.stack..")
        .should().dependOnClassesThat().resideOutsideOfPackages("dev.mesh.stack..", "java..", "javax..", "com.sun.security.auth..")
        .because("the services run in their own JVMs from their own classpaths: mesh-stack needs the JDK only")
        .check(platform);
  }

  @Test
  void theQualityApiKnowsNoEngine() {
    noClasses()
        .that().resideInAPackage("dev.mesh.quality")
        .should().dependOnClassesThat().resideInAnyPackage("dev.mesh.quality.deequ..", "com.amazon.deequ..")
        .because("the engine is a plugin found by ServiceLoader")
        .check(platform);
    noClasses()
        .that().resideOutsideOfPackage("dev.mesh.quality.deequ..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.mesh.quality.deequ..", "com.amazon.deequ..")
        .check(platform);
  }

  @Test
  void theRunPathNeverReachesForTheCliTheNotebookOrTheSite() {
    noClasses()
        .that().resideInAnyPackage(
            "dev.mesh.core..", "dev.mesh.runtime..", "dev.mesh.storage..", "dev.mesh.catalog..", "dev.mesh.lineage..",
            "dev.mesh.config..", "dev.mesh.model..", "dev.mesh.governance..", "dev.mesh.graph..", "dev.mesh.runner..",
            "dev.mesh.alert..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.mesh.cli..", "dev.mesh.notebook..", "dev.mesh.export..", "dev.mesh.stack..", "dev.mesh.site..")
        .because("a domain's job jar carries the runner and the core, not the CLI's exporters, the notebook kernel, the local services stack or the catalog site")
        .check(platform);
  }

  @Test
  void theSiteIsBuiltFromTheCoreAlone() {
    noClasses()
        .that().resideInAPackage("dev.mesh.site..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.mesh.cli..", "dev.mesh.export..", "dev.mesh.runner..", "dev.mesh.notebook..", "dev.mesh.stack..")
        .because("mesh-site depends on mesh-core only: the CLI hands it what it needs from elsewhere (the ODCS contract writer)")
        .check(platform);
  }

  @Test
  void alertsArePluggedIntoTheRunNotCalledByIt() {
    noClasses()
        .that().resideInAnyPackage("dev.mesh.runtime..", "dev.mesh.storage..", "dev.mesh.catalog..", "dev.mesh.config..")
        .should().dependOnClassesThat().resideInAPackage("dev.mesh.alert..")
        .because("alerts are a RunListener wired by the composition root: a run never waits on, or fails for, a channel")
        .check(platform);
    noClasses()
        .that().resideOutsideOfPackage("dev.mesh.alert..")
        .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..")
        .because("the mail library stays at the edge: one channel class, in dev.mesh.alert")
        .check(platform);
  }

  @Test
  void noGlobalSessionLookupsBelowTheCompositionRoot() {
    noClasses()
        .that().resideOutsideOfPackages("dev.mesh.spark..")
        .should().callMethod(org.apache.spark.sql.SparkSession.class, "active")
        .orShould().callMethod(org.apache.spark.sql.SparkSession.class, "getActiveSession")
        .because("the session is passed in (Mesh.open wires it); only the Spark plugins in dev.mesh.spark are called by Spark")
        .check(platform);
  }

  @Test
  void everyTableIsWrittenThroughTheStorageDoor() {
    noClasses()
        .that().resideOutsideOfPackages("dev.mesh.storage..")
        // Records bin/mesh's class-data archive at build time: one Kernel commit to a scratch table, so that the
        // classes a metadata command loads are in the archive. It writes no table anyone reads.
        .and().doNotHaveFullyQualifiedName("dev.mesh.cli.ClassDataTraining")
        .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.spark.sql.DataFrameWriter")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.spark.sql.DataFrameWriterV2")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.delta.tables.DeltaTable")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.delta.kernel.Transaction")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.iceberg.AppendFiles")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.iceberg.io.DataWriter")
        .because("a table write is one atomic commit whose version the store returns (TableStore): products,"
            + " quarantine and the catalog's rows alike")
        .check(platform);
  }
}
